import type { ArticleStatus, Db } from '../db/schema.js';
import { messagesFor } from '../i18n/messages.js';
import { StoredHtml } from '../ui/StoredHtml.js';

/** Another language version of an article (same translation group), as the editor shows it beside the draft. */
export interface TranslationSource {
  articleId: string;
  editionCode: string;
  editionName: string;
  language: string;
  direction: 'rtl' | 'ltr';
  headline: string;
  standfirst: string;
  bodyHtml: string;
  status: ArticleStatus;
}

/** The other language versions of `articleId`, in edition order; none when it has no translation group. */
export async function translationSources(db: Db, articleId: string): Promise<TranslationSource[]> {
  const own = await db
    .selectFrom('articles')
    .select('translation_group')
    .where('id', '=', articleId)
    .executeTakeFirst();
  if (!own?.translation_group) return [];
  const rows = await db
    .selectFrom('articles')
    .innerJoin('editions', 'editions.code', 'articles.edition_code')
    .select([
      'articles.id',
      'articles.edition_code',
      'editions.name',
      'editions.language',
      'editions.direction',
      'articles.headline',
      'articles.standfirst',
      'articles.body_html',
      'articles.status',
    ])
    .where('articles.translation_group', '=', own.translation_group)
    .where('articles.id', '!=', articleId)
    .orderBy('editions.position')
    .orderBy('articles.edition_code')
    .execute();
  return rows.map((r) => ({
    articleId: r.id,
    editionCode: r.edition_code,
    editionName: r.name,
    language: r.language,
    direction: r.direction,
    headline: r.headline,
    standfirst: r.standfirst,
    bodyHtml: r.body_html,
    status: r.status,
  }));
}

export function statusLabel(t: ReturnType<typeof messagesFor>, status: ArticleStatus): string {
  const labels: Record<ArticleStatus, string> = {
    draft: t.deskTrStatusDraft,
    in_review: t.deskTrStatusInReview,
    scheduled: t.deskTrStatusScheduled,
    published: t.deskTrStatusPublished,
    unpublished: t.deskTrStatusUnpublished,
  };
  return labels[status];
}

/**
 * The other language versions, read-only, each in its own language and
 * direction; `language` is the admin page's language (for the labels).
 */
export function TranslationSources({
  sources,
  language,
}: {
  sources: TranslationSource[];
  language: string;
}) {
  const t = messagesFor(language);
  if (sources.length === 0) return null;
  return (
    <section class="desk-translation-sources" aria-labelledby="desk-translation-sources">
      <h2 id="desk-translation-sources">{t.deskTrSourcesTitle}</h2>
      {sources.map((source) => (
        <article class="desk-translation-source">
          <p class="desk-translation-meta">
            {source.editionName} · {statusLabel(t, source.status)}
          </p>
          <div lang={source.language} dir={source.direction}>
            <h3>{source.headline}</h3>
            {source.standfirst && <p class="standfirst">{source.standfirst}</p>}
            <StoredHtml class="body" html={source.bodyHtml} />
          </div>
        </article>
      ))}
    </section>
  );
}
