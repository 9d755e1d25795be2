import ICAL from 'ical.js';
import { beforeAll, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { findDeskEvent } from './queries.js';
import { eventSnapshot, publishedEvent } from './testing.js';
import { createEvent, publishEvent, saveEvent, translateEvent, unpublishEvent } from './workflow.js';

const now = FIXTURE_NOW; // 2 December 2022, 12:00 UTC
const act = { userId: null, now };

/** The JSON-LD blocks of a page. */
function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)].map((m) =>
    JSON.parse(m[1] ?? '{}'),
  );
}

/** A calendar parsed by ical.js, its zones registered, as [uid, start, end, status, sequence, summary]. */
function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      status: vevent.getFirstPropertyValue('status'),
      sequence: vevent.getFirstPropertyValue('sequence'),
      summary: event.summary,
      tzid: vevent.getFirstProperty('dtstart')?.getParameter('tzid'),
    };
  });
}

describeEachDatabase('readers’ events pages, calendars, API and sitemap', (db) => {
  const dataDir = tempDataDir();
  let fixture: Fixture;
  const ids = {
    pastNov20: '',
    pastNov25: '',
    ongoing: '',
    london: '',
    debate: '',
    cancelled: '',
    draft: '',
    en: '',
  };
  const slugOf = async (id: string) => (await findDeskEvent(db(), id))?.row.slug ?? '';
  const get = async (path: string, cache = false) => {
    const { app } = testApp(db(), { now, dataDir, cache });
    const res = await app.request(path);
    return { res, text: await res.text() };
  };

  beforeAll(async () => {
    fixture = await seedFixture(db(), dataDir);
    ids.pastNov20 = await publishedEvent(
      db(),
      'ar',
      {
        title: 'ندوة عن المياه',
        start: '2022-11-20T18:00',
        end: '2022-11-20T20:00',
        sectionId: fixture.sections.arWorld,
      },
      act,
    );
    ids.pastNov25 = await publishedEvent(
      db(),
      'ar',
      { title: 'يوم الكتاب', allDay: true, start: '2022-11-25', end: '' },
      act,
    );
    ids.ongoing = await publishedEvent(
      db(),
      'ar',
      { title: 'معرض الصور', allDay: true, start: '2022-12-01', end: '2022-12-05' },
      act,
    );
    ids.london = await publishedEvent(
      db(),
      'ar',
      {
        title: 'مؤتمر لندن للمناخ',
        timeZone: 'Europe/London',
        start: '2022-12-03T10:00',
        end: '2022-12-03T12:30',
        attendance: 'online',
        venueName: '',
        venueAddress: '',
        onlineUrl: 'https://example.com/live',
      },
      act,
    );
    ids.debate = await publishedEvent(
      db(),
      'ar',
      {
        title: 'مناظرة المرشحين',
        start: '2022-12-10T19:00',
        end: '2022-12-10T21:00',
        sectionId: fixture.sections.arScience,
        topicIds: [fixture.topics.arSpace],
        articleIds: [fixture.arOthers[0] ?? '', fixture.lead.arId],
        mapUrl: 'https://maps.example.com/?q=hall',
      },
      act,
    );
    ids.cancelled = await publishedEvent(
      db(),
      'ar',
      { title: 'حفل ملغى', start: '2023-01-15T20:00', end: '2023-01-15T23:00', status: 'cancelled' },
      act,
    );
    ids.draft = await createEvent(
      db(),
      {
        editionCode: 'ar',
        snapshot: eventSnapshot({
          title: 'مسودة لا تظهر',
          start: '2022-12-04T10:00',
          end: '2022-12-04T11:00',
        }),
      },
      act,
    );
    ids.en = await publishedEvent(
      db(),
      'en',
      {
        title: 'Climate talks in London',
        timeZone: 'Europe/London',
        start: '2022-12-06T09:00',
        end: '2022-12-06T17:00',
        venueName: 'Guildhall',
      },
      act,
    );
  });

  it('lists upcoming events soonest first, then past ones latest first, drafts and other editions never', async () => {
    const { res, text } = await get('/ar/events');
    expect(res.status).toBe(200);
    const order = [
      'معرض الصور',
      'مؤتمر لندن للمناخ',
      'مناظرة المرشحين',
      'حفل ملغى',
      'يوم الكتاب',
      'ندوة عن المياه',
    ].map((title) => text.indexOf(title));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text.indexOf('id="events-upcoming"')).toBeLessThan(order[0] ?? 0);
    expect(text.indexOf('id="events-past"')).toBeGreaterThan(order[3] ?? 0);
    expect(text.indexOf('id="events-past"')).toBeLessThan(order[4] ?? 0);
    expect(text).not.toContain('مسودة لا تظهر');
    expect(text).not.toContain('Climate talks');
    // The cancelled one says so; times in the edition's style (Levant month names), and no script needed.
    expect(text).toContain('أُلغي');
    expect(text).toContain('10 ديسمبر كانون الأول 2022 - 19:00 – 21:00');
    expect(text).toContain('<form method="get" action="/ar/events">');
    // The header links the page next to the newsletters.
    expect(text).toMatch(
      /href="\/ar\/newsletters">[^<]*<\/a><a class="events-link" href="\/ar\/events">الأحداث<\/a>/,
    );
  });

  it('filters by section and by month (events overlapping it, in the edition’s zone)', async () => {
    const science = (await get('/ar/events?section=science')).text;
    expect(science).toContain('مناظرة المرشحين');
    expect(science).not.toContain('معرض الصور');
    expect(science).toContain('<option value="science" selected="">');

    const november = (await get('/ar/events?month=2022-11')).text;
    expect(november).toContain('ندوة عن المياه');
    expect(november).toContain('يوم الكتاب');
    expect(november).not.toContain('مناظرة المرشحين');
    expect(november).toContain('<option value="2022-11" selected="">نوفمبر تشرين الثاني 2022</option>');
    const december = (await get('/ar/events?month=2022-12&section=')).text;
    expect(december).toContain('معرض الصور');
    expect(december).toContain('مناظرة المرشحين');
    expect(december).not.toContain('حفل ملغى');

    expect((await get('/ar/events?section=no-such-section')).res.status).toBe(404);
    expect((await get('/ar/events?month=2022-13')).res.status).toBe(400);
    expect((await get('/ar/events?page=abc')).res.status).toBe(400);
    expect((await get('/ar/events?page=9')).res.status).toBe(404);
  });

  it('shows an event in the edition’s zone and style, its own zone when it differs, with Event JSON-LD', async () => {
    const { res, text } = await get(`/ar/events/${encodeURIComponent(await slugOf(ids.london))}`);
    expect(res.status).toBe(200);
    // 10:00 in London is 12:00 in Beirut, the edition's zone; the event's own time follows.
    expect(text).toContain('3 ديسمبر كانون الأول 2022 - 12:00 – 14:30');
    expect(text).toContain('بالتوقيت المحلي');
    expect(text).toContain('3 ديسمبر كانون الأول 2022 - 10:00 – 12:30');
    const [data] = jsonLd(text);
    expect(data).toMatchObject({
      '@type': 'Event',
      name: 'مؤتمر لندن للمناخ',
      startDate: '2022-12-03T10:00:00+00:00',
      endDate: '2022-12-03T12:30:00+00:00',
      eventStatus: 'https://schema.org/EventScheduled',
      eventAttendanceMode: 'https://schema.org/OnlineEventAttendanceMode',
      location: { '@type': 'VirtualLocation', url: 'https://example.com/live' },
    });

    const debate = await get(`/ar/events/${encodeURIComponent(await slugOf(ids.debate))}`);
    expect(debate.text).not.toContain('بالتوقيت المحلي');
    expect(jsonLd(debate.text)[0]).toMatchObject({
      startDate: '2022-12-10T19:00:00+02:00',
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      location: {
        '@type': 'Place',
        name: 'قاعة المدينة',
        address: 'شارع الحمرا، بيروت',
        hasMap: 'https://maps.example.com/?q=hall',
      },
      keywords: 'الفضاء',
    });
    // Add to calendar: its .ics (downloaded) and Google Calendar; the articles about it.
    const slug = await slugOf(ids.debate);
    expect(debate.text).toContain(`href="/ar/events/${encodeURIComponent(slug)}.ics" download="${slug}.ics"`);
    expect(debate.text).toContain('dates=20221210T170000Z%2F20221210T190000Z');
    expect(debate.text).toContain('ctz=Asia%2FBeirut');
    expect(debate.text).toContain('التغطية');
    expect(debate.text).toContain('دبلوماسيون يجرون محادثات فنية في إسطنبول');

    const cancelled = await get(`/ar/events/${encodeURIComponent(await slugOf(ids.cancelled))}`);
    expect(jsonLd(cancelled.text)[0]).toMatchObject({ eventStatus: 'https://schema.org/EventCancelled' });
    expect(cancelled.text).toContain('أُلغي');

    expect((await get(`/ar/events/${encodeURIComponent(await slugOf(ids.draft))}`)).res.status).toBe(404);
    expect((await get(`/en/events/${encodeURIComponent(await slugOf(ids.debate))}`)).res.status).toBe(404);
  });

  it('links the articles back to the event, and drops the link when the event is taken down', async () => {
    const { app, cache } = testApp(db(), { now, dataDir, cache: true });
    const articlePath = '/ar/2022/12/01/%D8%AE%D8%A8%D8%B1-1';
    const before = await (await app.request(articlePath)).text();
    const slug = await slugOf(ids.debate);
    expect(before).toContain(`<a href="/ar/events/${encodeURIComponent(slug)}">مناظرة المرشحين</a>`);
    const extra = await publishedEvent(
      db(),
      'ar',
      {
        title: 'لقاء مفتوح',
        start: '2022-12-20T18:00',
        end: '2022-12-20T19:00',
        articleIds: [fixture.arOthers[0] ?? ''],
      },
      act,
    );
    await cache.syncFromChangeLog(db());
    expect(await (await app.request(articlePath)).text()).toContain('لقاء مفتوح');
    await unpublishEvent(db(), extra, act);
    await cache.syncFromChangeLog(db());
    expect(await (await app.request(articlePath)).text()).not.toContain('لقاء مفتوح');
  });

  it('serves a subscribable calendar of upcoming events that an independent parser reads', async () => {
    const { res, text } = await get('/ar/events.ics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Asia/Beirut');
    expect(text).toContain('X-WR-CALNAME:صحيفة: الأحداث');
    const events = parseCalendar(text);
    expect(events.map((e) => e.summary)).toEqual([
      'معرض الصور',
      'مؤتمر لندن للمناخ',
      'مناظرة المرشحين',
      'حفل ملغى',
    ]);
    expect(events.find((e) => e.summary === 'مناظرة المرشحين')).toMatchObject({
      uid: `${ids.debate}@news.example`,
      start: '2022-12-10T17:00:00.000Z',
      end: '2022-12-10T19:00:00.000Z',
      status: 'CONFIRMED',
      tzid: 'Asia/Beirut',
    });
    expect(events.find((e) => e.summary === 'مؤتمر لندن للمناخ')).toMatchObject({
      start: '2022-12-03T10:00:00.000Z',
      tzid: 'Europe/London',
    });
    expect(events.find((e) => e.summary === 'حفل ملغى')?.status).toBe('CANCELLED');
    // An all-day event is dates: 1 to 5 December inclusive, DTEND the day after.
    expect(text).toContain('DTSTART;VALUE=DATE:20221201\r\nDTEND;VALUE=DATE:20221206');

    const science = parseCalendar((await get('/ar/events.ics?section=science')).text);
    expect(science.map((e) => e.summary)).toEqual(['مناظرة المرشحين']);
    expect((await get('/ar/events.ics?section=nope')).res.status).toBe(404);
  });

  it('serves one event’s calendar file; a change bumps SEQUENCE and keeps the UID, purging the cached copy', async () => {
    const { app, cache } = testApp(db(), { now, dataDir, cache: true });
    const id = await publishedEvent(
      db(),
      'ar',
      { title: 'أمسية شعرية', start: '2022-12-12T20:00', end: '2022-12-12T22:00' },
      act,
    );
    const slug = await slugOf(id);
    const path = `/ar/events/${encodeURIComponent(slug)}.ics`;
    const first = parseCalendar(await (await app.request(path)).text());
    expect(first).toEqual([
      expect.objectContaining({ uid: `${id}@news.example`, sequence: 0, start: '2022-12-12T18:00:00.000Z' }),
    ]);
    await saveEvent(
      db(),
      id,
      {
        expectedVersion: 2,
        snapshot: eventSnapshot({
          title: 'أمسية شعرية',
          start: '2022-12-13T20:00',
          end: '2022-12-13T22:00',
          status: 'rescheduled',
        }),
      },
      act,
    );
    await cache.syncFromChangeLog(db());
    const second = parseCalendar(await (await app.request(path)).text());
    expect(second).toEqual([
      expect.objectContaining({ uid: `${id}@news.example`, sequence: 1, start: '2022-12-13T18:00:00.000Z' }),
    ]);
    const page = await (await app.request(`/ar/events/${encodeURIComponent(slug)}`)).text();
    expect(page).toContain('موعد جديد');
    expect(jsonLd(page)[0]).toMatchObject({
      eventStatus: 'https://schema.org/EventRescheduled',
      previousStartDate: '2022-12-12T20:00:00+02:00',
    });
    // Cancelled: STATUS:CANCELLED, same UID, SEQUENCE up again.
    await saveEvent(
      db(),
      id,
      {
        expectedVersion: 3,
        snapshot: eventSnapshot({
          title: 'أمسية شعرية',
          start: '2022-12-13T20:00',
          end: '2022-12-13T22:00',
          status: 'cancelled',
        }),
      },
      act,
    );
    await cache.syncFromChangeLog(db());
    const third = parseCalendar(await (await app.request(path)).text());
    expect(third).toEqual([
      expect.objectContaining({ uid: `${id}@news.example`, sequence: 2, status: 'CANCELLED' }),
    ]);
  });

  it('answers the content API: the listing in order with its pages, and one event with its coverage', async () => {
    const { res, text } = await get('/api/v1/ar/events?limit=2');
    expect(res.status).toBe(200);
    const listing = JSON.parse(text);
    expect(listing.upcoming.map((e: { title: string }) => e.title)).toEqual([
      'معرض الصور',
      'مؤتمر لندن للمناخ',
    ]);
    expect(listing.past).toEqual([]);
    expect(listing.next).toBe('https://news.example/api/v1/ar/events?limit=2&page=2');
    expect(listing.upcoming[0]).toMatchObject({
      allDay: true,
      start: '2022-12-01',
      end: '2022-12-05',
      timeZone: 'Asia/Beirut',
    });
    expect(listing.upcoming[1]).toMatchObject({
      attendance: 'online',
      start: '2022-12-03T10:00:00+00:00',
      venue: null,
      onlineUrl: 'https://example.com/live',
    });
    const november = JSON.parse((await get('/api/v1/ar/events?month=2022-11')).text);
    expect(november.upcoming).toEqual([]);
    expect(november.past.map((e: { title: string }) => e.title)).toEqual(['يوم الكتاب', 'ندوة عن المياه']);

    const slug = await slugOf(ids.debate);
    const one = JSON.parse((await get(`/api/v1/ar/events/${encodeURIComponent(slug)}`)).text);
    expect(one.event).toMatchObject({
      id: ids.debate,
      title: 'مناظرة المرشحين',
      status: 'scheduled',
      start: '2022-12-10T19:00:00+02:00',
      calendarUrl: `https://news.example/ar/events/${encodeURIComponent(slug)}.ics`,
      section: { slug: 'science', name: 'علوم' },
      venue: {
        name: 'قاعة المدينة',
        address: 'شارع الحمرا، بيروت',
        mapUrl: 'https://maps.example.com/?q=hall',
      },
    });
    expect(one.event.relatedArticles.map((a: { id: string }) => a.id)).toEqual([
      fixture.arOthers[0],
      fixture.lead.arId,
    ]);
    expect(one.event.topics).toEqual([
      { slug: 'space', name: 'الفضاء', url: 'https://news.example/ar/topic/space' },
    ]);

    const missing = await get('/api/v1/ar/events/no-such-event');
    expect(missing.res.status).toBe(404);
    expect(JSON.parse(missing.text).error.code).toBe('not_found');
    expect((await get(`/api/v1/ar/events/${encodeURIComponent(await slugOf(ids.draft))}`)).res.status).toBe(
      404,
    );
    expect((await get('/api/v1/ar/events?colour=red')).res.status).toBe(400);
    expect((await get('/api/v1/ar/events?month=2022-13')).res.status).toBe(400);
  });

  it('lists events in the sitemap: the events pages and every published event', async () => {
    const index = (await get('/sitemap.xml')).text;
    expect(index).toContain('<loc>https://news.example/sitemaps/events.xml</loc>');
    const { res, text } = await get('/sitemaps/events.xml');
    expect(res.status).toBe(200);
    expect(text).toContain('<loc>https://news.example/ar/events</loc>');
    expect(text).toContain('<loc>https://news.example/en/events</loc>');
    expect(text).toContain(
      `<loc>https://news.example/ar/events/${encodeURIComponent(await slugOf(ids.debate))}</loc>`,
    );
    expect(text).toContain(
      `<loc>https://news.example/en/events/${encodeURIComponent(await slugOf(ids.en))}</loc>`,
    );
    expect(text).not.toContain(encodeURIComponent(await slugOf(ids.draft)));
  });

  it('links published translations of an event (hreflang, the language switcher, the sitemap)', async () => {
    const en = await translateEvent(db(), ids.debate, 'en', act);
    const enSlug = encodeURIComponent(await slugOf(en));
    const arPath = `/ar/events/${encodeURIComponent(await slugOf(ids.debate))}`;
    // A draft translation is not linked.
    expect((await get(arPath)).text).not.toContain('hreflang="en" href="https://news.example/en/events/');
    await publishEvent(db(), en, act);
    const { text } = await get(arPath);
    expect(text).toContain(
      `<link rel="alternate" hreflang="en" href="https://news.example/en/events/${enSlug}"/>`,
    );
    expect(text).toContain(
      `<link rel="alternate" hreflang="x-default" href="https://news.example${arPath}"/>`,
    );
    expect(text).toContain(`href="/en/events/${enSlug}" hreflang="en"`);
    const sitemap = (await get('/sitemaps/events.xml')).text;
    expect(sitemap).toContain(`hreflang="en" href="https://news.example/en/events/${enSlug}"`);
    // An all-day event's JSON-LD has dates.
    const day = await get(`/ar/events/${encodeURIComponent(await slugOf(ids.pastNov25))}`);
    expect(jsonLd(day.text)[0]).toMatchObject({ startDate: '2022-11-25', endDate: '2022-11-25' });
    expect(day.text).toContain('25 نوفمبر تشرين الثاني 2022 (طوال اليوم)');
  });

  it('pages the list without a script: 20 a page, links to the next and previous', async () => {
    for (let i = 1; i <= 16; i++) {
      const day = String(i).padStart(2, '0');
      await publishedEvent(
        db(),
        'ar',
        { title: `حدث قديم ${i}`, start: `2021-03-${day}T10:00`, end: `2021-03-${day}T11:00` },
        act,
      );
    }
    const first = (await get('/ar/events')).text;
    expect(first).toContain('href="/ar/events?page=2" rel="next"');
    expect(first).not.toContain('حدث قديم 1<');
    const second = (await get('/ar/events?page=2')).text;
    expect(second).toContain('حدث قديم 1<');
    expect(second).toContain('href="/ar/events" rel="prev"');
    expect(second).toContain('<meta name="robots" content="noindex"/>');
  });
});
