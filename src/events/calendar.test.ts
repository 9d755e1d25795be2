import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_NOW, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { googleCalendarHref, plainTextOf } from './calendar.js';
import { findDeskEvent } from './queries.js';
import { publishedEvent } from './testing.js';

const now = FIXTURE_NOW;
const act = { userId: null, now };

/** Each VEVENT as ical.js reads it, with only the calendar's own VTIMEZONEs to go by. */
function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  // A fresh registry per document: the zones come from this file, not from earlier ones.
  ICAL.TimezoneService.reset();
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      summary: event.summary,
      tzid: vevent.getFirstProperty('dtstart')?.getParameter('tzid') ?? null,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      isDate: event.startDate.isDate,
    };
  });
}

describe('calendar text', () => {
  it('turns the stored description into lines of plain text', () => {
    expect(
      plainTextOf(
        '<p>أولًا <strong>مهم</strong> &amp; عاجل</p><ul><li>بند</li><li>آخر</li></ul><p>a&lt;b</p>',
      ),
    ).toBe('أولًا مهم & عاجل\nبند\nآخر\na<b');
  });

  it('links Google Calendar with UTC instants (or days) and the event’s zone', () => {
    const base = {
      title: 'قمة',
      summary: 'ملخص',
      url: '/ar/events/qimma',
      venueName: 'قاعة',
      venueAddress: 'بيروت',
      onlineUrl: '',
      timeZone: 'Asia/Beirut',
    };
    const timed = new URL(
      googleCalendarHref(
        {
          ...base,
          allDay: false,
          startLocal: '2026-03-29T20:00',
          endLocal: '2026-03-29T22:00',
          startsAt: '2026-03-29T17:00:00.000Z',
          endsAt: '2026-03-29T19:00:00.000Z',
        } as Parameters<typeof googleCalendarHref>[0],
        'https://news.example',
      ),
    );
    expect(timed.searchParams.get('dates')).toBe('20260329T170000Z/20260329T190000Z');
    expect(timed.searchParams.get('ctz')).toBe('Asia/Beirut');
    expect(timed.searchParams.get('location')).toBe('قاعة, بيروت');
    const allDay = new URL(
      googleCalendarHref(
        { ...base, allDay: true, startLocal: '2026-03-28', endLocal: '2026-03-29' } as Parameters<
          typeof googleCalendarHref
        >[0],
        'https://news.example',
      ),
    );
    expect(allDay.searchParams.get('dates')).toBe('20260328/20260330');
  });
});

