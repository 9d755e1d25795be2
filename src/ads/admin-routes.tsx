/** The advertising desk (/admin/ads): admins and the sales role; sponsored labels also by editors. */
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { refuse, requireRole, sendAdminPage, signedInUser } from '../accounts/middleware.js';
import {
  canManageAds,
  canMarkSponsored,
  canUseAdsDesk,
  isEditorial,
  ROLES,
  type SignedInUser,
} from '../accounts/policy.js';
import { markSponsored } from '../articles/workflow.js';
import { cachedEditions } from '../editions/chrome.js';
import type { Edition } from '../editions/queries.js';
import type { AppDeps, AppEnv } from '../http/env.js';
import { format, type MessageKey, messagesFor } from '../i18n/messages.js';
import { storeUploadedImage, UploadError, uploadErrorMessage } from '../media/upload.js';
import type { FieldErrors } from '../ui/forms.js';
import {
  AdsPage,
  AdsTxtPage,
  type CampaignForm,
  CampaignFormPage,
  lastDay,
  ReportPage,
  type SettingsForm,
  SettingsPage,
  SponsoredPage,
} from './admin-views.js';
import { AD_TEXT_NAMES, type AdTextName, checkAdsTxt } from './ads-txt.js';
import type { HouseAd } from './choose.js';
import {
  adText,
  campaignDays,
  campaignTotals,
  findArticleByAddress,
  findHouseAd,
  listHouseAds,
  listSponsoredArticles,
  loadAdSettings,
} from './queries.js';
import { type AdSettings, adSettingsSchema, scriptsOffHosts } from './settings.js';
import { SLOT_POSITIONS, type SlotBox, type SlotPosition } from './slots.js';
import {
  type CampaignInput,
  campaignInputSchema,
  saveAdSettings,
  saveAdText,
  saveCampaign,
} from './store.js';

const idParams = z.object({ id: z.string().regex(/^[0-9A-Za-z]{1,32}$/) });
const doneQuery = z.enum(['added', 'saved']).optional().catch(undefined);

const text = (value: unknown, max = 5000) => (typeof value === 'string' ? value.slice(0, max) : '');
const list = (value: unknown) =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === 'string',
  );

/** Messages keys the schemas use as their messages; anything else is "required". */
const isMessageKey = (t: Record<string, unknown>, key: string): key is MessageKey =>
  typeof t[key] === 'string';

function fieldErrors(issues: z.core.$ZodIssue[], t: ReturnType<typeof messagesFor>): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'name');
    errors[field] ??= isMessageKey(t, issue.message) ? t[issue.message] : t.adminErrorRequired;
  }
  return errors;
}

const campaignFormOf = (ad: HouseAd | undefined, editions: Edition[]): CampaignForm => ({
  name: ad?.name ?? '',
  kind: ad?.kind ?? 'image',
  text: ad?.text ?? '',
  alt: ad?.image?.alt ?? '',
  linkUrl: ad?.linkUrl ?? 'https://',
  startDay: ad?.startsAt.slice(0, 10) ?? '',
  endDay: ad?.endsAt ? lastDay(ad.endsAt) : '',
  editions: ad?.editions ?? editions.slice(0, 1).map((e) => e.code),
  sections: ad?.sections ?? [],
  weight: String(ad?.weight ?? 1),
  maxPerPage: String(ad?.maxPerPage ?? 1),
  active: ad?.active ?? true,
});

const keptCampaignForm = (body: Record<string, unknown>): CampaignForm => ({
  name: text(body.name, 200),
  kind: text(body.kind, 10),
  text: text(body.text, 300),
  alt: text(body.alt, 300),
  linkUrl: text(body.linkUrl, 2000),
  startDay: text(body.startDay, 20),
  endDay: text(body.endDay, 20),
  editions: list(body.editions),
  sections: list(body.sections),
  weight: text(body.weight, 10),
  maxPerPage: text(body.maxPerPage, 10),
  active: body.active === '1',
});

