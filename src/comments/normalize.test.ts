import { describe, expect, it } from 'vitest';
import { findBannedPhrase, foldedWords, foldPhrase } from './normalize.js';

describe('banned phrases, matched after Arabic folding', () => {
  const banned = [foldPhrase('كلمة'), foldPhrase('عبارة ممنوعة'), foldPhrase('Spam')];

  it.each([
    ['the word as written', 'هذه كلمة'],
    ['with short vowels', 'هذه كَلِمَةٌ'],
    ['with haa for taa marbuta', 'هذه كلمه'],
    ['stretched with tatweel', 'هذه كـلـمـة'],
    ['with a letter repeated', 'هذه كلمممممة'],
    ['with a zero-width joiner inside', 'هذه كل\u200dمة'],
    ['with the article and a conjunction', 'والكلمة هنا'],
    ['in presentation forms', 'ﻛﻠﻤﺔ'],
    ['a phrase with hamza forms and spacing', 'هذه عبارة   مَمنوعة!'],
    ['Latin in another case', 'buy SPAAAM now'],
  ])('holds %s', (_, text) => {
    expect(findBannedPhrase(text, banned)).toBeDefined();
  });

  it.each([
    ['an innocent longer word', 'كلمات كثيرة'],
    ['the phrase broken up', 'عبارة غير ممنوعة'],
    ['nothing of it', 'تعليق عادي عن الخبر'],
  ])('lets through %s', (_, text) => {
    expect(findBannedPhrase(text, banned)).toBeUndefined();
  });

  it('folds hamza forms, alef maqsura and digits to one spelling', () => {
    expect(foldedWords('أحمد إلى آخر مستشفى ٢٠٢٦')).toEqual(foldedWords('احمد الي اخر مستشفي 2026'));
    expect(foldPhrase('  ')).toBe('');
  });
});
