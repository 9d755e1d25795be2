// Harakat (fathatan … sukun), superscript alef and tatweel: dropped from slugs.
// Hamza above/below (U+0654/0655) are not here: they belong to letters like أ and ئ.
const ARABIC_MARKS = /[\u064B-\u0652\u0670\u0640]/g;

/**
 * A URL slug from a headline: lowercase Latin without accents, Arabic letters
 * kept (hamza forms intact, diacritics dropped), words joined by "-", at most 80 characters.
 */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    // Recompose what NFKD split apart that we keep (أ = ا + U+0654).
    .normalize('NFC')
    .replace(ARABIC_MARKS, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, 80).replace(/-+$/, '') || 'article';
}
