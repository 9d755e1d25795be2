import type { Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';

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
}

export interface ArticleRevisionTable {
  id: string;
  article_id: string;
  version: number;
  author_id: string | null;
  created_at: string;
  kind: string;
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

export type UserRole = 'admin' | 'editor' | 'writer';

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

export interface Database {
  editions: EditionTable;
  sections: SectionTable;
  topics: TopicTable;
  contributors: ContributorTable;
  agencies: AgencyTable;
  media: MediaTable;
  articles: ArticleTable;
  article_topics: ArticleTopicTable;
  article_bylines: ArticleBylineTable;
  content_changes: ContentChangeTable;
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
}

export type Db = Kysely<Database>;
export type ArticleRow = Selectable<ArticleTable>;
export type NewArticle = Insertable<ArticleTable>;
export type ArticleUpdate = Updateable<ArticleTable>;
export type EditionRow = Selectable<EditionTable>;
export type UserRow = Selectable<UserTable>;
