import { describe, expect, it } from 'vitest';
import { formatRelativeTime, isRelative } from './relative-time.js';

const ar = { language: 'ar', dateStyle: 'levant', digits: 'latn', timeZone: 'Asia/Beirut' };
const arabDigits = { ...ar, digits: 'arab' };
const en = { language: 'en', dateStyle: 'gregorian', digits: 'latn', timeZone: 'Europe/London' };
// 14:00 in Beirut, 12:00 in London.
const now = new Date('2026-11-30T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('relative card times', () => {
  it('reads "now" under a minute, minutes under an hour, hours for the rest of today', () => {
    expect(formatRelativeTime(ago(20_000), now, ar)).toBe('الآن');
    expect(formatRelativeTime(ago(20_000), now, en)).toBe('now');
    expect(formatRelativeTime(ago(MINUTE), now, en)).toBe('1 minute ago');
    expect(formatRelativeTime(ago(2 * MINUTE), now, ar)).toBe('قبل دقيقتين');
    expect(formatRelativeTime(ago(11 * MINUTE + 30_000), now, ar)).toBe('قبل 11 دقيقة');
    expect(formatRelativeTime(ago(59 * MINUTE), now, en)).toBe('59 minutes ago');
    expect(formatRelativeTime(ago(HOUR), now, en)).toBe('1 hour ago');
    expect(formatRelativeTime(ago(3 * HOUR + 59 * MINUTE), now, ar)).toBe('قبل 3 ساعات');
    expect(formatRelativeTime(ago(3 * HOUR), now, en)).toBe('3 hours ago');
    // A story stamped a little after the server's clock reads "now", not "in 5 seconds".
    expect(formatRelativeTime(new Date(now.getTime() + 5_000), now, en)).toBe('now');
  });

  it("uses the edition's digits", () => {
    expect(formatRelativeTime(ago(3 * HOUR), now, arabDigits)).toBe('قبل ٣ ساعات');
    expect(formatRelativeTime(ago(25 * MINUTE), now, arabDigits)).toBe('قبل ٢٥ دقيقة');
  });

  it("shows the date before today, today being the edition's day in its time zone", () => {
    // 13 hours ago is 01:00 today in Beirut (UTC+2) but 23:00 yesterday in London (UTC+0).
    const earlier = ago(13 * HOUR);
    expect(isRelative(earlier, now, ar.timeZone)).toBe(true);
    expect(formatRelativeTime(earlier, now, ar)).toBe('قبل 13 ساعة');
    expect(isRelative(earlier, now, en.timeZone)).toBe(false);
    expect(formatRelativeTime(earlier, now, en)).toBe('November 29, 2026');
    expect(formatRelativeTime(ago(2 * 24 * HOUR), now, ar)).toBe('28 نوفمبر تشرين الثاني 2026');
    expect(formatRelativeTime(ago(2 * 24 * HOUR), now, arabDigits)).toBe('٢٨ نوفمبر تشرين الثاني ٢٠٢٦');
  });
});
