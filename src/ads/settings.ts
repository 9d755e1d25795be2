/**
 * An edition's advertising settings: its slots, the minimum words for ads
 * inside an article, and third-party tags (off unless scripts are listed),
 * which load only from the allowed hosts, only after the reader consents.
 */
import { z } from 'zod';
import { type Slots, slotsSchema } from './slots.js';

export interface AdSettings {
  editionCode: string;
  slots: Slots;
  /** Articles shorter than this get no slot inside their text (the end slot still shows). */
  minWords: number;
  /** https script URLs loaded after consent; empty: no third-party tags at all. */
  tagScripts: string[];
  /** Host names added to the CSP of the edition's pages that carry ads. */
  allowedHosts: string[];
}

export const DEFAULT_MIN_WORDS = 350;

export const defaultAdSettings = (editionCode: string): AdSettings => ({
  editionCode,
  slots: {},
  minWords: DEFAULT_MIN_WORDS,
  tagScripts: [],
  allowedHosts: [],
});

const HOST = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export const hostSchema = z.string().trim().toLowerCase().regex(HOST, 'adsErrorHost');

/** A tag script: https, on one of the allowed hosts (checked against them by `settingsProblems`). */
export const scriptUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'adsErrorScript');

export const adSettingsSchema = z.object({
  slots: slotsSchema,
  minWords: z.number().int().min(0).max(5000),
  tagScripts: z.array(scriptUrlSchema).max(10),
  allowedHosts: z.array(hostSchema).max(20),
});

/** A script whose host is not allowed: the settings cannot be saved (the CSP would block it anyway). */
export function scriptsOffHosts(settings: Pick<AdSettings, 'tagScripts' | 'allowedHosts'>): string[] {
  return settings.tagScripts.filter((src) => !settings.allowedHosts.includes(new URL(src).hostname));
}

/** Stored settings read back; anything unreadable falls back to the default (ads off). */
export function parseSettings(
  editionCode: string,
  row: { slots: string; min_words: number; tag_scripts: string; allowed_hosts: string } | undefined,
): AdSettings {
  if (!row) return defaultAdSettings(editionCode);
  const parsed = adSettingsSchema.safeParse({
    slots: safeJson(row.slots, {}),
    minWords: row.min_words,
    tagScripts: safeJson(row.tag_scripts, []),
    allowedHosts: safeJson(row.allowed_hosts, []),
  });
  return parsed.success ? { editionCode, ...parsed.data } : defaultAdSettings(editionCode);
}

function safeJson(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
