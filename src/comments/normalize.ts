/**
 * Arabic-aware folding for matching banned words and phrases. Readers dodge
 * a word list with spellings a reader still reads as the same word: hamza
 * forms (أ إ آ), taa marbuta written as haa (كلمه), alef maqsura as yaa,
 * short vowels (كَلِمة), tatweel (كـلـمـة), repeated letters (حلوووو),
 * invisible joiners, presentation forms and Persian letter shapes. The same
 * folding runs on the phrase and on the comment, so both meet in one form.
 */

const LETTER_FORMS: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ٲ: 'ا',
  ٳ: 'ا',
  ؤ: 'و',
  ئ: 'ي',
  ى: 'ي',
  ی: 'ي',
  ې: 'ي',
  ة: 'ه',
  ۀ: 'ه',
  ھ: 'ه',
  ہ: 'ه',
  ک: 'ك',
  گ: 'ك',
};

/** Short vowels, shadda, sukun, dagger alef, Quranic marks, the lone hamza, tatweel. */
const MARKS = /[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0621\u0640]/g;
/** Zero-width and direction marks a reader never sees but that split a word for a machine. */
const INVISIBLE = /[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
const FORMS = new RegExp(`[${Object.keys(LETTER_FORMS).join('')}]`, 'g');
/** Eastern Arabic and Persian digits become ASCII digits. */
const DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;
/** A letter said twice or more (حلوووو, loooool) counts once, on both sides of the match. */
const REPEATS = /(\p{L})\1+/gu;
const NOT_WORD = /[^\p{L}\p{N}]+/u;

/** The words of `text` after folding: what banned phrases are matched against. */
export function foldedWords(text: string): string[] {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(INVISIBLE, '')
    .replace(MARKS, '')
    .replace(FORMS, (letter) => LETTER_FORMS[letter] ?? letter)
    .replace(DIGITS, (digit) => String((digit.charCodeAt(0) - (digit >= '\u06f0' ? 0x06f0 : 0x0660)) % 10))
    .replace(REPEATS, '$1');
  return folded.split(NOT_WORD).filter((word) => word !== '');
}

/** A phrase as stored for matching: its folded words, one space apart ('' when it has none). */
export const foldPhrase = (phrase: string) => foldedWords(phrase).join(' ');

/**
 * Arabic writes the article and a few prepositions and conjunctions onto the
 * word (والكلمة، بالكلمة، فكلمة): a banned word is found under them too.
 * Longest first, and only while a word of two letters or more remains.
 */
const PREFIXES = ['وال', 'فال', 'بال', 'كال', 'لل', 'ال', 'و', 'ف', 'ب', 'ل', 'ك'];

function wordForms(word: string): string[] {
  const forms = [word];
  for (const prefix of PREFIXES) {
    if (word.startsWith(prefix) && word.length - prefix.length >= 2) forms.push(word.slice(prefix.length));
  }
  return forms;
}

/**
 * The first of `phrases` (folded with `foldPhrase`) found in `text` as whole
 * words, or undefined. Whole words, so a banned word inside a longer,
 * innocent one is not a match.
 */
export function findBannedPhrase(text: string, phrases: readonly string[]): string | undefined {
  if (phrases.length === 0) return undefined;
  const words = foldedWords(text).map(wordForms);
  return phrases.find((phrase) => {
    const wanted = phrase.split(' ').filter((w) => w !== '');
    if (wanted.length === 0) return false;
    for (let start = 0; start + wanted.length <= words.length; start++) {
      // Only the phrase's first word may carry a prefix (و + الكلمة الممنوعة); the rest must match as written.
      const matches = wanted.every((w, i) => {
        const forms = words[start + i] ?? [];
        return i === 0 ? forms.includes(w) : forms[0] === w;
      });
      if (matches) return true;
    }
    return false;
  });
}
