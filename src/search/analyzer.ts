import { stemmer as danishStem } from '@orama/stemmers/danish';
import { stemmer as dutchStem } from '@orama/stemmers/dutch';
import { stemmer as englishStem } from '@orama/stemmers/english';
import { stemmer as frenchStem } from '@orama/stemmers/french';
import { stemmer as germanStem } from '@orama/stemmers/german';
import { stemmer as italianStem } from '@orama/stemmers/italian';
import { stemmer as portugueseStem } from '@orama/stemmers/portuguese';
import { stemmer as spanishStem } from '@orama/stemmers/spanish';
import { stemmer as swedishStem } from '@orama/stemmers/swedish';
import { stemmer as turkishStem } from '@orama/stemmers/turkish';

/**
 * The one analyzer for indexing and for queries: a word becomes the same term
 * on both sides or search breaks. Each word is handled by its script, so an
 * English name in an Arabic story (or an Arabic name in an English one) is
 * analyzed the same way in every edition; the edition's language only picks
 * the stemmer and stop words for words in Latin and other scripts.
 */

/** A word of the original text and the term it stands for (null: a stop word, not indexed). */
export interface Token {
  term: string | null;
  /** UTF-16 offsets into the original text, for highlighting. */
  start: number;
  end: number;
}

export interface Analyzer {
  language: string;
  /** Every word with its position in `text`. */
  tokens(text: string): Token[];
  /** The indexed terms of `text`, in order. */
  terms(text: string): string[];
}

/** Letters, combining marks (harakat) and digits; tatweel (U+0640) is a letter (Lm). */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const ARABIC_LETTER = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/;

/** Harakat, tanween, shadda, sukun (U+064B–U+065F), superscript alef (U+0670), tatweel (U+0640). */
const ARABIC_MARKS = /[\u064B-\u065F\u0670\u0640\u06D6-\u06ED]/g;
const ARABIC_FOLDS: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ى: 'ي',
  ة: 'ه',
};
const ARABIC_FOLD = /[أإآٱىة]/g;
/** Arabic-Indic (U+0660…) and Persian (U+06F0…) digits. */
const EASTERN_DIGIT = /[\u0660-\u0669\u06F0-\u06F9]/g;

function foldDigits(word: string): string {
  return word.replace(EASTERN_DIGIT, (d) => String((d.charCodeAt(0) - 0x0660) % (0x06f0 - 0x0660)));
}

/** Lucene's ArabicNormalizer (plus ٱ): no marks or tatweel, one alef, ى→ي, ة→ه. */
export function normalizeArabic(word: string): string {
  return foldDigits(word.normalize('NFKC'))
    .replace(ARABIC_MARKS, '')
    .replace(ARABIC_FOLD, (c) => ARABIC_FOLDS[c] ?? c);
}

/** Latin and other scripts: compatibility forms, accents off, Unicode lowercase. */
function normalizeOther(word: string, language: string): string {
  // Lowercase first: Turkish İ must become i before its dot is stripped as an accent.
  let lower: string;
  try {
    lower = word.toLocaleLowerCase(language);
  } catch {
    lower = word.toLowerCase();
  }
  return foldDigits(lower).normalize('NFKD').replace(/\p{M}/gu, '');
}

/*
 * Arabic stemming: measured on the word families in analyzer.test.ts
 * (`arabicStemmerScores`, after the normalization above), 2026-11-29:
 *   light stemmer (below):      46/46 same-family pairs conflated, 3/18 unrelated pairs merged
 *   Snowball (@orama/stemmers): 22/46 same-family pairs conflated, 3/18 unrelated pairs merged
 * Snowball keeps و/ف + ال (والمدرسة), plural ات and ة/ه endings apart, so the
 * light stemmer is kept; its merges (لبنان/لبن، قمة/قم، دبي/دب) are the usual
 * price of suffix stripping. The test re-measures both and fails if the figures change.
 */
const ARABIC_PREFIXES = [
  'وبال',
  'فبال',
  'وكال',
  'فكال',
  'ولل',
  'فلل',
  'وال',
  'فال',
  'بال',
  'كال',
  'لل',
  'ال',
];
const ARABIC_SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'];

/**
 * Larkey-style light stemming, as Lucene's ArabicStemmer: one prefix (the
 * article with its conjunction/preposition combinations), then suffixes.
 * Unlike Lucene, a bare و or ف is not stripped: وزير، وطن، فريق، فلسطين begin
 * with those letters and are far commoner in news than و + an indefinite noun,
 * and stripping them would part وزير from الوزير.
 */