const DEFAULT_SIZES = { narrow: '300x250', wide: '728x90', sidebar: '300x250' };

/** A slot's sizes as the form shows them (the sidebar's one size in `wide`). */
const formSizes = (position: SlotPosition, size: SlotBox | undefined) => ({
  narrow: size && 'narrow' in size ? size.narrow : DEFAULT_SIZES.narrow,
  wide: size?.wide ?? (position === 'article_sidebar' ? DEFAULT_SIZES.sidebar : DEFAULT_SIZES.wide),
});

const settingsFormOf = (s: AdSettings): SettingsForm => ({
  on: SLOT_POSITIONS.filter((p) => s.slots[p] !== undefined),
  sizes: Object.fromEntries(
    SLOT_POSITIONS.map((p) => [p, formSizes(p, s.slots[p])]),
  ) as SettingsForm['sizes'],
  after: String(s.slots.article_inline?.after ?? 3),
  every: String(s.slots.article_inline?.every ?? 6),
  max: String(s.slots.article_inline?.max ?? 2),
  afterBlock: String(s.slots.home_between?.afterBlock ?? 2),
  minWords: String(s.minWords),
  tagScripts: s.tagScripts.join('\n'),
  allowedHosts: s.allowedHosts.join('\n'),
});

const keptSettingsForm = (body: Record<string, unknown>): SettingsForm => ({
  on: list(body.on).filter((p): p is SlotPosition => (SLOT_POSITIONS as readonly string[]).includes(p)),
  sizes: Object.fromEntries(
    SLOT_POSITIONS.map((p) => [
      p,
      { narrow: text(body[`${p}_narrow`], 20), wide: text(body[`${p}_wide`], 20) },
    ]),
  ) as SettingsForm['sizes'],
  after: text(body.after, 10),
  every: text(body.every, 10),
  max: text(body.max, 10),
  afterBlock: text(body.afterBlock, 10),
  minWords: text(body.minWords, 10),
  tagScripts: text(body.tagScripts, 20_000),
  allowedHosts: text(body.allowedHosts, 20_000),
});

const lines = (value: string) =>
  value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
const num = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));

/** The settings form judged: slots with their sizes and rules, hosts, and tag scripts on those hosts only. */
function judgeSettings(
  editionCode: string,
  form: SettingsForm,
  t: ReturnType<typeof messagesFor>,
): { ok: true; settings: AdSettings } | { ok: false; errors: FieldErrors } {
  const slot = (p: SlotPosition) => form.sizes[p];
  const slots: Record<string, unknown> = {};
  for (const p of form.on) {
    if (p === 'article_inline')
      slots[p] = { ...slot(p), after: num(form.after), every: num(form.every), max: num(form.max) };
    else if (p === 'home_between') slots[p] = { ...slot(p), afterBlock: num(form.afterBlock) };
    else if (p === 'article_sidebar') slots[p] = { wide: slot(p).wide };
    else slots[p] = slot(p);
  }
  const parsed = adSettingsSchema.safeParse({
    slots,
    minWords: num(form.minWords),
    tagScripts: lines(form.tagScripts),
    allowedHosts: lines(form.allowedHosts),
  });
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const [first, second, third] = issue.path;
      const field =
        first === 'slots'
          ? third === 'after' || third === 'every' || third === 'max' || third === 'afterBlock'
            ? String(third)
            : 'on'
          : first === 'minWords'
            ? 'minWords'
            : String(first);
      errors[field] ??= isMessageKey(t, issue.message)
        ? t[issue.message]
        : second === undefined && first === 'minWords'
          ? t.adsErrorNumber
          : t.adsErrorNumber;
    }
    return { ok: false, errors };
  }
  const off = scriptsOffHosts(parsed.data);
  if (off.length > 0)
    return { ok: false, errors: { tagScripts: format(t.adsErrorScriptHost, { url: off[0] ?? '' }) } };
  return { ok: true, settings: { editionCode, ...parsed.data } };
}