describeEachDatabase('calendars around daylight-saving changes', (db) => {
  const dataDir = tempDataDir();
  /** Title → [start, end] as the door stored them, and as they must be read back. */
  const expected: Record<string, [string, string]> = {
    // London, spring 2026 (29 March, 01:00 GMT → 02:00 BST): the day before, across, and after.
    'London before': ['2026-03-28T09:00:00.000Z', '2026-03-28T10:00:00.000Z'],
    'London across': ['2026-03-29T00:30:00.000Z', '2026-03-29T02:30:00.000Z'],
    'London after': ['2026-03-29T08:00:00.000Z', '2026-03-29T09:00:00.000Z'],
    // London, autumn (25 October, 02:00 BST → 01:00 GMT): 01:30 twice, the first meant; then GMT.
    'London overlap': ['2026-10-25T00:30:00.000Z', '2026-10-25T02:00:00.000Z'],
    'London autumn after': ['2026-10-26T09:00:00.000Z', '2026-10-26T10:00:00.000Z'],
    // Beirut, spring (29 March, 00:00 → 01:00): evening before and after, and an event across midnight.
    'Beirut before': ['2026-03-28T18:00:00.000Z', '2026-03-28T19:00:00.000Z'],
    'Beirut across': ['2026-03-28T21:30:00.000Z', '2026-03-28T23:00:00.000Z'],
    'Beirut after': ['2026-03-29T17:00:00.000Z', '2026-03-29T18:00:00.000Z'],
    // Beirut, autumn (25 October, 00:00 → back to 23:00 on the 24th).
    'Beirut autumn before': ['2026-10-24T17:00:00.000Z', '2026-10-24T18:00:00.000Z'],
    'Beirut autumn after': ['2026-10-25T18:00:00.000Z', '2026-10-25T19:00:00.000Z'],
  };

  beforeAll(async () => {
    await seedFixture(db(), dataDir);
    const timed: [string, string, string, string][] = [
      ['London before', 'Europe/London', '2026-03-28T09:00', '2026-03-28T10:00'],
      ['London across', 'Europe/London', '2026-03-29T00:30', '2026-03-29T03:30'],
      ['London after', 'Europe/London', '2026-03-29T09:00', '2026-03-29T10:00'],
      ['London overlap', 'Europe/London', '2026-10-25T01:30', '2026-10-25T02:00'],
      ['London autumn after', 'Europe/London', '2026-10-26T09:00', '2026-10-26T10:00'],
      ['Beirut before', 'Asia/Beirut', '2026-03-28T20:00', '2026-03-28T21:00'],
      ['Beirut across', 'Asia/Beirut', '2026-03-28T23:30', '2026-03-29T02:00'],
      ['Beirut after', 'Asia/Beirut', '2026-03-29T20:00', '2026-03-29T21:00'],
      ['Beirut autumn before', 'Asia/Beirut', '2026-10-24T20:00', '2026-10-24T21:00'],
      ['Beirut autumn after', 'Asia/Beirut', '2026-10-25T20:00', '2026-10-25T21:00'],
    ];
    for (const [title, timeZone, start, end] of timed) {
      await publishedEvent(db(), 'en', { title, timeZone, start, end }, act);
    }
    await publishedEvent(
      db(),
      'en',
      { title: 'Beirut all day', timeZone: 'Asia/Beirut', allDay: true, start: '2026-03-29', end: '' },
      act,
    );
  });

  it('stores the instants the wall clocks name', async () => {
    const rows = await db().selectFrom('events').select(['title', 'starts_at', 'ends_at']).execute();
    for (const [title, [start, end]] of Object.entries(expected)) {
      expect(
        rows.find((r) => r.title === title),
        title,
      ).toMatchObject({ starts_at: start, ends_at: end });
    }
  });

  it('writes calendars an independent parser reads back to the same instants, in the events’ own zones', async () => {
    const { app } = testApp(db(), { now, dataDir });
    const text = await (await app.request('/en/events.ics')).text();
    expect(text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(2);
    const events = parse(text);
    for (const [title, [start, end]] of Object.entries(expected)) {
      const event = events.find((e) => e.summary === title);
      // 01:30 on 25 October happens twice in London: written in UTC, so no reader takes the second.
      const tzid =
        title === 'London overlap' ? null : title.startsWith('London') ? 'Europe/London' : 'Asia/Beirut';
      expect(event, title).toMatchObject({ start, end, tzid });
    }
    expect(text).toContain('DTSTART:20261025T003000Z');
    expect(text).toContain('DTSTART;TZID=Europe/London:20261026T090000');
    // The all-day event is a date, whatever the zone: 29 March only.
    expect(text).toContain('DTSTART;VALUE=DATE:20260329\r\nDTEND;VALUE=DATE:20260330');
    expect(events.find((e) => e.summary === 'Beirut all day')?.isDate).toBe(true);
  });

  it('writes each event’s own file the same way', async () => {
    const { app } = testApp(db(), { now, dataDir });
    const row = await db()
      .selectFrom('events')
      .select('id')
      .where('title', '=', 'Beirut across')
      .executeTakeFirstOrThrow();
    const slug = (await findDeskEvent(db(), row.id))?.row.slug ?? '';
    const res = await app.request(`/en/events/${slug}.ics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(text).toContain('TZID:Asia/Beirut');
    expect(text).not.toContain('TZID:Europe/London');
    expect(parse(text)).toEqual([
      expect.objectContaining({ start: expected['Beirut across']?.[0], end: expected['Beirut across']?.[1] }),
    ]);
  });
});
