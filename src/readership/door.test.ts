import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '..');
const WRITE =
  /(insertInto|updateTable|deleteFrom)\(\s*'article_views'|(insert\s+into|update|delete\s+from)\s+article_views\b/i;

describe('article_views has one writer', () => {
  it('is written only by src/readership/counter.ts (migrations create it; tests set it up)', () => {
    const writers = (readdirSync(src, { recursive: true }) as string[])
      .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
      .filter((file) => WRITE.test(readFileSync(path.join(src, file), 'utf8')))
      .map((file) => file.split(path.sep).join('/'));
    expect(writers).toEqual(['readership/counter.ts']);
  });
});
