import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { deleteSection } from '../editions/settings.js';
import { cacheTags } from '../http/cache-tags.js';
import { tempDataDir } from '../http/testing.js';
import { checkEventText } from './input.js';
import { findDeskEvent, listEventRevisions } from './queries.js';
import { eventSnapshot } from './testing.js';
import {
  createEvent,
  deleteEvent,
  EventConflictError,
  EventInputError,
  EventStateError,
  publishEvent,
  saveEvent,
  translateEvent,
  unpublishEvent,
} from './workflow.js';

const now = FIXTURE_NOW;
const act = { userId: 'u-editor', now };

describe('checking what an editor typed', () => {
  const check = (overrides: Parameters<typeof eventSnapshot>[0]) => checkEventText(eventSnapshot(overrides));
  const errorsOf = (overrides: Parameters<typeof eventSnapshot>[0]) => {
    const result = check(overrides);
    return result.ok ? {} : result.errors;
  };

  it('refuses an end before the start, an unknown zone, impossible dates and a missing place', () => {
    expect(errorsOf({ end: '2026-03-28T18:00' })).toEqual({ end: 'eventsErrorEndBeforeStart' });
    expect(errorsOf({ end: '2026-03-28T19:00' })).toEqual({ end: 'eventsErrorEndBeforeStart' });
    expect(errorsOf({ timeZone: 'Mars/Olympus_Mons' })).toEqual({ timeZone: 'eventsErrorZone' });
    expect(errorsOf({ timeZone: '+02:00' })).toEqual({ timeZone: 'eventsErrorZone' });
    expect(errorsOf({ start: '2026-02-30T10:00', end: '2026-03-01T10:00' })).toEqual({
      start: 'eventsErrorStart',
    });
    expect(errorsOf({ allDay: true, start: '2026-02-30', end: '' })).toEqual({
      start: 'eventsErrorStart',
      end: 'eventsErrorEnd',
    });
    expect(errorsOf({ allDay: true, start: '2026-04-02', end: '2026-04-01' })).toEqual({
      end: 'eventsErrorEndBeforeStart',
    });
    expect(errorsOf({ start: '2026-03-28T24:00' })).toEqual({ start: 'eventsErrorStart' });
    expect(errorsOf({ venueName: '', onlineUrl: '' })).toEqual({ venueName: 'eventsErrorWhere' });
    expect(errorsOf({ attendance: 'online', onlineUrl: '' })).toEqual({ onlineUrl: 'eventsErrorOnlineUrl' });
    expect(errorsOf({ attendance: 'mixed', venueName: '', onlineUrl: 'https://example.com/live' })).toEqual({
      venueName: 'eventsErrorVenue',
    });
    expect(errorsOf({ mapUrl: 'javascript:alert(1)' })).toEqual({ mapUrl: 'eventsErrorUrl' });
    expect(errorsOf({ title: ' ', summary: 'a\u0000b' })).toEqual({
      title: 'eventsErrorTitle',
      summary: 'deskErrorInvalidCharacters',
    });
    // An online event needs no venue.
    expect(check({ attendance: 'online', venueName: '', onlineUrl: 'https://example.com/live' }).ok).toBe(
      true,
    );
  });

  it('refuses times the clocks skip when daylight saving starts, in London and in Beirut', () => {
    // London: 01:00 GMT becomes 02:00 BST on 29 March 2026.
    expect(
      errorsOf({ timeZone: 'Europe/London', start: '2026-03-29T01:30', end: '2026-03-29T03:00' }),
    ).toEqual({ start: 'eventsErrorStartSkipped' });
    // Beirut: midnight becomes 01:00 on 29 March 2026.
    expect(errorsOf({ timeZone: 'Asia/Beirut', start: '2026-03-28T22:00', end: '2026-03-29T00:30' })).toEqual(
      { end: 'eventsErrorEndSkipped' },
    );
  });

  it('reads wall clocks around the changes into the right instants', () => {
    const times = (overrides: Parameters<typeof eventSnapshot>[0]) => {
      const result = check(overrides);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return [result.times.startsAt.toISOString(), result.times.endsAt.toISOString()];
    };
    // London, the day before and the day of the spring change: 09:00 GMT, then 09:00 BST.
    expect(times({ timeZone: 'Europe/London', start: '2026-03-28T09:00', end: '2026-03-29T09:00' })).toEqual([
      '2026-03-28T09:00:00.000Z',
      '2026-03-29T08:00:00.000Z',
    ]);
    // London in the autumn: 01:30 happens twice on 25 October 2026; the first (BST) is meant.
    expect(times({ timeZone: 'Europe/London', start: '2026-10-25T01:30', end: '2026-10-25T02:30' })).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T02:30:00.000Z',
    ]);
    // Beirut, across the spring change: 20:00 EET, then 20:00 EEST.
    expect(times({ timeZone: 'Asia/Beirut', start: '2026-03-28T20:00', end: '2026-03-29T20:00' })).toEqual([
      '2026-03-28T18:00:00.000Z',
      '2026-03-29T17:00:00.000Z',
    ]);
    // Beirut all day on 29 March: the day starts at 01:00 (midnight is skipped) and lasts 23 hours.
    expect(times({ timeZone: 'Asia/Beirut', allDay: true, start: '2026-03-29', end: '' })).toEqual([
      '2026-03-28T22:00:00.000Z',
      '2026-03-29T21:00:00.000Z',
    ]);
    // Beirut in the autumn: at midnight starting 25 October 2026 the clocks go back to 23:00 on the 24th,
    // so the 24th lasts 25 hours.
    expect(times({ timeZone: 'Asia/Beirut', allDay: true, start: '2026-10-24', end: '2026-10-24' })).toEqual([
      '2026-10-23T21:00:00.000Z',
      '2026-10-24T22:00:00.000Z',
    ]);
  });
});

