import type { Db } from '../db/schema.js';
import type { EventSnapshot } from './input.js';
import { createEvent, type EventAct, publishEvent } from './workflow.js';

/** An event's fields for tests: an in-person evening debate in Beirut, overridable field by field. */
export function eventSnapshot(overrides: Partial<EventSnapshot> = {}): EventSnapshot {
  return {
    slug: '',
    title: 'مناظرة المرشحين لرئاسة البلدية',
    summary: 'يتواجه المرشحون الثلاثة في مناظرة علنية.',
    descriptionHtml: '<p>تنظم الصحيفة <strong>مناظرة</strong> بين المرشحين.</p>',
    timeZone: 'Asia/Beirut',
    allDay: false,
    start: '2026-03-28T19:00',
    end: '2026-03-28T21:00',
    status: 'scheduled',
    attendance: 'in_person',
    venueName: 'قاعة المدينة',
    venueAddress: 'شارع الحمرا، بيروت',
    mapUrl: '',
    onlineUrl: '',
    organizerName: 'صحيفة',
    organizerUrl: '',
    imageId: null,
    sectionId: null,
    topicIds: [],
    articleIds: [],
    ...overrides,
  };
}

/** A published event through the door, at `act.now`. */
export async function publishedEvent(
  db: Db,
  editionCode: string,
  overrides: Partial<EventSnapshot>,
  act: EventAct,
): Promise<string> {
  const id = await createEvent(db, { editionCode, snapshot: eventSnapshot(overrides) }, act);
  await publishEvent(db, id, act);
  return id;
}
