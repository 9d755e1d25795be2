// The desk's preview: the article exactly as readers will see it (the reader's ArticlePage), built from the
// editor's fields as they are on screen, saved or not. Private: signed-in desk users only, POST with the
// CSRF token like every admin write, never cached, never indexed. Nothing is written.
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { refuse, requireUser, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import { canCreateArticle, canEditArticle } from '../accounts/policy.js';
import { ArticlePage } from '../articles/ArticlePage.js';
import { articlePath } from '../articles/paths.js';
import { type ArticleDetail, imagesById } from '../articles/queries.js';
import { sanitizeBody } from '../articles/sanitize.js';
import { slugify } from '../articles/slugs.js';
import { loadChrome } from '../editions/chrome.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { splitNames } from './editor-form.js';
import { findPreviewArticle, previewNames } from './preview-queries.js';

/** The editor's fields the preview shows; others in the form (version, intent, files…) are ignored. */
const previewForm = z.object({
  edition: z.string().max(16).default(''),
  headline: z.string().trim().max(300).default(''),
  standfirst: z.string().trim().max(1000).default(''),
  body: z.string().max(500_000).default(''),
  sectionId: z.string().max(40).default(''),
  topics: z.string().max(1000).default(''),
  people: z.string().max(1000).default(''),
  agencyId: z.string().max(40).default(''),
  copyright: z.string().trim().max(300).default(''),
  slug: z.string().trim().max(120).default(''),
  leadMediaId: z.string().max(40).default(''),
  removeImage: z.literal('1').optional(),
  imageAlt: z.string().max(300).default(''),
  imageCaption: z.string().max(500).default(''),
  imageCredit: z.string().max(200).default(''),
});

export function previewRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, clock, config } = deps;

  const forbidden = (c: Context<AppEnv>) =>
    refuse(c, 403, (t) => ({ title: t.adminForbiddenTitle, text: t.deskForbiddenText }));
  const notFound = (c: Context<AppEnv>) =>
    refuse(c, 404, (t) => ({
      title: t.notFoundTitle,
      text: t.deskArticleNotFound,
      link: { href: '/admin', label: t.adminDashboard },
    }));

  // `new` previews a draft not created yet (its edition comes with the form).
  app.post('/admin/articles/:id{[0-9a-z]{1,40}}/preview', requireUser(), async (c) => {
    const user = signedInUser(c);
    const parsed = previewForm.safeParse(
      Object.fromEntries(
        Object.entries(await c.req.parseBody()).filter(([, value]) => typeof value === 'string'),
      ),
    );
    if (!parsed.success)
      return refuse(c, 413, (t) => ({ title: t.adminFormHasErrors, text: t.deskErrorTooLong }));
    const form = parsed.data;
    const id = c.req.param('id');
    const stored = id === 'new' ? undefined : await findPreviewArticle(db, id);
    if (id !== 'new' && !stored) return notFound(c);
    const editionCode = stored?.editionCode ?? form.edition;
    if (stored) {
      const ref = { editionCode: stored.editionCode, status: stored.status, createdBy: stored.createdBy };
      if (!canEditArticle(user, ref)) return forbidden(c);
    } else if (!canCreateArticle(user, editionCode)) return forbidden(c);

    const chrome = await loadChrome(deps, editionCode);
    const { edition } = chrome;
    const now = clock.now().toISOString();
    const firstPublishedAt = stored?.firstPublishedAt ?? now;
    const slug = stored?.firstPublishedAt
      ? form.slug || stored.slug
      : form.slug || slugify(form.headline || 'article');
    const mediaId = form.removeImage ? null : form.leadMediaId || null;
    const [names, images] = await Promise.all([
      previewNames(db, edition.code, splitNames(form.topics), splitNames(form.people), form.agencyId),
      imagesById(db, [mediaId]),
    ]);
    const image = mediaId ? images.get(mediaId) : undefined;
    const url = articlePath(edition.code, slug, firstPublishedAt, edition.timeZone);
    const article: ArticleDetail = {
      id: stored?.id ?? 'preview',
      editionCode: edition.code,
      slug,
      url,
      headline: form.headline,
      standfirst: form.standfirst,
      firstPublishedAt,
      lastUpdatedAt: stored?.firstPublishedAt ? now : null,
      section: edition.sections.find((s) => s.id === form.sectionId) ?? null,
      // The sponsored label is set from the advertising desk, not the editor's form: the preview shows none.
      sponsor: null,
      image: image
        ? {
            ...image,
            alt: form.imageAlt.trim() || image.alt,
            caption: form.imageCaption.trim(),
            credit: form.imageCredit.trim(),
          }
        : null,
      bodyHtml: sanitizeBody(form.body),
      copyright: form.copyright,
      topics: names.topics,
      byline: names.byline,
      translations: [],
      translationGroup: stored?.translationGroup ?? null,
      corrections: stored?.corrections ?? [],
      // The preview shows the text as a story; a live coverage's entries are on its own desk page.
      format: 'standard',
    };
    const page = (
      <ArticlePage
        chrome={{ ...chrome, currentSection: article.section?.id }}
        meta={{
          title: article.headline,
          description: article.standfirst,
          canonical: `${config.publicUrl}${url}`,
          ogType: 'article',
          noindex: true,
        }}
        article={article}
        related={[]}
      />
    );
    // Not renderPage: nothing of a preview may reach the page cache.
    c.header('cache-control', 'no-store');
    c.header('x-robots-tag', 'noindex');
    return sendAdminPage(c, page);
  });

  return app;
}
