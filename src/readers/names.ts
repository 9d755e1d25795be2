/**
 * Readers' display names: what a name may contain, and the folded key that
 * makes two spellings a reader sees as the same name one name. Unlike the
 * banned-phrase folding (src/comments/normalize.ts) a repeated letter stays:
 * "Hanna" and "Hana" are two people.
 */

export const NAME_MIN_LENGTH = 2;
export const NAME_MAX_LENGTH = 40;

/** Letters taken for another after the marks are gone (hamza forms decompose to alef, waw, yaa by NFKD). */
const LETTER_FORMS: Record<string, string> = { ة: 'ه', ى: 'ي', ی: 'ي', ک: 'ك' };
const FORMS = new RegExp(`[${Object.keys(LETTER_FORMS).join('')}]`, 'g');
/** Eastern Arabic and Persian digits are the same digits. */
const DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;

/**
 * The name folded for uniqueness: NFKD with every mark dropped (Arabic short
 * vowels, shadda, the hamza on أ إ آ ؤ ئ, Latin accents), tatweel and
 * invisible characters gone, ة→ه, ى→ي, one digit set, lowercase, spaces
 * collapsed, then NFKC.
 */
export function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}|\p{Cf}|\u0640/gu, '')
    .replace(FORMS, (letter) => LETTER_FORMS[letter] ?? letter)
    .replace(DIGITS, (digit) => String((digit.charCodeAt(0) - (digit >= '\u06f0' ? 0x06f0 : 0x0660)) % 10))
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFKC');
}

/**
 * Words a reader's name may not contain, in any spelling that folds to them
 * (separators ignored): a reader must not pass for the newsroom.
 */
const STAFF_WORDS = [
  'staff',
  'admin',
  'moderator',
  'editor',
  'newsroom',
  'فريق التحرير',
  'هيئة التحرير',
  'المحرر',
  'محرر',
  'مشرف',
  'الإدارة',
].map((word) => compact(nameKey(word)));

function compact(key: string): string {
  return key.replace(/[\s._-]/g, '');
}

/** One character a name may hold: a Latin or Arabic letter, a digit, an Arabic mark, tatweel, space, `.-_`. */
function allowedCharacter(ch: string): boolean {
  if (/^[0-9 ._\-\u0640\u064b-\u065f\u0670\u0660-\u0669\u06f0-\u06f9]$/u.test(ch)) return true;
  return /^\p{L}$/u.test(ch) && /^(?:\p{Script=Latin}|\p{Script=Arabic})$/u.test(ch);
}

export type NameProblem = 'length' | 'characters' | 'staff';

/** The name as stored (trimmed, single spaces, NFC) or why it is refused. */
export function checkDisplayName(
  input: string,
): { ok: true; name: string; key: string } | { ok: false; error: NameProblem } {
  const name = input.normalize('NFC').trim().replace(/ {2,}/g, ' ');
  const characters = [...name];
  if (!characters.every(allowedCharacter)) return { ok: false, error: 'characters' };
  if (characters.length < NAME_MIN_LENGTH || characters.length > NAME_MAX_LENGTH) {
    return { ok: false, error: 'length' };
  }
  if (!/\p{L}/u.test(name)) return { ok: false, error: 'characters' };
  const key = nameKey(name);
  const bare = compact(key);
  if (STAFF_WORDS.some((word) => bare.includes(word))) return { ok: false, error: 'staff' };
  return { ok: true, name, key };
}
