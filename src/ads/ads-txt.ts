/**
 * /ads.txt and /app-ads.txt (IAB Tech Lab ads.txt 1.1), checked line by line
 * when saved: a record is `domain, publisher account id, DIRECT|RESELLER[,
 * certification authority id]`; a variable is `NAME=value` (contact,
 * subdomain, inventorypartnerdomain, ownerdomain, managerdomain); `#` starts a comment.
 */

export const AD_TEXT_NAMES = ['ads.txt', 'app-ads.txt'] as const;
export type AdTextName = (typeof AD_TEXT_NAMES)[number];

/** Larger files are refused: ads.txt crawlers stop reading long before. */
export const MAX_ADS_TXT_BYTES = 64 * 1024;

export interface AdsTxtProblem {
  /** 1-based. */
  line: number;
  text: string;
  reason: 'fields' | 'domain' | 'account' | 'relationship' | 'authority' | 'variable' | 'size';
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const ACCOUNT = /^[\w.:-]{1,200}$/;
const AUTHORITY = /^[a-f0-9]{1,64}$/i;
const VARIABLES = new Set(['contact', 'subdomain', 'inventorypartnerdomain', 'ownerdomain', 'managerdomain']);

/** The lines that are not valid ads.txt, each with why; none: the text may be saved. */
export function checkAdsTxt(text: string): AdsTxtProblem[] {
  if (Buffer.byteLength(text) > MAX_ADS_TXT_BYTES) return [{ line: 1, text: '', reason: 'size' }];
  const problems: AdsTxtProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const reason = lineProblem(line);
    if (reason) problems.push({ line: index + 1, text: raw.slice(0, 200), reason });
  });
  return problems;
}

function lineProblem(line: string): AdsTxtProblem['reason'] | undefined {
  const variable = /^([A-Za-z]+)=(.*)$/.exec(line);
  if (variable && !line.includes(',')) {
    const name = (variable[1] ?? '').toLowerCase();
    return VARIABLES.has(name) && (variable[2] ?? '').trim() !== '' ? undefined : 'variable';
  }
  const fields = line.split(',').map((f) => f.trim());
  if (fields.length < 3 || fields.length > 4) return 'fields';
  const [domain, account, relationship, authority] = fields;
  if (!DOMAIN.test(domain ?? '')) return 'domain';
  if (!ACCOUNT.test(account ?? '')) return 'account';
  if (!/^(DIRECT|RESELLER)$/i.test(relationship ?? '')) return 'relationship';
  if (authority !== undefined && !AUTHORITY.test(authority)) return 'authority';
  return undefined;
}

/** Stored with Unix line ends and one final newline. */
export function normalizeAdsTxt(text: string): string {
  const body = text.replace(/\r\n?/g, '\n').trimEnd();
  return body === '' ? '' : `${body}\n`;
}
