/** The front-page desk (/admin/front): lead and top stories, section blocks, the breaking line. */
import type { SignedInUser } from '../accounts/policy.js';
import { AdminLayout } from '../accounts/views.js';
import { editionLabel } from '../editions/label.js';
import type { Edition, SectionRef } from '../editions/queries.js';
import { formatDate, formatDateTime } from '../i18n/dates.js';
import { format, type Messages, messagesFor } from '../i18n/messages.js';
import { CsrfField, type FieldErrors, Notice, PostForm, Select, TextField } from '../ui/forms.js';
import type { BreakingLine, DeskPin, DeskStory } from './queries.js';

/** The pin form as sent, shown again after a refusal. */
export interface PinForm {
  articleId: string;
  slot: string;
}

/** The breaking-line form as sent (or prefilled), shown again after a refusal. */
export interface BreakingForm {
  text: string;
  linkUrl: string;
  /** A live coverage's article id, or '' for none. */
  liveArticleId: string;
  /** `YYYY-MM-DDTHH:mm` in the edition's time zone. */
  expiresAt: string;
}

export interface FrontDeskProps {
  language: string;
  user: SignedInUser;
  csrf: string;
  editions: Edition[];
  edition: Edition;
  /** The page being arranged: undefined for the home, else one of the edition's sections. */
  section: SectionRef | undefined;
  pins: DeskPin[];
  stories: DeskStory[];
  /** The home's section blocks in their order (home only). */
  sectionOrder: SectionRef[];
  breaking: BreakingLine | undefined;
  breakingLive: boolean;
  /** The edition's live coverages readers can see, open ones first: what the line may point to. */
  coverages: { id: string; headline: string; open: boolean }[];
  pinForm: PinForm;
  breakingForm: BreakingForm;
  errors: FieldErrors;
  notice?: string | undefined;
  /** The headline search the story list is narrowed to ('' for none). */
  find: string;
}

export const deskPath = (edition: string, sectionId?: string | undefined) =>
  `/admin/front/${edition}${sectionId ? `?scope=${sectionId}` : ''}`;

