import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import en from './locales/en.json' with { type: 'json' };

/** UI strings of one language. English is the reference every other file must match. */
export type Messages = typeof en;
export type MessageKey = { [K in keyof Messages]: Messages[K] extends string ? K : never }[keyof Messages];

const localesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');

/**
 * Every `locales/<language>.json`. Adding a language is adding a file here
 * (and an edition row); missing keys fall back to English.
 */
function loadAll(): Map<string, Messages> {
  const all = new Map<string, Messages>();
  for (const file of readdirSync(localesDir)) {
    if (!file.endsWith('.json')) continue;
    const parsed = JSON.parse(readFileSync(path.join(localesDir, file), 'utf8')) as Partial<Messages>;
    all.set(file.slice(0, -5), { ...en, ...parsed, networks: { ...en.networks, ...parsed.networks } });
  }
  return all;
}

const catalog = loadAll();

/** Messages for a BCP-47 language tag: exact match, then the primary subtag, then English. */
export function messagesFor(language: string): Messages {
  return catalog.get(language) ?? catalog.get(language.split('-')[0] ?? '') ?? en;
}

export function availableLanguages(): string[] {
  return [...catalog.keys()];
}

/** Fills `{name}` placeholders. */
export function format(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