describeEachDatabase('the events door', (db) => {
  const dataDir = tempDataDir();
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await seedFixture(db(), dataDir);
  });

  const changesSince = async (seq: number) =>
    (
      await db().selectFrom('content_changes').select(['seq', 'tags']).where('seq', '>', seq).execute()
    ).flatMap((r) => r.tags.split(' '));
  const lastSeq = async () =>
    Number(
      (
        await db()
          .selectFrom('content_changes')
          .select((eb) => eb.fn.max('seq').as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );

  it('creates a draft as version 1 with its revision, audit entry, topics and articles', async () => {
    const id = await createEvent(
      db(),
      {
        editionCode: 'ar',
        snapshot: eventSnapshot({
          sectionId: fixture.sections.arWorld,
          topicIds: [fixture.topics.arDiplomacy],
          articleIds: [fixture.lead.arId],
          descriptionHtml: '<p onclick="x()">نص<script>alert(1)</script></p>',
        }),
      },
      act,
    );
    const event = await findDeskEvent(db(), id);
    expect(event?.row).toMatchObject({
      publication: 'draft',
      version: 1,
      sequence: 0,
      slug: 'مناظرة-المرشحين-لرئاسة-البلدية',
      starts_at: '2026-03-28T17:00:00.000Z',
      ends_at: '2026-03-28T19:00:00.000Z',
      description_html: '<p>نص</p>',
      created_by: 'u-editor',
    });
    expect(event?.snapshot.topicIds).toEqual([fixture.topics.arDiplomacy]);
    expect(event?.snapshot.articleIds).toEqual([fixture.lead.arId]);
    const revisions = await listEventRevisions(db(), id);
    expect(revisions.map((r) => [r.version, r.kind, r.source])).toEqual([[1, 'create', 'desk']]);
    const audit = await db().selectFrom('audit_log').selectAll().where('subject_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(['event.create']);
  });

  it('refuses bad input and references of another edition, saving nothing', async () => {
    const before = await db().selectFrom('events').select('id').execute();
    const attempts = [
      eventSnapshot({ end: '2026-03-28T18:00' }),
      eventSnapshot({ timeZone: 'Europe/Nowhere' }),
      eventSnapshot({ start: '2026-02-30T10:00' }),
      eventSnapshot({ venueName: '' }),
      eventSnapshot({ sectionId: fixture.sections.enWorld }),
      eventSnapshot({ articleIds: [fixture.lead.enId] }),
      eventSnapshot({ topicIds: [fixture.topics.enDiplomacy] }),
      eventSnapshot({ imageId: 'no-such-image' }),
    ];
    for (const snapshot of attempts) {
      await expect(createEvent(db(), { editionCode: 'ar', snapshot }, act)).rejects.toBeInstanceOf(
        EventInputError,
      );
    }
    expect(await db().selectFrom('events').select('id').execute()).toHaveLength(before.length);
  });

  it('saves over the version the editor had, refuses a stale one, and bumps SEQUENCE only for calendar changes', async () => {
    const id = await createEvent(
      db(),
      { editionCode: 'ar', snapshot: eventSnapshot({ title: 'حدث للحفظ' }) },
      act,
    );
    const later = { ...act, now: new Date(now.getTime() + 60_000) };
    expect(
      await saveEvent(
        db(),
        id,
        { expectedVersion: 1, snapshot: eventSnapshot({ title: 'حدث للحفظ' }) },
        later,
      ),
    ).toBe(2);
    // Only what no calendar shows changed: the section.
    await saveEvent(
      db(),
      id,
      {
        expectedVersion: 2,
        snapshot: eventSnapshot({ title: 'حدث للحفظ', sectionId: fixture.sections.arWorld }),
      },
      later,
    );
    expect((await findDeskEvent(db(), id))?.row.sequence).toBe(0);
    await expect(
      saveEvent(db(), id, { expectedVersion: 2, snapshot: eventSnapshot({ title: 'قديم' }) }, later),
    ).rejects.toBeInstanceOf(EventConflictError);
    // A new start: SEQUENCE moves, the former start is kept.
    await saveEvent(
      db(),
      id,
      {
        expectedVersion: 3,
        snapshot: eventSnapshot({
          title: 'حدث للحفظ',
          start: '2026-03-28T20:00',
          end: '2026-03-28T22:00',
          status: 'rescheduled',
        }),
      },
      later,
    );
    const row = (await findDeskEvent(db(), id))?.row;
    expect(row).toMatchObject({
      version: 4,
      sequence: 1,
      status: 'rescheduled',
      starts_at: '2026-03-28T18:00:00.000Z',
      previous_starts_at: '2026-03-28T17:00:00.000Z',
    });
    expect((await listEventRevisions(db(), id)).map((r) => r.kind)).toEqual([
      'save',
      'save',
      'save',
      'create',
    ]);
  });

  it('follows the title with the slug until published; afterwards the old address redirects', async () => {
    const id = await createEvent(
      db(),
      { editionCode: 'ar', snapshot: eventSnapshot({ title: 'معرض الكتاب' }) },
      act,
    );
    await saveEvent(
      db(),
      id,
      { expectedVersion: 1, snapshot: eventSnapshot({ title: 'معرض الكتاب الدولي' }) },
      act,
    );
    expect((await findDeskEvent(db(), id))?.row.slug).toBe('معرض-الكتاب-الدولي');
    await publishEvent(db(), id, act);
    await saveEvent(
      db(),
      id,
      { expectedVersion: 3, snapshot: eventSnapshot({ title: 'معرض بيروت للكتاب' }) },
      act,
    );
    expect((await findDeskEvent(db(), id))?.row.slug).toBe('معرض-الكتاب-الدولي');
    await saveEvent(
      db(),
      id,
      { expectedVersion: 4, snapshot: eventSnapshot({ title: 'معرض بيروت للكتاب', slug: 'معرض بيروت' }) },
      act,
    );
    expect((await findDeskEvent(db(), id))?.row.slug).toBe('معرض-بيروت');
    const redirects = await db()
      .selectFrom('event_slug_redirects')
      .selectAll()
      .where('event_id', '=', id)
      .execute();
    expect(redirects.map((r) => r.slug)).toEqual(['معرض-الكتاب-الدولي']);
    // Another event with the same title gets a slug of its own.
    const twin = await createEvent(
      db(),
      { editionCode: 'ar', snapshot: eventSnapshot({ title: 'معرض بيروت' }) },
      act,
    );
    expect((await findDeskEvent(db(), twin))?.row.slug).toBe('معرض-بيروت-2');
  });

  it('publishes and unpublishes once each, purging the event, its lists and the articles it links', async () => {
    const id = await createEvent(
      db(),
      {
        editionCode: 'ar',
        snapshot: eventSnapshot({ title: 'قمة', articleIds: [fixture.arOthers[0] ?? ''] }),
      },
      act,
    );
    const seq = await lastSeq();
    expect(await publishEvent(db(), id, act)).toBe(true);
    expect(await publishEvent(db(), id, act)).toBe(false);
    const tags = await changesSince(seq);
    expect(tags).toEqual(
      expect.arrayContaining([
        cacheTags.event(id),
        cacheTags.events('ar'),
        cacheTags.article(fixture.arOthers[0] ?? ''),
      ]),
    );
    const row = (await findDeskEvent(db(), id))?.row;
    expect(row).toMatchObject({
      publication: 'published',
      first_published_at: now.toISOString(),
      version: 2,
    });
    // A save of a published event that drops the article purges that article's page too.
    const seq2 = await lastSeq();
    await saveEvent(db(), id, { expectedVersion: 2, snapshot: eventSnapshot({ title: 'قمة' }) }, act);
    expect(await changesSince(seq2)).toContain(cacheTags.article(fixture.arOthers[0] ?? ''));
    expect(await unpublishEvent(db(), id, act)).toBe(true);
    expect(await unpublishEvent(db(), id, act)).toBe(false);
    expect((await listEventRevisions(db(), id)).map((r) => r.kind)).toEqual([
      'unpublish',
      'save',
      'publish',
      'create',
    ]);
    const actions = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', id)
      .execute();
    expect(actions.map((a) => a.action).sort()).toEqual([
      'event.create',
      'event.publish',
      'event.save',
      'event.unpublish',
    ]);
  });

  it('deletes an event with its rows, keeping the audit entry', async () => {
    const id = await createEvent(
      db(),
      { editionCode: 'ar', snapshot: eventSnapshot({ title: 'للحذف', topicIds: [fixture.topics.arSpace] }) },
      act,
    );
    await publishEvent(db(), id, act);
    const seq = await lastSeq();
    await deleteEvent(db(), id, act);
    expect(await findDeskEvent(db(), id)).toBeUndefined();
    expect(
      await db().selectFrom('event_revisions').select('id').where('event_id', '=', id).execute(),
    ).toEqual([]);
    expect(
      await db().selectFrom('event_topics').select('topic_id').where('event_id', '=', id).execute(),
    ).toEqual([]);
    expect(await changesSince(seq)).toContain(cacheTags.event(id));
    const audit = await db().selectFrom('audit_log').select('action').where('subject_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toContain('event.delete');
  });

  it('lets a section be deleted while events file under it: they are left without one', async () => {
    const section = 'sec-events-test';
    await db()
      .insertInto('sections')
      .values({ id: section, edition_code: 'ar', slug: 'festivals', name: 'مهرجانات', position: 9 })
      .execute();
    const id = await createEvent(
      db(),
      { editionCode: 'ar', snapshot: eventSnapshot({ title: 'مهرجان الصيف', sectionId: section }) },
      act,
    );
    const deleted = await deleteSection(db(), 'ar', section, now, null);
    expect(deleted.ok).toBe(true);
    expect((await findDeskEvent(db(), id))?.row.section_id).toBeNull();
  });

  it('starts a translation in another edition, linked by a group, once per edition', async () => {
    const source = await createEvent(
      db(),
      {
        editionCode: 'ar',
        snapshot: eventSnapshot({ title: 'مهرجان', sectionId: fixture.sections.arWorld }),
      },
      act,
    );
    const copy = await translateEvent(db(), source, 'en', act);
    const [a, b] = await Promise.all([findDeskEvent(db(), source), findDeskEvent(db(), copy)]);
    expect(a?.row.translation_group).toBeTruthy();
    expect(b?.row).toMatchObject({
      edition_code: 'en',
      translation_group: a?.row.translation_group,
      publication: 'draft',
      section_id: null,
      starts_at: a?.row.starts_at,
      time_zone: 'Asia/Beirut',
    });
    await expect(translateEvent(db(), source, 'en', act)).rejects.toBeInstanceOf(EventStateError);
    await expect(translateEvent(db(), source, 'ar', act)).rejects.toBeInstanceOf(EventStateError);
  });
});
