import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const biome = path.join(root, 'node_modules/.bin/biome');

/** `biome lint` on a file written at `where` (relative to the repository) importing the row writers. */
async function lintImport(where: string, specifier: string): Promise<{ code: number; output: string }> {
  const file = path.join(root, where);
  await writeFile(
    file,
    `import { createArticle } from '${specifier}';\n\nexport const sneaky = createArticle;\n`,
  );
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

describe('the article row writers are private to src/articles (biome.json noRestrictedImports)', () => {
  it('fails `biome lint` on a direct row write from outside src/articles', async () => {
    for (const [where, specifier] of [
      ['src/wire/door-check-sneaky.ts', '../articles/store.js'],
      ['src/newsroom/door-check-sneaky.ts', '../articles/store.js'],
      ['src/door-check-sneaky.ts', './articles/store.js'],
    ] as const) {
      const result = await lintImport(where, specifier);
      expect(result.code, where).not.toBe(0);
      expect(result.output, where).toContain('noRestrictedImports');
      expect(result.output, where).toContain('Article rows are private to src/articles');
    }
  }, 60_000);

  it('lets the door itself use them', async () => {
    expect((await lintImport('src/articles/door-check-inside.ts', './store.js')).code).toBe(0);
  }, 60_000);
});