/** One button posting a few hidden fields: move, remove, clear. Works without JavaScript. */
function ActionButton(props: {
  action: string;
  csrf: string;
  fields: Record<string, string>;
  label: string;
  name: string;
  disabled?: boolean;
}) {
  return (
    <form method="post" action={props.action} class="admin-inline-form">
      <CsrfField token={props.csrf} />
      {Object.entries(props.fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        class="button front-desk-button"
        aria-label={props.name}
        disabled={props.disabled ?? false}
      >
        {props.label}
      </button>
    </form>
  );
}

function PinRow(props: {
  pin: DeskPin;
  index: number;
  count: number;
  base: string;
  scope: string;
  csrf: string;
  t: Messages;
}) {
  const { pin, t } = props;
  const fields = { scope: props.scope, articleId: pin.articleId };
  const named = (template: string) => format(template, { headline: pin.headline || pin.articleId });
  return (
    <li class="front-desk-pin">
      <span dir="auto">{pin.headline || pin.articleId}</span>
      {!pin.live && <span class="front-desk-hidden"> ({t.frontDeskPinHidden})</span>}
      <span class="front-desk-actions">
        {pin.slot === 'top' && (
          <>
            <ActionButton
              action={`${props.base}/move`}
              csrf={props.csrf}
              fields={{ ...fields, direction: 'up' }}
              label={t.frontDeskUp}
              name={named(t.frontDeskUpNamed)}
              disabled={props.index === 0}
            />
            <ActionButton
              action={`${props.base}/move`}
              csrf={props.csrf}
              fields={{ ...fields, direction: 'down' }}
              label={t.frontDeskDown}
              name={named(t.frontDeskDownNamed)}
              disabled={props.index === props.count - 1}
            />
          </>
        )}
        <ActionButton
          action={`${props.base}/unpin`}
          csrf={props.csrf}
          fields={fields}
          label={t.frontDeskRemove}
          name={named(t.frontDeskRemoveNamed)}
        />
      </span>
    </li>
  );
}

export function FrontDeskPage(props: FrontDeskProps) {
  const t = messagesFor(props.language);
  const { edition, section, errors } = props;
  const base = `/admin/front/${edition.code}`;
  const scope = section?.id ?? 'home';
  const lead = props.pins.filter((p) => p.slot === 'lead');
  const top = props.pins.filter((p) => p.slot === 'top');
  const pageName = section ? section.name : t.home;
  const storyLabel = (s: DeskStory) =>
    `${s.headline} (${formatDate(new Date(s.firstPublishedAt), edition)}${
      !section && s.sectionId ? ` · ${edition.sections.find((x) => x.id === s.sectionId)?.name ?? ''}` : ''
    })`;
  return (
    <AdminLayout language={props.language} user={props.user} csrf={props.csrf} title={t.frontDeskTitle}>
      <Notice text={props.notice} kind="info" />
      <Notice text={Object.keys(errors).length > 0 ? t.adminFormHasErrors : undefined} kind="error" />
      <p>{t.frontDeskIntro}</p>
      {props.editions.length > 1 && (
        <nav aria-label={t.frontDeskEditions} class="front-desk-switch">
          {props.editions.map((e) => (
            <a href={deskPath(e.code)} {...(e.code === edition.code ? { 'aria-current': 'page' } : {})}>
              {editionLabel(e)}
            </a>
          ))}
        </nav>
      )}
      <nav aria-label={t.frontDeskPages} class="front-desk-switch">
        <a href={deskPath(edition.code)} {...(!section ? { 'aria-current': 'page' } : {})}>
          {t.home}
        </a>
        {edition.sections.map((s) => (
          <a
            href={deskPath(edition.code, s.id)}
            {...(section?.id === s.id ? { 'aria-current': 'page' } : {})}
          >
            {s.name}
          </a>
        ))}
      </nav>

      <section aria-labelledby="front-desk-stories">
        <h2 id="front-desk-stories">{format(t.frontDeskStoriesOf, { page: pageName })}</h2>
        <p class="admin-hint">{t.frontDeskFallback}</p>
        <h3>{t.frontDeskLead}</h3>
        {lead.length === 0 ? (
          <p>{t.frontDeskLeadNewest}</p>
        ) : (
          <ul class="front-desk-list">
            {lead.map((pin, index) => (
              <PinRow pin={pin} index={index} count={1} base={base} scope={scope} csrf={props.csrf} t={t} />
            ))}
          </ul>
        )}
        <h3>{t.frontTopStories}</h3>
        {top.length === 0 ? (
          <p>{t.frontDeskTopNewest}</p>
        ) : (
          <ol class="front-desk-list">
            {top.map((pin, index) => (
              <PinRow
                pin={pin}
                index={index}
                count={top.length}
                base={base}
                scope={scope}
                csrf={props.csrf}
                t={t}
              />
            ))}
          </ol>
        )}
        <h3>{t.frontDeskPin}</h3>
        <form method="get" action={base} class="front-desk-find">
          {section && <input type="hidden" name="scope" value={section.id} />}
          <label for="find">{t.frontDeskFind}</label>
          <input id="find" name="find" type="search" value={props.find} maxlength={200} dir="auto" />
          <button type="submit" class="button">
            {t.frontDeskFindSubmit}
          </button>
        </form>
        {props.stories.length === 0 ? (
          <p>{props.find ? t.frontDeskFindNone : t.noStories}</p>
        ) : (
          <PostForm action={`${base}/pin`} csrf={props.csrf} submit={t.frontDeskPinSubmit}>
            <input type="hidden" name="scope" value={scope} />
            <Select
              name="articleId"
              label={t.frontDeskStory}
              hint={t.frontDeskStoryHint}
              choices={props.stories.map((s) => ({ value: s.id, label: storyLabel(s) }))}
              value={props.pinForm.articleId}
              empty=""
              errors={errors}
              required
            />
            <Select
              name="slot"
              label={t.frontDeskSlot}
              choices={[
                { value: 'top', label: t.frontTopStories },
                { value: 'lead', label: t.frontDeskLead },
              ]}
              value={props.pinForm.slot}
              errors={errors}
            />
          </PostForm>
        )}
      </section>

      {!section && props.sectionOrder.length > 1 && (
        <section aria-labelledby="front-desk-sections">
          <h2 id="front-desk-sections">{t.frontDeskSections}</h2>
          <p class="admin-hint">{t.frontDeskSectionsHint}</p>
          <ol class="front-desk-list">
            {props.sectionOrder.map((s, index) => (
              <li class="front-desk-pin">
                <span dir="auto">{s.name}</span>
                <span class="front-desk-actions">
                  <ActionButton
                    action={`${base}/sections/move`}
                    csrf={props.csrf}
                    fields={{ sectionId: s.id, direction: 'up' }}
                    label={t.frontDeskUp}
                    name={format(t.frontDeskUpNamed, { headline: s.name })}
                    disabled={index === 0}
                  />
                  <ActionButton
                    action={`${base}/sections/move`}
                    csrf={props.csrf}
                    fields={{ sectionId: s.id, direction: 'down' }}
                    label={t.frontDeskDown}
                    name={format(t.frontDeskDownNamed, { headline: s.name })}
                    disabled={index === props.sectionOrder.length - 1}
                  />
                </span>
              </li>
            ))}
          </ol>
        </section>
      )}

      <section aria-labelledby="front-desk-breaking">
        <h2 id="front-desk-breaking">{t.frontBreakingLabel}</h2>
        {props.breaking && (
          <div class="front-desk-breaking">
            <p>
              <span dir="auto">{props.breaking.text}</span>
              {props.breaking.linkUrl && (
                <>
                  {' · '}
                  <span dir="ltr">{props.breaking.linkUrl}</span>
                </>
              )}
              {props.breaking.liveArticleId && (
                <>
                  {' · '}
                  {t.liveLabel}:{' '}
                  <bdi>
                    {props.coverages.find((c) => c.id === props.breaking?.liveArticleId)?.headline ??
                      t.frontDeskLiveGone}
                  </bdi>
                </>
              )}
            </p>
            <p class="admin-hint">
              {format(props.breakingLive ? t.frontDeskBreakingUntil : t.frontDeskBreakingExpired, {
                time: formatDateTime(new Date(props.breaking.expiresAt), edition),
              })}
            </p>
            <ActionButton
              action={`${base}/breaking/clear`}
              csrf={props.csrf}
              fields={{ scope }}
              label={t.frontDeskBreakingClear}
              name={t.frontDeskBreakingClear}
            />
          </div>
        )}
        <PostForm action={`${base}/breaking`} csrf={props.csrf} submit={t.frontDeskBreakingSet}>
          <input type="hidden" name="scope" value={scope} />
          <TextField
            name="text"
            label={t.frontDeskBreakingText}
            value={props.breakingForm.text}
            errors={errors}
            maxlength={200}
            required
          />
          {props.coverages.length > 0 && (
            <Select
              name="liveArticleId"
              label={t.frontDeskBreakingLive}
              hint={t.frontDeskBreakingLiveHint}
              value={props.breakingForm.liveArticleId}
              empty={t.frontDeskBreakingNoLive}
              choices={props.coverages.map((c) => ({
                value: c.id,
                label: c.open ? c.headline : `${c.headline} (${t.liveDeskClosed})`,
              }))}
              errors={errors}
            />
          )}
          <TextField
            name="linkUrl"
            label={t.frontDeskBreakingLink}
            hint={t.frontDeskBreakingLinkHint}
            value={props.breakingForm.linkUrl}
            errors={errors}
            maxlength={2000}
            dir="ltr"
          />
          <TextField
            name="expiresAt"
            type="datetime-local"
            label={t.frontDeskBreakingExpires}
            hint={format(t.frontDeskBreakingExpiresHint, { zone: edition.timeZone })}
            value={props.breakingForm.expiresAt}
            errors={errors}
            required
          />
        </PostForm>
      </section>
    </AdminLayout>
  );
}
