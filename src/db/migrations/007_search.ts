import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Frozen once merged: never import application code here.

/**
 * Full-text search over every article (drafts too: the desk searches them).
 * The application analyzes text (src/search/analyzer.ts) and stores terms only:
 * SQLite keeps them in a contentless FTS5 table whose rowid is `doc_id` (chosen
 * by the application to follow publication time, so matches stream newest first);
 * PostgreSQL keeps a weighted tsvector (built with the `simple` configuration
 * over those terms) with a GIN index. Each row also copies the columns search
 * filters on (edition, status, section, publication date), written in the same
 * transaction as the article, so ranking never has to visit the articles table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`CREATE TABLE search_documents (
      article_id VARCHAR(32) PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
      edition_code VARCHAR(16) NOT NULL,
      status VARCHAR(16) NOT NULL,
      section_id VARCHAR(32),
      published_at VARCHAR(32) NOT NULL,
      document TSVECTOR NOT NULL
    )`.execute(db);
    await sql`CREATE INDEX search_documents_document ON search_documents USING GIN (document)`.execute(db);
    return;
  }
  await sql`CREATE TABLE search_documents (
    doc_id INTEGER PRIMARY KEY,
    article_id VARCHAR(32) NOT NULL UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
    edition_code VARCHAR(16) NOT NULL,
    status VARCHAR(16) NOT NULL,
    section_id VARCHAR(32),
    published_at VARCHAR(32) NOT NULL
  )`.execute(db);
  // Terms arrive space-separated and already analyzed: the ascii tokenizer only
  // splits on ASCII spaces and punctuation and treats all non-ASCII as word characters.
  await sql`CREATE VIRTUAL TABLE search_fts USING fts5(
    headline, standfirst, topics, body,
    content='', contentless_delete=1, tokenize='ascii'
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) await sql`DROP TABLE search_fts`.execute(db);
  await sql`DROP TABLE search_documents`.execute(db);
}