export function lightArabicStem(word: string): string {
  let stem = word;
  const prefix = ARABIC_PREFIXES.find((p) => stem.startsWith(p) && stem.length - p.length >= 2);
  if (prefix) stem = stem.slice(prefix.length);
  for (const suffix of ARABIC_SUFFIXES) {
    if (stem.endsWith(suffix) && stem.length - suffix.length >= 2) stem = stem.slice(0, -suffix.length);
  }
  return stem;
}

/** Short lists of the words too common to search by, written in their normalized form. */
const ARABIC_STOP_WORDS = new Set(
  [
    'في',
    'من',
    'علي',
    'الي',
    'عن',
    'مع',
    'هذا',
    'هذه',
    'ذلك',
    'تلك',
    'التي',
    'الذي',
    'الذين',
    'ان',
    'او',
    'ام',
    'ثم',
    'قد',
    'لقد',
    'لا',
    'لم',
    'لن',
    'ما',
    'كان',
    'كانت',
    'بين',
    'عند',
    'هو',
    'هي',
    'هم',
    'كما',
    'كل',
    'بعد',
    'قبل',
    'حيث',
    'انه',
    'انها',
    'به',
    'بها',
    'له',
    'لها',
    'و',
    'ف',
    'يا',
  ].map(normalizeArabic),
);

const STOP_WORDS: Record<string, Set<string>> = {
  en: new Set(
    'a an and are as at be been but by for from had has have he her his i in into is it its of on or she that the their them there they this to was were which will with'.split(
      ' ',
    ),
  ),
  fr: new Set(
    'au aux avec ce ces dans de des du elle en et il la le les leur mais ou par pour qui que sur un une'.split(
      ' ',
    ),
  ),
  es: new Set('a al con de del el en es la las lo los o para por que se su un una y'.split(' ')),
  de: new Set('der die das und in zu den von mit ist im nicht ein eine auf für dem des sich'.split(' ')),
};

const STEMMERS: Record<string, (word: string) => string> = {
  en: englishStem,
  fr: frenchStem,
  es: spanishStem,
  de: germanStem,
  it: italianStem,
  pt: portugueseStem,
  nl: dutchStem,
  sv: swedishStem,
  da: danishStem,
  tr: turkishStem,
};

/** Stemming is most of the cost of indexing; news vocabulary repeats, so stems are remembered (bounded). */
function memoized(stem: (word: string) => string, max = 200_000): (word: string) => string {
  const known = new Map<string, string>();
  return (word) => {
    let stemmed = known.get(word);
    if (stemmed === undefined) {
      stemmed = stem(word);
      if (known.size >= max) known.clear();
      known.set(word, stemmed);
    }
    return stemmed;
  };
}

const arabicTerm = memoized((word) => {
  const normalized = normalizeArabic(word);
  if (normalized === '' || ARABIC_STOP_WORDS.has(normalized)) return '';
  return lightArabicStem(normalized);
});

const analyzers = new Map<string, Analyzer>();

/** The analyzer for a BCP-47 language tag (primary subtag decides). */
export function analyzerFor(language: string): Analyzer {
  const primary = language.toLowerCase().split('-')[0] ?? 'en';
  let analyzer = analyzers.get(primary);
  if (!analyzer) {
    analyzer = createAnalyzer(primary);
    analyzers.set(primary, analyzer);
  }
  return analyzer;
}

function createAnalyzer(language: string): Analyzer {
  const stopWords = STOP_WORDS[language] ?? STOP_WORDS.en ?? new Set<string>();
  // Arabic editions quote English names and terms; stem those as English.
  const stem = STEMMERS[language] ?? (language === 'ar' ? englishStem : (word: string) => word);
  const otherTerm = memoized((word) => {
    const normalized = normalizeOther(word, language);
    if (normalized === '' || stopWords.has(normalized)) return '';
    return /^\p{L}+$/u.test(normalized) ? stem(normalized) : normalized;
  });
  const termOf = (word: string): string | null =>
    (ARABIC_LETTER.test(word) ? arabicTerm(word) : otherTerm(word)) || null;

  return {
    language,
    tokens(text) {
      const tokens: Token[] = [];
      for (const match of text.matchAll(WORD)) {
        tokens.push({ term: termOf(match[0]), start: match.index, end: match.index + match[0].length });
      }
      return tokens;
    },
    terms(text) {
      const terms: string[] = [];
      for (const match of text.matchAll(WORD)) {
        const term = termOf(match[0]);
        if (term) terms.push(term);
      }
      return terms;
    },
  };
}

/** The Snowball Arabic alternative, kept for the measurement in analyzer.test.ts. */
export { stemmer as snowballArabicStem } from '@orama/stemmers/arabic';
