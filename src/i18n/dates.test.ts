import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, isoInZone } from './dates.js';

const levant = { language: 'ar', dateStyle: 'levant', digits: 'latn', timeZone: 'Asia/Beirut' };

describe('Arabic dates', () => {
  it('writes the Levant dual month form by default', () => {
    expect(formatDate(new Date('2022-11-14T10:00:00Z'), levant)).toBe('14 نوفمبر تشرين الثاني 2022');
    expect(formatDate(new Date('2024-01-03T10:00:00Z'), levant)).toBe('3 يناير كانون الثاني 2024');
    expect(formatDate(new Date('2024-08-20T10:00:00Z'), levant)).toBe('20 أغسطس آب 2024');
  });

  it('uses the edition time zone for the day', () => {
    // 23:30 UTC on the 13th is already the 14th in Beirut (UTC+2 in November).
    expect(formatDate(new Date('2022-11-13T23:30:00Z'), levant)).toBe('14 نوفمبر تشرين الثاني 2022');
    expect(formatDateTime(new Date('2022-11-13T23:30:00Z'), levant)).toBe(
      '14 نوفمبر تشرين الثاني 2022 - 01:30',
    );
  });

  it('switches to Arabic-Indic digits and other month styles', () => {
    expect(formatDate(new Date('2022-11-14T10:00:00Z'), { ...levant, digits: 'arab' })).toBe(
      '١٤ نوفمبر تشرين الثاني ٢٠٢٢',
    );
    expect(formatDate(new Date('2022-11-14T10:00:00Z'), { ...levant, dateStyle: 'gregorian' })).toBe(
      '14 نوفمبر 2022',
    );
    expect(formatDate(new Date('2022-11-14T10:00:00Z'), { ...levant, dateStyle: 'syriac' })).toBe(
      '14 تشرين الثاني 2022',
    );
  });

  it('joins the two month names as the edition says: a space (default), a slash or brackets', () => {
    const date = new Date('2026-11-30T10:00:00Z');
    expect(formatDate(date, { ...levant, monthSeparator: 'space' })).toBe('30 نوفمبر تشرين الثاني 2026');
    expect(formatDate(date, { ...levant, monthSeparator: 'slash' })).toBe('30 نوفمبر/تشرين الثاني 2026');
    expect(formatDate(date, { ...levant, monthSeparator: 'parentheses' })).toBe(
      '30 نوفمبر (تشرين الثاني) 2026',
    );
    expect(formatDateTime(date, { ...levant, monthSeparator: 'parentheses', digits: 'arab' })).toBe(
      '٣٠ نوفمبر (تشرين الثاني) ٢٠٢٦ - ١٢:٠٠',
    );
    // One month name: nothing to join.
    expect(formatDate(date, { ...levant, dateStyle: 'syriac', monthSeparator: 'slash' })).toBe(
      '30 تشرين الثاني 2026',
    );
  });

  it('formats other languages with Intl', () => {
    const en = { language: 'en-GB', dateStyle: 'gregorian', digits: 'latn', timeZone: 'Europe/London' };
    expect(formatDate(new Date('2022-11-14T10:00:00Z'), en)).toBe('14 November 2022');
  });
});

describe('isoInZone', () => {
  it('writes the local time with its offset', () => {
    expect(isoInZone(new Date('2022-11-14T10:00:00Z'), 'Asia/Beirut')).toBe('2022-11-14T12:00:00+02:00');
    expect(isoInZone(new Date('2022-07-14T10:00:00Z'), 'Europe/London')).toBe('2022-07-14T11:00:00+01:00');
    expect(isoInZone(new Date('2022-07-14T10:00:00Z'), 'America/New_York')).toBe('2022-07-14T06:00:00-04:00');
  });
});