export function adsAdminRoutes(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  const { db, clock } = deps;
  const csrfOf = (c: Context<AppEnv>) => c.get('csrfToken') ?? '';
  const forbidden = (c: Context<AppEnv>) =>
    refuse(c, 403, (t) => ({ title: t.adminForbiddenTitle, text: t.adminForbiddenText }));
  const notFound = (c: Context<AppEnv>) =>
    refuse(c, 404, (t) => ({
      title: t.notFoundTitle,
      text: t.adsNotFound,
      link: { href: '/admin/ads', label: t.adsBack },
    }));

  // The desk's home is the newsroom's: a sales user goes to the advertising desk instead.
  app.get('/admin', async (c, next) => {
    if (c.get('user')?.role === 'sales') return c.redirect('/admin/ads', 302);
    await next();
  });

  // Signed in (else the sign-in page, or for a POST the typed work shown back); then one of the desk's roles,
  // or an editor for sponsored labels.
  app.use('/admin/ads/*', requireRole(...ROLES));
  app.use('/admin/ads/*', async (c, next) => {
    const user = signedInUser(c);
    const sponsored = c.req.path === '/admin/ads/sponsored';
    if (!canUseAdsDesk(user) && !(sponsored && isEditorial(user))) return forbidden(c);
    await next();
    // Ads show on public pages: this instance's cache catches up at once.
    if (c.req.method === 'POST') await deps.cache.syncFromChangeLog(db);
  });

  /** The editions whose advertising `user` manages. */
  const manageable = async (user: SignedInUser) =>
    (await cachedEditions(deps)).filter((e) => canManageAds(user, e.code));
  /** A campaign `user` may change: every one of its editions is theirs. */
  const mayChange = (user: SignedInUser, ad: HouseAd) =>
    ad.editions.every((code) => canManageAds(user, code));

  async function campaignOf(c: Context<AppEnv>): Promise<HouseAd | undefined> {
    const params = idParams.safeParse(c.req.param());
    return params.success ? findHouseAd(db, params.data.id) : undefined;
  }

  app.get('/admin/ads', async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const [ads, totals, editions] = await Promise.all([
      listHouseAds(db),
      campaignTotals(db),
      manageable(user),
    ]);
    const done = doneQuery.parse(c.req.query('done'));
    const campaigns = ads
      .filter((ad) => ad.editions.some((code) => canManageAds(user, code)))
      .map((ad) => ({ ...ad, impressions: 0, clicks: 0, ...totals.get(ad.id) }));
    const notice = done && { added: t.adsAdded, saved: t.adsSaved }[done];
    return sendAdminPage(
      c,
      <AdsPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        campaigns={campaigns}
        editions={editions}
        notice={notice}
      />,
    );
  });

  async function campaignPage(
    c: Context<AppEnv>,
    ad: HouseAd | undefined,
    form: CampaignForm,
    errors: FieldErrors = {},
  ) {
    const user = signedInUser(c);
    const page = (
      <CampaignFormPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        campaign={ad}
        form={form}
        errors={errors}
        editions={await manageable(user)}
      />
    );
    return sendAdminPage(c, page, Object.keys(errors).length > 0 ? 422 : 200);
  }

  /** Judges and saves the campaign form (a new one when `ad` is undefined). */
  async function saveFromForm(c: Context<AppEnv>, ad: HouseAd | undefined) {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const body = await c.req.parseBody({ all: true });
    const form = keptCampaignForm(body);
    const editions = await manageable(user);
    const parsed = campaignInputSchema.safeParse({ ...form, active: form.active });
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error.issues, t);
    if (form.editions.some((code) => !editions.some((e) => e.code === code)))
      errors.editions = t.adsErrorEditions;
    const known = new Set(
      editions.filter((e) => form.editions.includes(e.code)).flatMap((e) => e.sections.map((s) => s.id)),
    );
    if (form.sections.some((id) => !known.has(id))) errors.sections = t.adsErrorSections;
    const file = body.image instanceof File && body.image.size > 0 ? body.image : undefined;
    if (form.kind === 'image' && !file && !ad?.image) errors.image = t.adsErrorImage;
    if (form.kind === 'image' && file && form.alt.trim() === '') errors.alt = t.deskErrorImageAlt;
    if (!parsed.success || Object.keys(errors).length > 0) return campaignPage(c, ad, form, errors);
    const input: CampaignInput = parsed.data;
    let mediaId = ad?.image?.id ?? null;
    if (input.kind === 'image' && file) {
      try {
        const details = { alt: form.alt.trim(), caption: '', credit: '', copyright: '' };
        mediaId = await storeUploadedImage(
          db,
          deps.media,
          Buffer.from(await file.arrayBuffer()),
          details,
          clock.now(),
        );
      } catch (error) {
        if (!(error instanceof UploadError)) throw error;
        return campaignPage(c, ad, form, { image: uploadErrorMessage(t, error.code) });
      }
    }
    const id = await saveCampaign(db, ad?.id, { ...input, mediaId }, { userId: user.id, now: clock.now() });
    if (!id) return notFound(c);
    return c.redirect(`/admin/ads?done=${ad ? 'saved' : 'added'}`, 303);
  }

  app.get('/admin/ads/new', async (c) => {
    const editions = await manageable(signedInUser(c));
    if (editions.length === 0) return forbidden(c);
    return campaignPage(c, undefined, campaignFormOf(undefined, editions));
  });
  app.post('/admin/ads/new', async (c) => saveFromForm(c, undefined));

  // Before `/admin/ads/:id`: these names are not campaign ids.
  app.get('/admin/ads/settings/:edition', async (c) => {
    const user = signedInUser(c);
    const edition = (await manageable(user)).find((e) => e.code === c.req.param('edition'));
    if (!edition) return forbidden(c);
    const done = doneQuery.parse(c.req.query('done'));
    const page = (
      <SettingsPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        edition={edition}
        form={settingsFormOf(await loadAdSettings(db, edition.code))}
        errors={{}}
        notice={done && messagesFor(user.language).adsSaved}
      />
    );
    return sendAdminPage(c, page);
  });

  app.post('/admin/ads/settings/:edition', async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const edition = (await manageable(user)).find((e) => e.code === c.req.param('edition'));
    if (!edition) return forbidden(c);
    const form = keptSettingsForm(await c.req.parseBody({ all: true }));
    const judged = judgeSettings(edition.code, form, t);
    if (!judged.ok) {
      const page = (
        <SettingsPage
          language={user.language}
          user={user}
          csrf={csrfOf(c)}
          edition={edition}
          form={form}
          errors={judged.errors}
        />
      );
      return sendAdminPage(c, page, 422);
    }
    await saveAdSettings(db, judged.settings, { userId: user.id, now: clock.now() });
    return c.redirect(`/admin/ads/settings/${edition.code}?done=saved`, 303);
  });

  async function txtPage(
    c: Context<AppEnv>,
    texts: Record<AdTextName, string>,
    errors: FieldErrors,
    notice?: string,
  ) {
    const user = signedInUser(c);
    const page = (
      <AdsTxtPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        texts={texts}
        errors={errors}
        notice={notice}
      />
    );
    return sendAdminPage(c, page, Object.keys(errors).length > 0 ? 422 : 200);
  }

  app.get('/admin/ads/txt', async (c) => {
    const [ads, app] = await Promise.all(AD_TEXT_NAMES.map((name) => adText(db, name)));
    const done = doneQuery.parse(c.req.query('done'));
    return txtPage(
      c,
      { 'ads.txt': ads ?? '', 'app-ads.txt': app ?? '' },
      {},
      done && messagesFor(signedInUser(c).language).adsSaved,
    );
  });

  app.post('/admin/ads/txt', async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const body = await c.req.parseBody();
    const texts = { 'ads.txt': text(body.adsTxt, 100_000), 'app-ads.txt': text(body.appAdsTxt, 100_000) };
    const errors: FieldErrors = {};
    for (const [name, field] of [
      ['ads.txt', 'adsTxt'],
      ['app-ads.txt', 'appAdsTxt'],
    ] as const) {
      const problems = checkAdsTxt(texts[name]);
      const reasons = {
        fields: t.adsTxtFields,
        domain: t.adsTxtDomain,
        account: t.adsTxtAccount,
        relationship: t.adsTxtRelationship,
        authority: t.adsTxtAuthority,
        variable: t.adsTxtVariable,
        size: t.adsTxtSize,
      };
      if (problems.length > 0)
        errors[field] = problems
          .slice(0, 5)
          .map((p) => format(t.adsTxtProblem, { line: String(p.line), reason: reasons[p.reason] }))
          .join(' ');
    }
    if (Object.keys(errors).length > 0) return txtPage(c, texts, errors);
    const act = { userId: user.id, now: clock.now() };
    for (const name of AD_TEXT_NAMES) await saveAdText(db, name, texts[name], act);
    return c.redirect('/admin/ads/txt?done=saved', 303);
  });

  async function sponsoredPage(
    c: Context<AppEnv>,
    form: { address: string; sponsor: string },
    errors: FieldErrors = {},
    notice?: string,
  ) {
    const user = signedInUser(c);
    const editions = (await cachedEditions(deps)).filter((e) => canMarkSponsored(user, e.code));
    const page = (
      <SponsoredPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        articles={await listSponsoredArticles(db, editions)}
        form={form}
        errors={errors}
        notice={notice}
      />
    );
    return sendAdminPage(c, page, Object.keys(errors).length > 0 ? 422 : 200);
  }

  app.get('/admin/ads/sponsored', async (c) => {
    const done = doneQuery.parse(c.req.query('done'));
    return sponsoredPage(
      c,
      { address: '', sponsor: '' },
      {},
      done && messagesFor(signedInUser(c).language).adsSaved,
    );
  });

  app.post('/admin/ads/sponsored', async (c) => {
    const user = signedInUser(c);
    const t = messagesFor(user.language);
    const body = await c.req.parseBody();
    const form = { address: text(body.address, 2000), sponsor: text(body.sponsor, 300) };
    if (form.sponsor.trim().length > 200) return sponsoredPage(c, form, { sponsor: t.adsErrorSponsor });
    const article = await findArticleByAddress(db, form.address);
    if (!article) return sponsoredPage(c, form, { address: t.adsErrorAddress });
    if (!canMarkSponsored(user, article.editionCode)) return forbidden(c);
    await markSponsored(db, article.id, form.sponsor.trim() || null, { userId: user.id, now: clock.now() });
    return c.redirect('/admin/ads/sponsored?done=saved', 303);
  });

  app.get('/admin/ads/:id/report', async (c) => {
    const ad = await campaignOf(c);
    if (!ad) return notFound(c);
    const user = signedInUser(c);
    if (!ad.editions.some((code) => canManageAds(user, code))) return forbidden(c);
    const page = (
      <ReportPage
        language={user.language}
        user={user}
        csrf={csrfOf(c)}
        campaign={ad}
        days={await campaignDays(db, ad.id)}
      />
    );
    return sendAdminPage(c, page);
  });

  app.get('/admin/ads/:id', async (c) => {
    const ad = await campaignOf(c);
    if (!ad) return notFound(c);
    if (!mayChange(signedInUser(c), ad)) return forbidden(c);
    return campaignPage(c, ad, campaignFormOf(ad, []));
  });

  app.post('/admin/ads/:id', async (c) => {
    const ad = await campaignOf(c);
    if (!ad) return notFound(c);
    if (!mayChange(signedInUser(c), ad)) return forbidden(c);
    return saveFromForm(c, ad);
  });

  return app;
}
