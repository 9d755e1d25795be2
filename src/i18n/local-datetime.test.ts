import { describe, expect, it } from 'vitest';
import {
  formatLocalDateTime,
  localDateTimeToInstant,
  parseLocalDateTime,
  readLocalDateTime,
} from './local-datetime.js';

const iso = (value: string, zone: string) => parseLocalDateTime(value, zone)?.toISOString();

describe('local date-times in an IANA zone', () => {
  it('reads a datetime-local value in the zone, either side of daylight saving', () => {
    expect(iso('2022-12-02T16:00', 'Asia/Beirut')).toBe('2022-12-02T14:00:00.000Z');
    expect(iso('2022-07-01T09:30', 'Europe/London')).toBe('2022-07-01T08:30:00.000Z');
    expect(iso('2022-01-01T09:30', 'Europe/London')).toBe('2022-01-01T09:30:00.000Z');
    expect(iso('2026-03-02T07:00', 'Asia/Kolkata')).toBe('2026-03-02T01:30:00.000Z');
    expect(iso('2028-02-29T00:00', 'UTC')).toBe('2028-02-29T00:00:00.000Z');
    expect(iso('2026-12-31T23:59', 'America/New_York')).toBe('2027-01-01T04:59:00.000Z');
  });

  it('refuses anything that is not a real calendar date and time', () => {
    for (const value of [
      '2026-02-30T09:30', // no 30 February (the desk's parser accepted it)
      '2026-02-29T09:30', // 2026 is not a leap year
      '2100-02-29T09:30',
      '2026-13-02T07:00', // no month 13 (the newsletters' parser accepted it)
      '2026-00-10T07:00',
      '2026-04-31T07:00',
      '2026-04-00T07:00',
      '2026-04-10T24:00',
      '2026-04-10T10:60',
      '0000-01-01T00:00',
      '2026-4-10T10:00',
      '2026-04-10 10:00',
      '2026-04-10T10:00:00',
      '2026-04-10T10:00Z',
      '٢٠٢٦-٠٤-١٠T10:00',
      'tomorrow',
      '',
    ]) {
      expect([value, parseLocalDateTime(value, 'UTC')]).toEqual([value, undefined]);
    }
  });

  it('moves a time the clock skips forward by the gap', () => {
    // New York: 2026-03-08 02:00 EST becomes 03:00 EDT.
    expect(iso('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
    expect(formatLocalDateTime(new Date('2026-03-08T07:30:00Z'), 'America/New_York')).toBe(
      '2026-03-08T03:30',
    );
    expect(iso('2026-03-08T01:59', 'America/New_York')).toBe('2026-03-08T06:59:00.000Z');
    expect(iso('2026-03-08T03:00', 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    // Beirut: 2026-03-29 00:00 (UTC+2) becomes 01:00 (UTC+3).
    expect(iso('2026-03-29T00:15', 'Asia/Beirut')).toBe('2026-03-28T22:15:00.000Z');
    expect(formatLocalDateTime(new Date('2026-03-28T22:15:00Z'), 'Asia/Beirut')).toBe('2026-03-29T01:15');
  });

  it('takes the earlier of a time the clock shows twice', () => {
    // London: 2026-10-25 02:00 BST goes back to 01:00 GMT, so 01:30 happens at 00:30Z and 01:30Z.
    expect(iso('2026-10-25T01:30', 'Europe/London')).toBe('2026-10-25T00:30:00.000Z');
    expect(iso('2026-10-25T02:00', 'Europe/London')).toBe('2026-10-25T02:00:00.000Z');
    expect(iso('2026-10-25T00:59', 'Europe/London')).toBe('2026-10-24T23:59:00.000Z');
  });

  it('formats an instant back to the same value', () => {
    for (const zone of ['UTC', 'Asia/Beirut', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe']) {
      for (const value of ['2026-01-15T08:05', '2026-07-15T23:45', '2026-10-25T00:30']) {
        const instant = parseLocalDateTime(value, zone);
        expect(instant && formatLocalDateTime(instant, zone)).toBe(value);
      }
    }
    expect(readLocalDateTime('2026-07-15T23:45')).toEqual({
      year: 2026,
      month: 7,
      day: 15,
      hour: 23,
      minute: 45,
    });
    expect(
      localDateTimeToInstant(
        { year: 2026, month: 7, day: 15, hour: 23, minute: 45 },
        'Asia/Beirut',
      ).toISOString(),
    ).toBe('2026-07-15T20:45:00.000Z');
  });
});
