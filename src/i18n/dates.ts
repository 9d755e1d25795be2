/**
 * Dates as each edition writes them. ICU has no locale for the Levant
 * convention of naming a Gregorian month twice ("14 نوفمبر تشرين الثاني 2022"),
 * so Arabic dates are composed here; other languages use Intl.
 */

export type DateStyle = 'levant' | 'gregorian' | 'syriac';
export type Digits = 'latn' | 'arab';
/** How the 'levant' style joins its two month names. */
export const MONTH_SEPARATORS = ['space', 'slash', 'parentheses'] as const;
export type MonthSeparator = (typeof MONTH_SEPARATORS)[number];

export interface DateSettings {
  language: string;
  dateStyle: string;
  digits: string;
  timeZone: string;
  /** 'space' (نوفمبر تشرين الثاني, the default), 'slash' (نوفمبر/تشرين الثاني) or 'parentheses' (نوفمبر (تشرين الثاني)). */
  monthSeparator?: string | undefined;
}

// Gregorian month names transliterated (as in Egypt and the Gulf)…
const GREGORIAN_AR = [
  'يناير',
  'فبراير',
  'مارس',
  'أبريل',
  'مايو',
  'يونيو',
  'يوليو',
  'أغسطس',
  'سبتمبر',
  'أكتوبر',
  'نوفمبر',
  'ديسمبر',
];
// …and the Syriac-derived names used in the Levant and Iraq.
const SYRIAC_AR = [
  'كانون الثاني',
  'شباط',
  'آذار',
  'نيسان',
  'أيار',
  'حزيران',
  'تموز',
  'آب',
  'أيلول',
  'تشرين الأول',
  'تشرين الثاني',
  'كانون الأول',
];

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partFormatters.set(timeZone, f);
  }
  return f;
}

const partsMemo = new Map<string, LocalParts>();

/** The wall-clock fields of `date` in `timeZone`. Memoized: Intl's formatToParts is slow and pages repeat dates. */
export function localParts(date: Date, timeZone: string): LocalParts {
  const key = `${timeZone}|${date.getTime()}`;
  const known = partsMemo.get(key);
  if (known) return known;
  if (partsMemo.size > 20_000) partsMemo.clear();
  const parts = computeLocalParts(date, timeZone);
  partsMemo.set(key, parts);
  return parts;
}

function computeLocalParts(date: Date, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of partFormatter(timeZone).formatToParts(date)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    year: out.year ?? 0,
    month: out.month ?? 1,
    day: out.day ?? 1,
    hour: out.hour ?? 0,
    minute: out.minute ?? 0,
    second: out.second ?? 0,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** ISO-8601 with the zone's offset, e.g. 2022-11-14T12:00:00+02:00 (for `<time>` and JSON-LD). */
export function isoInZone(date: Date, timeZone: string): string {
  const p = localParts(date, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const offsetMinutes = Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const ARABIC_INDIC = '٠١٢٣٤٥٦٧٨٩';

export function localizeDigits(text: string, digits: string): string {
  if (digits !== 'arab') return text;
  return text.replace(/[0-9]/g, (d) => ARABIC_INDIC[Number(d)] ?? d);
}

function arabicMonth(month: number, style: string, separator: string | undefined): string {
  const gregorian = GREGORIAN_AR[month - 1] ?? '';
  const syriac = SYRIAC_AR[month - 1] ?? '';
  if (style === 'gregorian') return gregorian;
  if (style === 'syriac') return syriac;
  if (separator === 'slash') return `${gregorian}/${syriac}`;
  if (separator === 'parentheses') return `${gregorian} (${syriac})`;
  return `${gregorian} ${syriac}`;
}

const intlDates = new Map<string, Intl.DateTimeFormat>();

function intlFormatter(settings: DateSettings, withTime: boolean): Intl.DateTimeFormat {
  const key = `${settings.language}|${settings.timeZone}|${settings.digits}|${withTime}`;
  let f = intlDates.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(settings.language, {
      timeZone: settings.timeZone,
      numberingSystem: settings.digits === 'arab' ? 'arab' : 'latn',
      dateStyle: 'long',
      ...(withTime ? { timeStyle: 'short', hourCycle: 'h23' as const } : {}),
    });
    intlDates.set(key, f);
  }
  return f;
}

/** "14 نوفمبر تشرين الثاني 2022" (or نوفمبر/تشرين الثاني, نوفمبر (تشرين الثاني): monthSeparator) / "14 November 2022". */
export function formatDate(date: Date, settings: DateSettings): string {
  if (!settings.language.startsWith('ar')) return intlFormatter(settings, false).format(date);
  const p = localParts(date, settings.timeZone);
  return localizeDigits(
    `${p.day} ${arabicMonth(p.month, settings.dateStyle, settings.monthSeparator)} ${p.year}`,
    settings.digits,
  );
}

/** Date and 24-hour time in the edition's zone: "14 نوفمبر تشرين الثاني 2022 - 15:04". */
export function formatDateTime(date: Date, settings: DateSettings): string {
  if (!settings.language.startsWith('ar')) return intlFormatter(settings, true).format(date);
  const p = localParts(date, settings.timeZone);
  return `${formatDate(date, settings)} - ${localizeDigits(`${pad(p.hour)}:${pad(p.minute)}`, settings.digits)}`;
}

const intlMonths = new Map<string, Intl.DateTimeFormat>();

/** A month and its year in the edition's style: "مارس آذار 2026" / "March 2026" (for month choices). */
export function formatMonth(date: Date, settings: DateSettings): string {
  if (!settings.language.startsWith('ar')) {
    const key = `${settings.language}|${settings.timeZone}|${settings.digits}`;
    let f = intlMonths.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(settings.language, {
        timeZone: settings.timeZone,
        numberingSystem: settings.digits === 'arab' ? 'arab' : 'latn',
        month: 'long',
        year: 'numeric',
      });
      intlMonths.set(key, f);
    }
    return f.format(date);
  }
  const p = localParts(date, settings.timeZone);
  return localizeDigits(
    `${arabicMonth(p.month, settings.dateStyle, settings.monthSeparator)} ${p.year}`,
    settings.digits,
  );
}
