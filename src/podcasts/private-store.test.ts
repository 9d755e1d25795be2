import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const biome = path.join(root, 'node_modules/.bin/biome');

/** `biome lint` on a file written at `where` (relative to the repository) with `source`. */
async function lint(where: string, source: string): Promise<{ code: number; output: string }> {
  const file = path.join(root, where);
  await writeFile(file, source);
  try {
    await run(biome, ['lint', file], { cwd: root });
    return { code: 0, output: '' };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  } finally {
    await rm(file, { force: true });
  }
}

const importing = (what: string, specifier: string) =>
  `import { ${what} } from '${specifier}';\n\nexport const sneaky = ${what};\n`;

describe('the podcast row writers are private to src/podcasts (biome.json noRestrictedImports)', () => {
  it('fails `biome lint` on a direct row write from outside src/podcasts, the article door included', async () => {
    for (const [where, specifier] of [
      ['src/api/podcast-door-sneaky.ts', '../podcasts/store.js'],
      ['src/articles/podcast-door-sneaky.ts', '../podcasts/store.js'],
    ] as const) {
      const result = await lint(where, importing('insertShow', specifier));
      expect(result.code, where).not.toBe(0);
      expect(result.output, where).toContain('Podcast rows are private to src/podcasts');
    }
  }, 60_000);

  it('lets the door itself use them, and keeps the article rows private from it', async () => {
    expect(
      (await lint('src/podcasts/door-check-inside.ts', importing('insertShow', './store.js'))).code,
    ).toBe(0);
    const articles = await lint(
      'src/podcasts/door-check-articles.ts',
      importing('createArticle', '../articles/store.js'),
    );
    expect(articles.output).toContain('Article rows are private to src/articles');
  }, 60_000);
});
