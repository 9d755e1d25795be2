/** The advertising desk (/admin/ads): house ads, their reports, edition slots and tags, ads.txt, sponsored articles. */
import type { SignedInUser } from '../accounts/policy.js';
import { AdminLayout } from '../accounts/views.js';
import type { Edition } from '../editions/queries.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import {
  CheckboxGroup,
  FieldError,
  type FieldErrors,
  Notice,
  PostForm,
  Select,
  TextArea,
  TextField,
} from '../ui/forms.js';
import type { AdTextName } from './ads-txt.js';
import type { HouseAd } from './choose.js';
import type { DayCount, SponsoredArticle } from './queries.js';
import { NARROW_SIZES, SIDEBAR_SIZES, SLOT_POSITIONS, type SlotPosition, WIDE_SIZES } from './slots.js';

interface PageBase {
  language: string;
  user: SignedInUser;
  csrf: string;
}

export const slotName = (t: Messages, position: SlotPosition) =>
  ({
    home_top: t.adsSlotHomeTop,
    home_between: t.adsSlotHomeBetween,
    article_inline: t.adsSlotArticleInline,
    article_end: t.adsSlotArticleEnd,
    article_sidebar: t.adsSlotArticleSidebar,
  })[position];

export function AdsPage(
  props: PageBase & {
    campaigns: (HouseAd & { impressions: number; clicks: number })[];
    editions: Edition[];
    notice?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.adsTitle}>
      <Notice text={props.notice} kind="info" />
      <p>{t.adsIntro}</p>
      <p>
        <a class="button" href="/admin/ads/new">
          {t.adsAdd}
        </a>
      </p>
      {props.campaigns.length === 0 ? (
        <p>{t.adsEmpty}</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.adsName}</th>
              <th scope="col">{t.adsDates}</th>
              <th scope="col">{t.adsEditions}</th>
              <th scope="col">{t.adsImpressions}</th>
              <th scope="col">{t.adsClicks}</th>
              <th scope="col">{t.adsReport}</th>
            </tr>
          </thead>
          <tbody>
            {props.campaigns.map((ad) => (
              <tr>
                <td>
                  <a href={`/admin/ads/${ad.id}`}>{ad.name}</a>
                  {!ad.active && <> ({t.adsPaused})</>}
                </td>
                <td dir="ltr">
                  {ad.startsAt.slice(0, 10)} – {ad.endsAt ? lastDay(ad.endsAt) : '…'}
                </td>
                <td>{ad.editions.join(', ')}</td>
                <td>{ad.impressions}</td>
                <td>{ad.clicks}</td>
                <td>
                  <a href={`/admin/ads/${ad.id}/report`}>{t.adsReport}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>{t.adsSettingsTitle}</h2>
      <ul>
        {props.editions.map((e) => (
          <li>
            <a href={`/admin/ads/settings/${e.code}`}>{format(t.adsSettingsOf, { name: e.name })}</a>
          </li>
        ))}
        <li>
          <a href="/admin/ads/txt">{t.adsTxtTitle}</a>
        </li>
        <li>
          <a href="/admin/ads/sponsored">{t.adsSponsoredTitle}</a>
        </li>
      </ul>
    </AdminLayout>
  );
}

/** The last day a campaign runs (it stops at the start of `endsAt`, a UTC midnight). */
export const lastDay = (endsAt: string) =>
  new Date(Date.parse(endsAt) - 86_400_000).toISOString().slice(0, 10);

/** The campaign form as sent or stored, every field a string (or list), shown again after a refusal. */
export interface CampaignForm {
  name: string;
  kind: string;
  text: string;
  alt: string;
  linkUrl: string;
  startDay: string;
  endDay: string;
  editions: string[];
  sections: string[];
  weight: string;
  maxPerPage: string;
  active: boolean;
}

export function CampaignFormPage(
  props: PageBase & {
    campaign: HouseAd | undefined;
    form: CampaignForm;
    errors: FieldErrors;
    editions: Edition[];
  },
) {
  const t = messagesFor(props.language);
  const { form, errors } = props;
  const action = props.campaign ? `/admin/ads/${props.campaign.id}` : '/admin/ads/new';
  return (
    <AdminLayout
      language={props.language}
      user={props.user}
      csrf={props.csrf}
      title={props.campaign ? props.campaign.name : t.adsAdd}
    >
      <Notice text={Object.keys(errors).length > 0 ? t.adsNotSaved : undefined} kind="error" />
      <form method="post" action={action} enctype="multipart/form-data" class="admin-form">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <TextField name="name" label={t.adsName} value={form.name} errors={errors} required maxlength={200} />
        <Select
          name="kind"
          label={t.adsKind}
          value={form.kind}
          errors={errors}
          choices={[
            { value: 'image', label: t.adsKindImage },
            { value: 'text', label: t.adsKindText },
          ]}
        />
        <TextField
          name="text"
          label={t.adsText}
          hint={t.adsTextHint}
          value={form.text}
          errors={errors}
          maxlength={300}
        />
        <p class="admin-field">
          <label for="image">{t.adsImage}</label>
          {props.campaign?.image && <span class="admin-hint">{t.adsImageKept}</span>}
          <input id="image" name="image" type="file" accept="image/*" />
          <FieldError name="image" error={errors.image} />
        </p>
        <TextField name="alt" label={t.adsImageAlt} value={form.alt} errors={errors} maxlength={300} />
        <TextField
          name="linkUrl"
          type="url"
          label={t.adsLink}
          value={form.linkUrl}
          errors={errors}
          required
        />
        <TextField
          name="startDay"
          label={t.adsStart}
          hint={t.adsDayHint}
          value={form.startDay}
          errors={errors}
          required
          dir="ltr"
        />
        <TextField
          name="endDay"
          label={t.adsEnd}
          hint={t.adsEndHint}
          value={form.endDay}
          errors={errors}
          dir="ltr"
        />
        <CheckboxGroup
          name="editions"
          legend={t.adsEditions}
          choices={props.editions.map((e) => ({ value: e.code, label: e.name }))}
          values={form.editions}
          errors={errors}
        />
        <CheckboxGroup
          name="sections"
          legend={t.adsSections}
          hint={t.adsSectionsHint}
          choices={props.editions.flatMap((e) =>
            e.sections.map((s) => ({ value: s.id, label: `${e.name}: ${s.name}` })),
          )}
          values={form.sections}
          errors={errors}
        />
        <TextField
          name="weight"
          type="number"
          label={t.adsWeight}
          hint={t.adsWeightHint}
          value={form.weight}
          errors={errors}
        />
        <TextField
          name="maxPerPage"
          type="number"
          label={t.adsFrequency}
          hint={t.adsFrequencyHint}
          value={form.maxPerPage}
          errors={errors}
        />
        <p class="admin-field">
          <label>
            <input type="checkbox" name="active" value="1" checked={form.active} /> {t.adsActive}
          </label>
        </p>
        <p>
          <button type="submit" class="button">
            {t.adsSave}
          </button>
        </p>
      </form>
    </AdminLayout>
  );
}

export function ReportPage(props: PageBase & { campaign: HouseAd; days: DayCount[] }) {
  const t = messagesFor(props.language);
  const total = props.days.reduce((sum, d) => ({ i: sum.i + d.impressions, c: sum.c + d.clicks }), {
    i: 0,
    c: 0,
  });
  const rate = (clicks: number, impressions: number) =>
    impressions === 0 ? '–' : `${((100 * clicks) / impressions).toFixed(2)}%`;
  return (
    <AdminLayout
      language={props.language}
      user={props.user}
      csrf={props.csrf}
      title={format(t.adsReportOf, { name: props.campaign.name })}
    >
      <p>{t.adsReportIntro}</p>
      {props.days.length === 0 ? (
        <p>{t.adsReportEmpty}</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.adsDay}</th>
              <th scope="col">{t.adsImpressions}</th>
              <th scope="col">{t.adsClicks}</th>
              <th scope="col">{t.adsClickRate}</th>
            </tr>
          </thead>
          <tbody>
            {props.days.map((d) => (
              <tr>
                <td dir="ltr">{d.day}</td>
                <td>{d.impressions}</td>
                <td>{d.clicks}</td>
                <td dir="ltr">{rate(d.clicks, d.impressions)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t.adsTotal}</th>
              <td>{total.i}</td>
              <td>{total.c}</td>
              <td dir="ltr">{rate(total.c, total.i)}</td>
            </tr>
          </tbody>
        </table>
      )}
      <p>
        <a href="/admin/ads">{t.adsBack}</a>
      </p>
    </AdminLayout>
  );
}

/** The settings form as sent or stored. */
export interface SettingsForm {
  on: SlotPosition[];
  sizes: Record<SlotPosition, { narrow: string; wide: string }>;
  after: string;
  every: string;
  max: string;
  afterBlock: string;
  minWords: string;
  tagScripts: string;
  allowedHosts: string;
}

export function SettingsPage(
  props: PageBase & {
    edition: Edition;
    form: SettingsForm;
    errors: FieldErrors;
    notice?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  const { form, errors } = props;
  return (
    <AdminLayout
      language={props.language}
      user={props.user}
      csrf={props.csrf}
      title={format(t.adsSettingsOf, { name: props.edition.name })}
    >
      <Notice text={props.notice} kind="info" />
      <Notice text={Object.keys(errors).length > 0 ? t.adsNotSaved : undefined} kind="error" />
      <PostForm action={`/admin/ads/settings/${props.edition.code}`} csrf={props.csrf} submit={t.adsSave}>
        <CheckboxGroup
          name="on"
          legend={t.adsSlots}
          hint={t.adsSlotsHint}
          choices={SLOT_POSITIONS.map((p) => ({ value: p, label: slotName(t, p) }))}
          values={form.on}
          errors={errors}
        />
        {SLOT_POSITIONS.map((p) =>
          p === 'article_sidebar' ? (
            <fieldset class="admin-choices">
              <legend>{slotName(t, p)}</legend>
              <Select
                name={`${p}_wide`}
                label={t.adsSizeSidebar}
                value={form.sizes[p].wide}
                choices={SIDEBAR_SIZES.map((s) => ({ value: s, label: s }))}
                errors={errors}
              />
            </fieldset>
          ) : (
            <fieldset class="admin-choices">
              <legend>{slotName(t, p)}</legend>
              <Select
                name={`${p}_narrow`}
                label={t.adsSizeNarrow}
                value={form.sizes[p].narrow}
                choices={NARROW_SIZES.map((s) => ({ value: s, label: s }))}
                errors={errors}
              />
              <Select
                name={`${p}_wide`}
                label={t.adsSizeWide}
                value={form.sizes[p].wide}
                choices={WIDE_SIZES.map((s) => ({ value: s, label: s }))}
                errors={errors}
              />
            </fieldset>
          ),
        )}
        <TextField name="after" type="number" label={t.adsInlineAfter} value={form.after} errors={errors} />
        <TextField name="every" type="number" label={t.adsInlineEvery} value={form.every} errors={errors} />
        <TextField name="max" type="number" label={t.adsInlineMax} value={form.max} errors={errors} />
        <TextField
          name="afterBlock"
          type="number"
          label={t.adsAfterBlock}
          value={form.afterBlock}
          errors={errors}
        />
        <TextField
          name="minWords"
          type="number"
          label={t.adsMinWords}
          hint={t.adsMinWordsHint}
          value={form.minWords}
          errors={errors}
        />
        <TextArea
          name="allowedHosts"
          label={t.adsHosts}
          hint={t.adsHostsHint}
          value={form.allowedHosts}
          errors={errors}
          rows={3}
          dir="ltr"
        />
        <TextArea
          name="tagScripts"
          label={t.adsTags}
          hint={t.adsTagsHint}
          value={form.tagScripts}
          errors={errors}
          rows={3}
          dir="ltr"
        />
      </PostForm>
    </AdminLayout>
  );
}

export function AdsTxtPage(
  props: PageBase & {
    texts: Record<AdTextName, string>;
    errors: FieldErrors;
    notice?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.adsTxtTitle}>
      <Notice text={props.notice} kind="info" />
      <Notice text={Object.keys(props.errors).length > 0 ? t.adsNotSaved : undefined} kind="error" />
      <p>{t.adsTxtIntro}</p>
      <PostForm action="/admin/ads/txt" csrf={props.csrf} submit={t.adsSave}>
        <TextArea
          name="adsTxt"
          label="/ads.txt"
          value={props.texts['ads.txt']}
          errors={props.errors}
          rows={10}
          dir="ltr"
        />
        <TextArea
          name="appAdsTxt"
          label="/app-ads.txt"
          value={props.texts['app-ads.txt']}
          errors={props.errors}
          rows={6}
          dir="ltr"
        />
      </PostForm>
    </AdminLayout>
  );
}

export function SponsoredPage(
  props: PageBase & {
    articles: SponsoredArticle[];
    form: { address: string; sponsor: string };
    errors: FieldErrors;
    notice?: string | undefined;
  },
) {
  const t = messagesFor(props.language);
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.adsSponsoredTitle}>
      <Notice text={props.notice} kind="info" />
      <p>{t.adsSponsoredIntro}</p>
      <PostForm action="/admin/ads/sponsored" csrf={props.csrf} submit={t.adsSave}>
        <TextField
          name="address"
          label={t.adsSponsoredAddress}
          hint={t.adsSponsoredAddressHint}
          value={props.form.address}
          errors={props.errors}
          required
          dir="ltr"
        />
        <TextField
          name="sponsor"
          label={t.adsSponsor}
          hint={t.adsSponsorHint}
          value={props.form.sponsor}
          errors={props.errors}
          maxlength={200}
        />
      </PostForm>
      {props.articles.length === 0 ? (
        <p>{t.adsSponsoredEmpty}</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">{t.adsSponsoredArticle}</th>
              <th scope="col">{t.adsSponsor}</th>
            </tr>
          </thead>
          <tbody>
            {props.articles.map((a) => (
              <tr>
                <td>
                  <a href={a.url}>{a.headline}</a>
                </td>
                <td>
                  <bdi>{a.sponsor}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>
  );
}
