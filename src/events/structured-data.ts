import type { Edition } from '../editions/queries.js';
import { isoInZone } from '../i18n/dates.js';
import { plainTextOf } from './calendar.js';
import type { EventCard, EventDetail } from './queries.js';

const SCHEMA = 'https://schema.org';

const STATUS: Record<EventCard['status'], string> = {
  scheduled: `${SCHEMA}/EventScheduled`,
  postponed: `${SCHEMA}/EventPostponed`,
  rescheduled: `${SCHEMA}/EventRescheduled`,
  cancelled: `${SCHEMA}/EventCancelled`,
};

const ATTENDANCE: Record<EventCard['attendance'], string> = {
  in_person: `${SCHEMA}/OfflineEventAttendanceMode`,
  online: `${SCHEMA}/OnlineEventAttendanceMode`,
  mixed: `${SCHEMA}/MixedEventAttendanceMode`,
};

/** The event's start and end as schema.org wants them: dates when all day, else with the event zone's offset. */
export function eventDates(event: EventCard): { start: string; end: string } {
  if (event.allDay) return { start: event.startLocal, end: event.endLocal };
  return {
    start: isoInZone(new Date(event.startsAt), event.timeZone),
    end: isoInZone(new Date(event.endsAt), event.timeZone),
  };
}

/** Where people go, as schema.org says it: a Place, a VirtualLocation, or both. */
function locationOf(event: EventCard) {
  const place =
    event.venueName === ''
      ? undefined
      : {
          '@type': 'Place',
          name: event.venueName,
          ...(event.venueAddress ? { address: event.venueAddress } : {}),
          ...(event.mapUrl ? { hasMap: event.mapUrl } : {}),
        };
  const online = event.onlineUrl === '' ? undefined : { '@type': 'VirtualLocation', url: event.onlineUrl };
  if (place && online && event.attendance === 'mixed') return [place, online];
  return event.attendance === 'online' ? (online ?? place) : (place ?? online);
}

/** schema.org Event for an event page. */
export function eventJsonLd(
  event: EventDetail,
  edition: Edition,
  urls: { canonical: string; publicUrl: string; images: string[] },
) {
  const { start, end } = eventDates(event);
  const text = event.summary || plainTextOf(event.descriptionHtml).slice(0, 500);
  return {
    '@context': SCHEMA,
    '@type': 'Event',
    name: event.title,
    ...(text ? { description: text } : {}),
    url: urls.canonical,
    inLanguage: edition.language,
    startDate: start,
    endDate: end,
    eventStatus: STATUS[event.status],
    eventAttendanceMode: ATTENDANCE[event.attendance],
    location: locationOf(event),
    ...(event.status === 'rescheduled' && event.previousStartsAt
      ? {
          // The zone's wall clock: for an all-day event, the day it was to start.
          previousStartDate: isoInZone(new Date(event.previousStartsAt), event.timeZone).slice(
            0,
            event.allDay ? 10 : undefined,
          ),
        }
      : {}),
    ...(urls.images.length > 0 ? { image: urls.images } : {}),
    ...(event.organizerName
      ? {
          organizer: {
            '@type': 'Organization',
            name: event.organizerName,
            ...(event.organizerUrl ? { url: event.organizerUrl } : {}),
          },
        }
      : {}),
    publisher: {
      '@type': 'NewsMediaOrganization',
      name: edition.name,
      url: `${urls.publicUrl}/${edition.code}`,
    },
    ...(event.topics.length > 0 ? { keywords: event.topics.map((t) => t.name).join(', ') } : {}),
  };
}
