/**
 * The readers' events: `/{edition}/events` (filter by section and month,
 * pages of links, no script needed), each event's page, the edition's
 * subscribable calendar `/{edition}/events.ics` (upcoming events, `?section=`)
 * and each event's `.ics`, and the events sitemap.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { cachedEditions, loadChrome } from '../editions/chrome.js';
import type { Edition } from '../editions/queries.js';
import { type SitemapUrl, urlSet } from '../feeds/sitemaps.js';
import { staleIn } from '../front/freshness.js';
import { cacheTags, editionPageTags, tagIf } from '../http/cache-tags.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { badRequest, notFound } from '../http/errors.js';
import { renderPage } from '../http/render.js';
import { formatMonth, isoInZone } from '../i18n/dates.js';
import { format, messagesFor } from '../i18n/messages.js';
import { mediaUrl, renditionNear } from '../media/images.js';
import { googleCalendarHref, plainTextOf, renderCalendar } from './calendar.js';
import {
  type EventFilter,
  eventPath,
  eventSpan,
  eventsPath,
  findPublicEvent,
  findRenamedEvent,
  listEvents,
  listSitemapEvents,
  listUpcomingEvents,
} from './queries.js';
import { eventJsonLd } from './structured-data.js';
import { monthBounds, monthOf, monthsBetween } from './time.js';
import { EventPage, EventsPage } from './views.js';

export const EVENTS_PAGE_SIZE = 20;
/** A subscribed calendar holds at most this many upcoming events. */
export const CALENDAR_SIZE = 500;
/** The month filter offers at most this many months, around the current one. */
const MONTH_CHOICES = 36;

const CALENDAR_TYPE = 'text/calendar; charset=utf-8';
const XML = 'application/xml; charset=utf-8';

const listingQuery = z.object({
  section: z.string().max(200).optional(),
  month: z.string().max(20).optional(),
  page: z.string().max(6).optional(),
});
const calendarQuery = z.object({ section: z.string().max(200).optional() });
const slugParam = z.string().min(1).max(300);

