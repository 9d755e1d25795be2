import { describe, expect, it } from 'vitest';
import { slugify } from './slugs.js';

describe('slugify', () => {
  it('keeps Latin words, lowercased and without accents', () => {
    expect(slugify('Café  Owners’ Strike: Day 3!')).toBe('cafe-owners-strike-day-3');
  });

  it('keeps Arabic letters with their hamza and drops diacritics and tatweel', () => {
    expect(slugify('زائرٌ في المئة من الكهربائية')).toBe('زائر-في-المئة-من-الكهربائية');
    expect(slugify('أمطار غزيرة إلى آخر مؤشر')).toBe('أمطار-غزيرة-إلى-آخر-مؤشر');
    expect(slugify('الـــعــالم')).toBe('العالم');
  });

  it('never returns an empty slug and stops at 80 characters', () => {
    expect(slugify('!!!')).toBe('article');
    expect(slugify('word '.repeat(40)).length).toBeLessThanOrEqual(80);
  });
});
