import type { ColumnType, Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';

/**
 * The database as Kysely sees it. Timestamps are ISO-8601 UTC strings
 * (`Date#toISOString()`), generated in application code, so they compare and
 * sort the same way on SQLite and PostgreSQL. Ids are generated in code too.
 */
export interface EditionTable {
  code: string;
  language: string;
  direction: 'rtl' | 'ltr';
  name: string;
  description: string;
  date_style: string;
  digits: string;
  /** How the 'levant' date style joins its two month names: 'space' | 'slash' | 'parentheses'. */
  month_separator: Generated<string>;
  time_zone: string;
  /** JSON array of {network, url}. */
  social_links: string;
  position: number;
  created_at: string;
}

export interface SectionTable {
  id: string;
  edition_code: string;
  slug: string;
  name: string;
  position: number;
}

export interface TopicTable {
  id: string;
  edition_code: string;
  slug: string;
  name: string;
}

export interface ContributorTable {
  id: string;
  slug: string;
  name: string;
  bio: string;
}

export interface AgencyTable {
  id: string;
  slug: string;
  name: string;
  copyright_line: string;
  url: string;
}

/** An agency's name in one edition language; without a row, agencies.name is credited. */
export interface AgencyNameTable {
  agency_id: string;
  /** BCP-47, as editions store their language. */
  language: string;
  name: string;
}

export interface MediaTable {
  id: string;
  kind: 'image';
  /** Plain text in the language of the articles that use it. */
  alt: string;
  caption: string;
  credit: string;
  copyright: string;
  width: number;
  height: number;
  /** JSON array of {width, format, file}. */
  renditions: string;
  created_at: string;
}

export type ArticleStatus = 'draft' | 'in_review' | 'scheduled' | 'published' | 'unpublished';

/** How an article is told: a standard story, or live coverage (a stream of entries, src/live). */
export type ArticleFormat = 'standard' | 'live';

export interface ArticleTable {
  id: string;
  edition_code: string;
  slug: string;
  headline: string;
  standfirst: string;
  /** Sanitized on write; the only HTML ever rendered raw. */
  body_html: string;
  lead_media_id: string | null;
  section_id: string | null;
  copyright: string;
  status: ArticleStatus;
  translation_group: string | null;
  first_published_at: string | null;
  last_updated_at: string | null;
  created_at: string;
  modified_at: string;
  source_uri: string | null;
  source_version: number | null;
  /** Bumped by every save; a save naming an older version is a conflict. */
  version: Generated<number>;
  /** When a scheduled article goes live (its publish job runs then). */
  scheduled_at: string | null;
  /** The user who started it; null for wire, CLI and demo copy. */
  created_by: string | null;
  /** 'standard' or 'live' (migration 020); set through the article door only. */
  format: Generated<ArticleFormat>;
  /** A sponsored article's sponsor (migration 023); null: not sponsored. Set through the article door only. */
  sponsor: Generated<string | null>;
}

export interface ArticleRevisionTable {
  id: string;
  article_id: string;
  version: number;
  author_id: string | null;
  created_at: string;
  kind: string;
  /** The door it came through: desk, api, wire, scheduler, cli, demo or restore (migration 011). */
  source: string;
  snapshot: string;
}

export interface ArticleCorrectionTable {
  id: string;
  article_id: string;
  text: string;
  author_id: string | null;
  created_at: string;
}

export interface SlugRedirectTable {
  edition_code: string;
  slug: string;
  article_id: string;
  created_at: string;
}

export interface JobTable {
  id: string;
  kind: string;
  subject_id: string;
  run_at: string;
  state: 'pending' | 'done' | 'failed' | 'cancelled';
  attempts: number;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
}

export interface ArticleTopicTable {
  article_id: string;
  topic_id: string;
  position: number;
}

export interface ArticleBylineTable {
  article_id: string;
  position: number;
  contributor_id: string | null;
  agency_id: string | null;
}

export interface ContentChangeTable {
  seq: Generated<number>;
  /** Space-separated cache tags the change affects, e.g. "article:abc section:xyz". */
  tags: string;
  created_at: string;
}

/** The CDN purger's cursor in the change log (one row per target), claimed by one instance at a time. */
export interface CdnPurgeTable {
  id: string;
  /** Changes up to this seq are purged (bigint: a string on PostgreSQL). */
  last_seq: ColumnType<number | string, number, number>;
  /** JSON: seqs jumped over, still looked for, with when they were noticed (ms). */
  gaps: string;
  claimed_by: string | null;
  claimed_until: string | null;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  last_purged_at: string | null;
  failures: number;
  purged_changes: number;
  updated_at: string;
}

/** How far an instance's page cache has read the change log (the CDN purger waits for every live one; migration 026). */
export interface CdnInstanceSyncTable {
  instance_id: string;
  /** bigint: a string on PostgreSQL. */
  last_seq: ColumnType<number | string, number, number>;
  seen_at: string;
}

/** A kill's, unpublish's or deletion's tags, purged at once by whichever purger claims it (migration 025). */
export interface CdnUrgentPurgeTable {
  id: string;
  /** Space-separated cache tags. */
  tags: string;
  created_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
}

/** `sales` (migration-free: roles are text) manages advertising only (src/ads). */
export type UserRole = 'admin' | 'editor' | 'writer' | 'sales';

export interface UserTable {
  id: string;
  /** Lowercased. */
  email: string;
  role: UserRole;
  /** The language of the admin pages and of mail to this user. */
  language: string;
  /** argon2id; null until the user chooses a password. */
  password_hash: string | null;
  status: 'active' | 'disabled';
  created_at: string;
  updated_at: string;
}

export interface UserEditionTable {
  user_id: string;
  edition_code: string;
}

export interface SessionTable {
  /** SHA-256 (hex) of the cookie's token. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  refreshed_at: string;
  expires_at: string;
}

export interface AccountTokenTable {
  /** SHA-256 (hex) of the token in the link. */
  token_hash: string;
  user_id: string;
  purpose: 'sign_in' | 'password_reset';
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SignInAttemptTable {
  id: string;
  at: string;
  email: string;
  ip: string;
  /** 1 or 0. */
  succeeded: number;
}

export interface AuditLogTable {
  id: string;
  at: string;
  user_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  /** JSON object. */
  details: string;
}

export interface SecretTable {
  name: string;
  value: string;
  created_at: string;
}

export type IntegrationRole = 'editor' | 'writer';

export interface IntegrationTable {
  id: string;
  name: string;
  /** SHA-256 (hex) of the bearer token, which is shown once and never stored. */
  token_hash: string;
  role: IntegrationRole;
  /** The admin who created it; null when made on the command line. */
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface IntegrationEditionTable {
  integration_id: string;
  edition_code: string;
}

export interface NewsletterTable {
  id: string;
  edition_code: string;
  name: string;
  description: string;
  language: string;
  /** A full From header. */
  sender: string;
  schedule: 'manual' | 'daily';
  /** HH:MM in the edition's time zone, for daily newsletters. */
  send_time: string | null;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface NewsletterSubscriberTable {
  id: string;
  /** Lowercased. */
  email: string;
  created_at: string;
  confirmation_sent_at: string | null;
}

export type SubscriptionStatus = 'pending' | 'active' | 'unsubscribed';

export interface NewsletterSubscriptionTable {
  subscriber_id: string;
  newsletter_id: string;
  status: SubscriptionStatus;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
}

export type IssueStatus = 'draft' | 'scheduled' | 'sending' | 'sent';

export interface NewsletterIssueTable {
  id: string;
  newsletter_id: string;
  subject: string;
  intro: string;
  /** JSON array of article ids. */
  article_ids: string;
  status: IssueStatus;
  scheduled_at: string | null;
  queued_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * queued → sending (claimed, leased) → handoff (written just before the final `.` of SMTP DATA)
 * → sent (after 250). A crash leaves `sending` (resent) or `handoff`, which becomes `uncertain`
 * (the server may have taken it: not resent unless an operator says so).
 */
export type DeliveryState = 'queued' | 'sending' | 'handoff' | 'sent' | 'failed' | 'uncertain';

export interface NewsletterDeliveryTable {
  id: string;
  issue_id: string;
  subscriber_id: string;
  email: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  locked_until: string | null;
  last_error: string | null;
  sent_at: string | null;
}

export interface NewsletterSignupAttemptTable {
  id: string;
  at: string;
  email: string;
  ip: string;
}

export type WireFormat = 'rss' | 'atom' | 'ninjs' | 'newsml';

export interface WireFeedTable {
  id: string;
  name: string;
  source_kind: 'url' | 'folder';
  source: string;
  format: WireFormat | 'auto';
  agency_id: string | null;
  edition_code: string;
  section_id: string | null;
  mode: 'queue' | 'publish';
  poll_seconds: number;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  failures: number;
  next_poll_at: string | null;
  polling_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface WireItemTable {
  id: string;
  uri: string;
  feed_id: string | null;
  agency_id: string | null;
  edition_code: string | null;
  format: WireFormat;
  language: string | null;
  headline: string;
  standfirst: string;
  byline: string;
  copyright: string;
  link: string;
  pub_status: 'usable' | 'withheld' | 'canceled';
  version: number | null;
  version_created: string | null;
  first_created: string | null;
  current_version_id: string;
  received_at: string;
  updated_at: string;
  /** Sanitized on write. */
  body_html: string;
}

export interface WireItemVersionTable {
  id: string;
  item_id: string | null;
  source_key: string;
  payload_hash: string;
  feed_id: string | null;
  /** The edition it came in for (migration 013): who may see it. */
  edition_code: string | null;
  format: string;
  /** Where it came from: a URL or a file path. */
  origin: string;
  version: number | null;
  error: string | null;
  received_at: string;
  headline: string;
  standfirst: string;
  body_html: string;
  payload: string;
}

export interface WireTakeTable {
  article_id: string;
  item_id: string;
  version_id: string;
  taken_by: string | null;
  taken_at: string;
}

export interface WireAlertTable {
  id: string;
  item_id: string;
  kind: 'withheld' | 'canceled';
  headline: string;
  unpublished: string;
  taken: string;
  created_at: string;
  dismissed_at: string | null;
  dismissed_by: string | null;
}

/**
 * One row per indexed article, with copies of the columns search filters on.
 * The terms live in dialect-specific places (SQLite: `doc_id` keys the FTS5
 * table `search_fts`; PostgreSQL: a `document` tsvector column), reached only
 * from src/search/queries.ts.
 */
export interface SearchDocumentTable {
  /** SQLite only: the FTS5 rowid, ordered by publication time. */
  doc_id?: number;
  article_id: string;
  edition_code: string;
  status: ArticleStatus;
  section_id: string | null;
  /** first_published_at, or modified_at for drafts. */
  published_at: string;
}

export interface ListingSlugRedirectTable {
  kind: 'section' | 'agency';
  /** The edition code for sections; '' for agencies, whose slugs are site-wide. */
  scope: string;
  slug: string;
  target_id: string;
  created_at: string;
}

/** A story pinned to a page by the editors (src/front): scope '' is the edition's home, else a section id. */
export type FrontSlot = 'lead' | 'top';

export interface FrontPinTable {
  edition_code: string;
  scope: string;
  article_id: string;
  slot: FrontSlot;
  position: number;
  pinned_by: string | null;
  pinned_at: string;
}

/** The order of section blocks on an edition's home; sections not listed follow in navigation order. */
export interface FrontSectionTable {
  edition_code: string;
  section_id: string;
  position: number;
}

/** An edition's breaking line; `link_url` is '' for none. Shown while `expires_at` is after now. */
export interface BreakingLineTable {
  edition_code: string;
  text: string;
  link_url: string;
  expires_at: string;
  set_by: string | null;
  set_at: string;
  /** The live coverage the line points to (migration 020): its link and "LIVE" label come from it. */
  live_article_id: Generated<string | null>;
}

/** Counted views of an article in one hour; nothing about the reader (src/readership writes these). */
export interface ArticleViewTable {
  article_id: string;
  /** Start of the hour, ISO-8601 UTC (`2026-12-01T05:00:00.000Z`). */
  hour: string;
  views: number;
}

export type ReaderStatus = 'active' | 'suspended' | 'banned';

export interface ReaderTable {
  id: string;
  /** Lowercased. */
  email: string;
  /** Chosen once, after the first sign-in; null until then. */
  display_name: string | null;
  /** The display name folded (case, Arabic letter forms, spaces): two readers never share one. */
  name_key: string | null;
  /** The edition the reader first signed in on: the language of mail to them. */
  edition_code: string;
  language: string;
  status: ReaderStatus;
  suspended_until: string | null;
  status_reason: string | null;
  /** 1: mail me when someone replies to my comment. */
  notify_replies: number;
  created_at: string;
  updated_at: string;
}

export interface ReaderSignInLinkTable {
  token_hash: string;
  email: string;
  edition_code: string;
  /** Where the reader was (an article): where signing in takes them back. */
  next_path: string;
  ip: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ReaderSessionTable {
  token_hash: string;
  reader_id: string;
  csrf_token: string;
  created_at: string;
  refreshed_at: string;
  expires_at: string;
}

/**
 * pending: held for a moderator; approved: shown; rejected: refused by a
 * moderator; removed: taken down by its author, or its author's account was
 * deleted (shown as "deleted" when it has replies).
 */
export type CommentStatus = 'pending' | 'approved' | 'rejected' | 'removed';

export interface CommentTable {
  id: string;
  article_id: string;
  edition_code: string;
  /** The comment this one answers (a top-level comment); null for a top-level comment. */
  parent_id: string | null;
  reader_id: string | null;
  /** A newsroom user writing as staff. */
  staff_user_id: string | null;
  author_name: string;
  /** Plain text as typed (never HTML); escaped when shown. */
  body: string;
  status: CommentStatus;
  /** Why it waits for a moderator (the pipeline step that held it, or 'reports'). */
  held_for: string | null;
  /** JSON array of the moderation pipeline's steps: [{ step, outcome, detail? }]. */
  checks: string;
  /** A moderator's reason for rejecting (or approving after a hold). */
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  report_count: number;
  /** When the parent comment's author was mailed about this reply: once only. */
  reply_notice_at: string | null;
  ip_hash: string;
  created_at: string;
  updated_at: string;
}

export interface CommentReportTable {
  id: string;
  comment_id: string;
  reader_id: string;
  reason: string;
  note: string;
  created_at: string;
}

export interface CommentSettingsTable {
  edition_code: string;
  enabled: number;
  max_length: number;
  /** 0: never closed by age. */
  close_after_days: number;
  /** Approved comments before a reader's comments are published without review. */
  trust_after: number;
  report_threshold: number;
  per_reader_per_hour: number;
  per_address_per_hour: number;
  updated_by: string | null;
  updated_at: string;
}

export interface CommentClosureTable {
  scope: 'article' | 'section';
  scope_id: string;
  state: 'open' | 'closed';
  set_by: string | null;
  set_at: string;
}

export interface BannedPhraseTable {
  id: string;
  edition_code: string;
  phrase: string;
  normalized: string;
  created_by: string | null;
  created_at: string;
}

/** A live article's coverage (src/live): open or closed, and the number of its newest entry. */
export interface LiveCoverageTable {
  article_id: string;
  edition_code: string;
  state: 'open' | 'closed';
  /** Entries are numbered 1, 2, 3… in the order they committed (writers of one coverage take turns). */
  last_seq: number;
  started_at: string;
  started_by: string | null;
  ended_at: string | null;
  ended_by: string | null;
  updated_at: string;
}

/** One update of a live coverage. */
export interface LiveEntryTable {
  id: string;
  article_id: string;
  edition_code: string;
  seq: number;
  /** Plain text; '' for none. */
  title: string;
  /** Sanitized on write (src/articles/sanitize.ts), like article bodies. */
  body_html: string;
  /** Who it is by, shown to readers; null for none. */
  contributor_id: string | null;
  /** 1 or 0. At most one pinned entry per coverage. */
  pinned: number;
  /** 1 or 0: listed among the key events. */
  key_event: number;
  /** Bumped by every change; an edit naming an older one is a conflict. */
  version: number;
  /** The article this entry was turned into, if any. */
  spun_off_article_id: string | null;
  /** The user or integration who added it (writers edit their own). */
  created_by: string | null;
  /** The entry's time, shown to readers. */
  published_at: string;
  created_at: string;
  updated_at: string;
}

/** Whether readers see an event (src/events). */
export type EventPublication = 'draft' | 'published';
/** What is happening to an event, as schema.org's eventStatus says it. */
export type EventStatus = 'scheduled' | 'postponed' | 'rescheduled' | 'cancelled';
/** Where people attend: a venue, online, or both (schema.org's eventAttendanceMode). */
export type EventAttendance = 'in_person' | 'online' | 'mixed';

export interface EventTable {
  id: string;
  edition_code: string;
  slug: string;
  title: string;
  /** Plain text: the card's and the page description's line. */
  summary: string;
  /** Sanitized on write (src/articles/sanitize.ts); rendered only through StoredHtml. */
  description_html: string;
  /** The event's own IANA zone: its times are that zone's wall clock. */
  time_zone: string;
  /** 1: all-day (dates, no times). */
  all_day: number;
  /** The wall clock as given: `YYYY-MM-DDTHH:mm`, or `YYYY-MM-DD` for all-day events (the end is the last day). */
  start_local: string;
  end_local: string;
  /** The same as UTC instants; all-day: the first day's start and the start of the day after the last. */
  starts_at: string;
  ends_at: string;
  /** The start before the last change of start (schema.org previousStartDate, shown for rescheduled events). */
  previous_starts_at: string | null;
  status: EventStatus;
  attendance: EventAttendance;
  venue_name: string;
  venue_address: string;
  map_url: string;
  online_url: string;
  organizer_name: string;
  organizer_url: string;
  lead_media_id: string | null;
  section_id: string | null;
  translation_group: string | null;
  publication: EventPublication;
  first_published_at: string | null;
  /** Bumped by every write; a save naming an older version is a conflict. */
  version: Generated<number>;
  /** iCalendar SEQUENCE: bumped when what a calendar shows changes. */
  sequence: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export type PodcastShowType = 'episodic' | 'serial';

/** A podcast of an edition (src/podcasts). Flags are 1 or 0. */
export interface PodcastShowTable {
  id: string;
  edition_code: string;
  /** Its address under /{edition}/podcasts: fixed once an episode has been published (the feed's URL). */
  slug: string;
  title: string;
  /** Plain text (Apple: at most 4,000 characters). */
  description: string;
  /** BCP-47, the feed's <language>. */
  language: string;
  /** Apple's category and subcategory names, exactly ('' for no subcategory). */
  category: string;
  subcategory: string;
  explicit: number;
  author: string;
  owner_name: string;
  owner_email: string;
  copyright: string;
  show_type: PodcastShowType;
  /** podcast:guid, fixed when the show is made. */
  guid: string;
  /** podcast:locked: 1, other platforms may not import the feed. */
  locked: number;
  artwork_id: string | null;
  apple_url: string;
  spotify_url: string;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export type AdKind = 'image' | 'text';

/** A house ad (src/ads). Editions and sections are JSON arrays; sections empty: all. */
export interface AdCampaignTable {
  id: string;
  name: string;
  kind: AdKind;
  text: string;
  media_id: string | null;
  link_url: string;
  starts_at: string;
  ends_at: string | null;
  editions: string;
  sections: string;
  weight: number;
  max_per_page: number;
  /** 1 running, 0 paused. */
  active: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface LiveEntryRevisionTable {
  id: string;
  entry_id: string;
  article_id: string;
  version: number;
  kind: string;
  source: string;
  author_id: string | null;
  /** JSON: title, bodyHtml, contributorId, pinned, keyEvent, spunOffArticleId. */
  snapshot: string;
  created_at: string;
}

export interface EventRevisionTable {
  id: string;
  event_id: string;
  version: number;
  kind: string;
  /** desk, api or cli. */
  source: string;
  author_id: string | null;
  created_at: string;
  /** JSON of the editable fields (src/events/input.ts EventSnapshot). */
  snapshot: string;
}

export interface EventTopicTable {
  event_id: string;
  topic_id: string;
  position: number;
}

export interface EventArticleTable {
  event_id: string;
  article_id: string;
  position: number;
}

export interface EventSlugRedirectTable {
  edition_code: string;
  slug: string;
  event_id: string;
  created_at: string;
}

/** Impressions and clicks of a house ad per UTC day (`YYYY-MM-DD`). */
export interface AdCountTable {
  campaign_id: string;
  day: string;
  impressions: number;
  clicks: number;
}

/** An edition's advertising settings (src/ads/settings.ts); JSON columns. */
export interface AdSettingsTable {
  edition_code: string;
  slots: string;
  min_words: number;
  tag_scripts: string;
  allowed_hosts: string;
  updated_by: string | null;
  updated_at: string;
}

/** /ads.txt and /app-ads.txt as saved in the desk. */
export interface AdTextTable {
  name: string;
  body: string;
  updated_by: string | null;
  updated_at: string;
}

export type EpisodeStatus = 'draft' | 'scheduled' | 'published' | 'unpublished';
export type EpisodeType = 'full' | 'trailer' | 'bonus';

export interface PodcastEpisodeTable {
  id: string;
  show_id: string;
  edition_code: string;
  /** Follows the title until first publication, then fixed. */
  slug: string;
  /** The feed item's guid: never changes. */
  guid: string;
  title: string;
  /** Show notes, sanitized on write. */
  notes_html: string;
  status: EpisodeStatus;
  episode_type: EpisodeType;
  episode_number: number | null;
  season_number: number | null;
  explicit: number;
  /** The current audio file (podcast_audio). */
  audio_id: string | null;
  image_id: string | null;
  /** The uploaded WebVTT or SRT, as text (line breaks \n). */
  transcript: string | null;
  transcript_format: 'vtt' | 'srt' | null;
  /** JSON array of {startTime, title, url?}: the JSON chapters format's `chapters`. */
  chapters: string;
  /** JSON array of article ids. */
  related_article_ids: string;
  /** First publication (or the scheduled time it went out at); kept when published again. */
  published_at: string | null;
  scheduled_at: string | null;
  version: Generated<number>;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** An audio file as stored: its URL (/media/podcasts/{file}) never changes. */
export interface PodcastAudioTable {
  id: string;
  episode_id: string;
  file: string;
  /** audio/mpeg or audio/mp4. */
  content_type: string;
  bytes: number;
  duration_ms: number;
  /** Bits per second. */
  bitrate: number;
  codec: string;
  sha256: string;
  created_by: string | null;
  created_at: string;
}

export interface PodcastImageTable {
  id: string;
  /** The show or episode it was uploaded for. */
  owner_id: string;
  /** The original upload (JPEG or PNG, 1400 to 3000 px square). */
  file: string;
  content_type: string;
  width: number;
  height: number;
  bytes: number;
  /** JSON array of {width, format, file} for pages. */
  renditions: string;
  created_at: string;
}

export interface PodcastRevisionTable {
  id: string;
  subject_kind: 'show' | 'episode';
  subject_id: string;
  version: number;
  kind: string;
  /** desk, api or scheduler. */
  source: string;
  author_id: string | null;
  /** JSON of the show or episode as this version left it. */
  snapshot: string;
  created_at: string;
}

export interface Database {
  editions: EditionTable;
  sections: SectionTable;
  topics: TopicTable;
  contributors: ContributorTable;
  agencies: AgencyTable;
  agency_names: AgencyNameTable;
  media: MediaTable;
  articles: ArticleTable;
  article_topics: ArticleTopicTable;
  article_bylines: ArticleBylineTable;
  content_changes: ContentChangeTable;
  cdn_purges: CdnPurgeTable;
  cdn_urgent_purges: CdnUrgentPurgeTable;
  cdn_instance_syncs: CdnInstanceSyncTable;
  article_revisions: ArticleRevisionTable;
  article_corrections: ArticleCorrectionTable;
  slug_redirects: SlugRedirectTable;
  jobs: JobTable;
  users: UserTable;
  user_editions: UserEditionTable;
  sessions: SessionTable;
  account_tokens: AccountTokenTable;
  sign_in_attempts: SignInAttemptTable;
  audit_log: AuditLogTable;
  secrets: SecretTable;
  listing_slug_redirects: ListingSlugRedirectTable;
  integrations: IntegrationTable;
  integration_editions: IntegrationEditionTable;
  newsletters: NewsletterTable;
  newsletter_subscribers: NewsletterSubscriberTable;
  newsletter_subscriptions: NewsletterSubscriptionTable;
  newsletter_issues: NewsletterIssueTable;
  newsletter_deliveries: NewsletterDeliveryTable;
  newsletter_signup_attempts: NewsletterSignupAttemptTable;
  wire_feeds: WireFeedTable;
  wire_items: WireItemTable;
  wire_item_versions: WireItemVersionTable;
  wire_takes: WireTakeTable;
  wire_alerts: WireAlertTable;
  search_documents: SearchDocumentTable;
  front_pins: FrontPinTable;
  front_sections: FrontSectionTable;
  breaking_lines: BreakingLineTable;
  article_views: ArticleViewTable;
  readers: ReaderTable;
  reader_sign_in_links: ReaderSignInLinkTable;
  reader_sessions: ReaderSessionTable;
  comments: CommentTable;
  comment_reports: CommentReportTable;
  comment_settings: CommentSettingsTable;
  comment_closures: CommentClosureTable;
  banned_phrases: BannedPhraseTable;
  live_coverages: LiveCoverageTable;
  live_entries: LiveEntryTable;
  live_entry_revisions: LiveEntryRevisionTable;
  events: EventTable;
  event_revisions: EventRevisionTable;
  event_topics: EventTopicTable;
  event_articles: EventArticleTable;
  event_slug_redirects: EventSlugRedirectTable;
  ad_campaigns: AdCampaignTable;
  ad_counts: AdCountTable;
  ad_settings: AdSettingsTable;
  ad_texts: AdTextTable;
  podcast_shows: PodcastShowTable;
  podcast_episodes: PodcastEpisodeTable;
  podcast_audio: PodcastAudioTable;
  podcast_images: PodcastImageTable;
  podcast_revisions: PodcastRevisionTable;
}

export type Db = Kysely<Database>;
export type ArticleRow = Selectable<ArticleTable>;
export type NewArticle = Insertable<ArticleTable>;
export type ArticleUpdate = Updateable<ArticleTable>;
export type EditionRow = Selectable<EditionTable>;
export type UserRow = Selectable<UserTable>;
export type EventRow = Selectable<EventTable>;