export function eventRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, config, clock } = deps;

  /** The section of `?section=` (404 when the edition has none of that slug), or none when empty. */
  function sectionOf(edition: Edition, slug: string | undefined) {
    if (!slug) return undefined;
    const section = edition.sections.find((s) => s.slug === slug);
    if (!section) throw notFound(`No section "${slug}" in edition ${edition.code}`);
    return section;
  }

  app.get('/:edition{[a-z]{2,3}}/events', async (c) => {
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const { edition } = chrome;
    const query = listingQuery.safeParse(c.req.query());
    if (!query.success) throw badRequest('Invalid events parameters');
    // Only these parameters make a distinct cached page.
    c.set('cacheQuery', Object.keys(listingQuery.shape));
    const section = sectionOf(edition, query.data.section);
    const month = query.data.month || undefined;
    const between = month === undefined ? undefined : monthBounds(month, edition.timeZone);
    if (month !== undefined && !between) throw badRequest('Invalid "month": use YYYY-MM');
    const pageText = query.data.page || '1';
    if (!/^[1-9][0-9]{0,4}$/.test(pageText)) throw badRequest('Invalid "page"');
    const page = Number(pageText);
    const now = clock.now();
    const filter: EventFilter = { sectionId: section?.id, between };
    const [listing, span] = await Promise.all([
      listEvents(db, edition, filter, { now, page, pageSize: EVENTS_PAGE_SIZE }),
      eventSpan(db, edition.code),
    ]);
    if (page > listing.pages) throw notFound('No such page of events');
    // An upcoming event that ends moves to the past: the page is rendered again then.
    if (listing.nextChange) staleIn(c, Date.parse(listing.nextChange) - now.getTime());
    const t = messagesFor(edition.language);
    const path = eventsPath(edition.code);
    const hrefWith = (params: Record<string, string | undefined>) => {
      const search = new URLSearchParams(
        Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])),
      ).toString();
      return search ? `${path}?${search}` : path;
    };
    const kept = { section: section?.slug, month };
    const pageHref = (n: number) => hrefWith({ ...kept, page: n > 1 ? String(n) : undefined });
    const calendarPath = `${path}.ics${section ? `?section=${encodeURIComponent(section.slug)}` : ''}`;
    const https = `${config.publicUrl}${calendarPath}`;
    const view = (
      <EventsPage
        chrome={chrome}
        meta={{
          title: `${t.eventsTitle} | ${edition.name}`,
          description: format(t.eventsDescription, { name: edition.name }),
          canonical: `${config.publicUrl}${pageHref(page)}`,
          ogType: 'website',
          // Filtered and later pages are the same events again: only the plain list is indexed.
          noindex: page > 1 || section !== undefined || month !== undefined,
        }}
        listing={listing}
        filters={{
          action: path,
          sections: edition.sections,
          months: monthChoices(edition, span, month, now),
          section: section?.slug ?? '',
          month: month ?? '',
        }}
        calendar={{ https, webcal: https.replace(/^https?:/, 'webcal:') }}
        pageHref={pageHref}
      />
    );
    return renderPage(c, view, [cacheTags.events(edition.code), ...editionPageTags(edition.code)]);
  });

  /** The months the filter offers: those any event touches (at most 36, around the current one), and the chosen one. */
  function monthChoices(
    edition: Edition,
    span: { first: string; last: string } | undefined,
    chosen: string | undefined,
    now: Date,
  ) {
    const zone = edition.timeZone;
    const current = monthOf(now, zone);
    const values = span
      ? monthsBetween(
          monthOf(new Date(span.first), zone),
          monthOf(new Date(Date.parse(span.last) - 1), zone),
          current,
          MONTH_CHOICES,
        )
      : [];
    if (chosen && !values.includes(chosen)) values.push(chosen);
    values.sort();
    return values.map((value) => ({
      value,
      label: formatMonth(monthBounds(value, zone)?.start ?? now, edition),
    }));
  }

  // The edition's calendar of upcoming events, for calendar apps to subscribe to.
  app.get('/:edition{[a-z]{2,3}}/events.ics', async (c) => {
    const edition = await editionNamed(c.req.param('edition'));
    const query = calendarQuery.safeParse(c.req.query());
    if (!query.success) throw badRequest('Invalid calendar parameters');
    c.set('cacheQuery', ['section']);
    const section = sectionOf(edition, query.data.section);
    const now = clock.now();
    const events = await listUpcomingEvents(
      db,
      edition,
      { sectionId: section?.id },
      { now, limit: CALENDAR_SIZE },
    );
    const first = events.map((e) => Date.parse(e.endsAt)).sort((a, b) => a - b)[0];
    if (first !== undefined) staleIn(c, first - now.getTime());
    const t = messagesFor(edition.language);
    const name = format(t.eventsCalendarName, {
      name: section ? `${edition.name} · ${section.name}` : edition.name,
    });
    const url = `${config.publicUrl}${eventsPath(edition.code)}.ics${section ? `?section=${encodeURIComponent(section.slug)}` : ''}`;
    c.set('cacheTags', [cacheTags.events(edition.code), ...editionPageTags(edition.code)]);
    const body = renderCalendar(events, {
      edition,
      publicUrl: config.publicUrl,
      name,
      description: format(t.eventsDescription, { name: edition.name }),
      url,
    });
    return c.body(body, 200, { 'content-type': CALENDAR_TYPE });
  });

  // One event's calendar file (registered before the page: its slug never holds a dot).
  app.get('/:edition{[a-z]{2,3}}/events/:file{[^/]+\\.ics}', async (c) => {
    const file = c.req.param('file');
    const slug = slugParam.safeParse(file.slice(0, -'.ics'.length));
    if (!slug.success) throw notFound('No such event');
    const editions = await cachedEditions(deps);
    const edition = editions.find((e) => e.code === c.req.param('edition'));
    if (!edition) throw notFound('No such edition');
    const event = await findPublicEvent(db, edition, editions, slug.data, clock.now());
    if (!event) {
      const renamed = await findRenamedEvent(db, edition.code, slug.data);
      if (renamed) return c.redirect(`${renamed}.ics`, 301);
      throw notFound('No such event');
    }
    c.set('cacheTags', [cacheTags.event(event.id), ...editionPageTags(edition.code)]);
    const body = renderCalendar([event], {
      edition,
      publicUrl: config.publicUrl,
      name: event.title,
      url: `${config.publicUrl}${eventPath(edition.code, event.slug)}.ics`,
    });
    return c.body(body, 200, { 'content-type': CALENDAR_TYPE });
  });

  app.get('/:edition{[a-z]{2,3}}/events/:slug', async (c) => {
    const slug = slugParam.safeParse(c.req.param('slug'));
    if (!slug.success) throw notFound('No such event');
    const chrome = await loadChrome(deps, c.req.param('edition'), c);
    const { edition, editions } = chrome;
    const event = await findPublicEvent(db, edition, editions, slug.data, clock.now());
    if (!event) {
      const renamed = await findRenamedEvent(db, edition.code, slug.data);
      if (renamed) return c.redirect(renamed, 301);
      throw notFound('No such event');
    }
    const canonical = `${config.publicUrl}${event.url}`;
    const image = event.image && renditionNear(event.image, 1200);
    const imageUrl = image ? `${config.publicUrl}${mediaUrl(image.file)}` : undefined;
    const alternates = event.translations.map((tr) => ({
      hreflang: tr.language,
      href: `${config.publicUrl}${tr.url}`,
    }));
    const defaultVersion = editions
      .map((e) => event.translations.find((tr) => tr.editionCode === e.code))
      .find(Boolean);
    if (alternates.length > 1 && defaultVersion)
      alternates.push({ hreflang: 'x-default', href: `${config.publicUrl}${defaultVersion.url}` });
    const page = (
      <EventPage
        chrome={{
          ...chrome,
          currentSection: event.section?.id,
          switchTo: Object.fromEntries(event.translations.map((tr) => [tr.editionCode, tr.url])),
        }}
        meta={{
          title: `${event.title} | ${edition.name}`,
          description: event.summary || plainTextOf(event.descriptionHtml).slice(0, 300),
          canonical,
          ogType: 'website',
          image:
            image && imageUrl && event.image
              ? {
                  url: imageUrl,
                  width: image.width,
                  height: Math.round((image.width * event.image.height) / event.image.width),
                  alt: event.image.alt,
                }
              : undefined,
          alternates: alternates.length > 1 ? alternates : [],
          jsonLd: eventJsonLd(event, edition, {
            canonical,
            publicUrl: config.publicUrl,
            images: imageUrl ? [imageUrl] : [],
          }),
        }}
        event={event}
        calendar={{
          ics: `${event.url}.ics`,
          fileName: `${event.slug}.ics`,
          google: googleCalendarHref(event, config.publicUrl),
        }}
      />
    );
    const tags = [
      cacheTags.event(event.id),
      ...event.translations.map((tr) => cacheTags.event(tr.id)),
      ...event.related.map((card) => cacheTags.article(card.id)),
      ...event.topics.map((topic) => cacheTags.topic(topic.id)),
      ...tagIf(event.section?.id, cacheTags.section),
      ...editionPageTags(edition.code),
    ];
    return renderPage(c, page, tags);
  });

  // Every edition's events page and every published event, with their other-language versions.
  app.get('/sitemaps/events.xml', async (c) => {
    const editions = await cachedEditions(deps);
    const events = await listSitemapEvents(db);
    const byGroup = new Map<string, typeof events>();
    for (const event of events) {
      if (!event.translation_group) continue;
      byGroup.set(event.translation_group, [...(byGroup.get(event.translation_group) ?? []), event]);
    }
    const urls: SitemapUrl[] = editions.map((e) => ({ loc: `${config.publicUrl}${eventsPath(e.code)}` }));
    for (const event of events) {
      const edition = editions.find((e) => e.code === event.edition_code);
      if (!edition) continue;
      const versions = (event.translation_group ? byGroup.get(event.translation_group) : undefined) ?? [];
      const alternates = versions.flatMap((v) => {
        const other = editions.find((e) => e.code === v.edition_code);
        return other
          ? [{ hreflang: other.language, href: `${config.publicUrl}${eventPath(v.edition_code, v.slug)}` }]
          : [];
      });
      urls.push({
        loc: `${config.publicUrl}${eventPath(event.edition_code, event.slug)}`,
        lastmod: isoInZone(new Date(event.updated_at), edition.timeZone),
        alternates: alternates.length > 1 ? alternates : undefined,
      });
    }
    c.set('cacheTags', [...editions.map((e) => cacheTags.events(e.code)), cacheTags.site]);
    return c.body(urlSet(urls), 200, { 'content-type': XML });
  });

  async function editionNamed(code: string): Promise<Edition> {
    const edition = (await cachedEditions(deps)).find((e) => e.code === code);
    if (!edition) throw notFound(`No edition ${code}`);
    return edition;
  }

  return app;
}
