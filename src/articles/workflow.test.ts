import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../db/connect.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { runDueJobs } from '../jobs/runner.js';
import { newsroomJobs } from '../newsroom/scheduler.js';
import { findDeskArticle } from './editable.js';
import { EditConflictError, WorkflowError } from './errors.js';
import { type ArticleSnapshot, diffSnapshots, listRevisions } from './revisions.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from './testing.js';
import {
  addCorrection,
  createDraft,
  publishNow,
  restoreRevision,
  saveArticle,
  schedulePublish,
  submitForReview,
  unpublish,
} from './workflow.js';

const HOUR = 3_600_000;
const at = (hours: number) => new Date(FIXTURE_NOW.getTime() + hours * HOUR);
const act = (hours = 0) => ({ userId: null, now: at(hours) });

function draftOf(fixture: Fixture, headline: string): Omit<ArticleSnapshot, 'slug'> {
  return {
    headline,
    standfirst: 'ملخص',
    bodyHtml: '<p>نص <strong>الخبر</strong><script>alert(1)</script></p>',
    copyright: '© صحيفة',
    sectionId: fixture.sections.arWorld,
    leadMediaId: null,
    topicIds: [fixture.topics.arDiplomacy],
    byline: [{ contributorId: fixture.personId }],
  };
}

describeEachDatabase('newsroom workflow', (db) => {
  let fixture: Fixture;
  let dataDir: string;
  const page = async (url: string, hours = 0) =>
    testApp(db(), { now: at(hours), dataDir, cache: false }).app.request(url);

  beforeAll(async () => {
    dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
  });

  it('creates a draft whose slug follows the headline until it is published', async () => {
    const id = await createDraft(db(), 'ar', draftOf(fixture, 'قمة المناخ تبدأ'), act());
    const created = await findDeskArticle(db(), id);
    expect(created?.row).toMatchObject({
      status: 'draft',
      slug: 'قمة-المناخ-تبدأ',
      version: 1,
      first_published_at: null,
    });
    expect(created?.row.body_html).toBe('<p>نص <strong>الخبر</strong></p>');
    const version = await saveArticle(
      db(),
      id,
      { expectedVersion: 1, kind: 'draft', snapshot: { ...draftOf(fixture, 'قمة المناخ تنطلق'), slug: '' } },
      act(),
    );
    expect(version).toBe(2);
    expect((await findDeskArticle(db(), id))?.row.slug).toBe('قمة-المناخ-تنطلق');
    expect((await page('/ar/2022/12/02/قمة-المناخ-تنطلق')).status).toBe(404);
  });

  it('refuses the second of two saves from the same version, with both versions, and keeps the first', async () => {
    const id = await createDraft(db(), 'ar', draftOf(fixture, 'خبر للتحرير'), act());
    const { snapshot } = (await findDeskArticle(db(), id)) ?? { snapshot: undefined };
    if (!snapshot) throw new Error('draft missing');
    await saveArticle(
      db(),
      id,
      { expectedVersion: 1, kind: 'draft', snapshot: { ...snapshot, standfirst: 'نسخة أ' } },
      act(),
    );
    const attempt = saveArticle(
      db(),
      id,
      { expectedVersion: 1, kind: 'draft', snapshot: { ...snapshot, standfirst: 'نسخة ب' } },
      act(),
    );
    await expect(attempt).rejects.toBeInstanceOf(EditConflictError);
    const error = await attempt.then(
      () => {
        throw new Error('expected a conflict');
      },
      (e: EditConflictError) => e,
    );
    expect(error.current).toMatchObject({ version: 2, snapshot: { standfirst: 'نسخة أ' } });
    expect(error.attempted.standfirst).toBe('نسخة ب');
    expect((await findDeskArticle(db(), id))?.row).toMatchObject({ standfirst: 'نسخة أ', version: 2 });
  });

  it('publishes; an update moves "last updated", a typo fix does not; a slug change redirects', async () => {
    const id = await createDraft(db(), 'ar', draftOf(fixture, 'افتتاح جسر جديد'), act());
    await submitForReview(db(), id, act());
    await publishNow(db(), id, act(1));
    const url = '/ar/2022/12/02/افتتاح-جسر-جديد';
    expect((await page(encodeURI(url), 1)).status).toBe(200);

    const snapshot = (await findDeskArticle(db(), id))?.snapshot;
    if (!snapshot) throw new Error('missing');
    await saveArticle(
      db(),
      id,
      // Created (1), submitted (2), published (3): every step is a version.
      { expectedVersion: 3, kind: 'typo', snapshot: { ...snapshot, standfirst: 'ملخص مصحح' } },
      act(2),
    );
    expect((await findDeskArticle(db(), id))?.row.last_updated_at).toBe(at(1).toISOString());
    await saveArticle(
      db(),
      id,
      { expectedVersion: 4, kind: 'update', snapshot: { ...snapshot, headline: 'افتتاح جسر جديد اليوم' } },
      act(3),
    );
    const updated = await findDeskArticle(db(), id);
    expect(updated?.row).toMatchObject({ last_updated_at: at(3).toISOString(), slug: 'افتتاح-جسر-جديد' });

    await saveArticle(
      db(),
      id,
      { expectedVersion: 5, kind: 'typo', snapshot: { ...snapshot, slug: 'جسر-جديد' } },
      act(4),
    );
    const old = await page(encodeURI(url), 4);
    expect(old.status).toBe(301);
    expect(decodeURI(old.headers.get('location') ?? '')).toBe('/ar/2022/12/02/جسر-جديد');
    expect((await page(encodeURI('/ar/2022/12/02/جسر-جديد'), 4)).status).toBe(200);
  });

  it('shows a correction at the end of the article and in its JSON-LD', async () => {
    const id = await createDraft(db(), 'ar', draftOf(fixture, 'نتائج الانتخابات البلدية'), act());
    await expect(addCorrection(db(), id, 'قبل النشر', act())).rejects.toBeInstanceOf(WorkflowError);
    await publishNow(db(), id, act(1));
    await addCorrection(db(), id, 'صُحح عدد المقاعد من 12 إلى 13.', act(5));
    const html = await (await page(encodeURI('/ar/2022/12/02/نتائج-الانتخابات-البلدية'), 6)).text();
    const section = html.slice(html.indexOf('class="corrections"'));
    expect(section).toContain('<h2 id="corrections">تصحيحات</h2>');
    expect(section).toContain('2 ديسمبر كانون الأول 2022</time>: صُحح عدد المقاعد من 12 إلى 13.');
    const ld = JSON.parse(html.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)?.[1] ?? '{}');
    expect(ld.correction).toEqual([
      {
        '@type': 'CorrectionComment',
        text: 'صُحح عدد المقاعد من 12 إلى 13.',
        datePublished: '2022-12-02T19:00:00+02:00',
      },
    ]);
    expect(ld.dateModified).toBe('2022-12-02T19:00:00+02:00');
  });

  it('publishes a scheduled article when its job runs, not before', async () => {
    const id = await createDraft(db(), 'ar', draftOf(fixture, 'خبر مجدول'), act());
    await expect(schedulePublish(db(), id, at(-1), act())).rejects.toBeInstanceOf(WorkflowError);
    await schedulePublish(db(), id, at(2), act());
    expect(await runDueJobs(db(), at(1), newsroomJobs)).toBe(0);
    expect((await findDeskArticle(db(), id))?.row.status).toBe('scheduled');
    expect(await runDueJobs(db(), at(3), newsroomJobs)).toBe(1);
    expect((await findDeskArticle(db(), id))?.row).toMatchObject({
      status: 'published',
      first_published_at: at(2).toISOString(),
    });
    expect(await runDueJobs(db(), at(4), newsroomJobs)).toBe(0);
  });

  it('unpublishes and cancels a pending schedule', async () => {
    const id = await createDraft(db(), 'ar', draftOf(fixture, 'خبر سيسحب'), act());
    await publishNow(db(), id, act());
    await unpublish(db(), id, act(1));
    // Taken down after it was published: gone (410), not unknown.
    expect((await page(encodeURI('/ar/2022/12/02/خبر-سيسحب'), 1)).status).toBe(410);
    await schedulePublish(db(), id, at(5), act(1));
    await unpublish(db(), id, act(2));
    expect(await runDueJobs(db(), at(6), newsroomJobs)).toBe(0);
    expect((await findDeskArticle(db(), id))?.row.status).toBe('unpublished');
  });

  it('keeps every save as a revision, diffs two and restores one', async () => {
    const id = await createDraft(db(), 'ar', draftOf(fixture, 'مسودة أولى'), act());
    const first = (await findDeskArticle(db(), id))?.snapshot;
    if (!first) throw new Error('missing');
    await saveArticle(
      db(),
      id,
      { expectedVersion: 1, kind: 'draft', snapshot: { ...first, bodyHtml: '<p>نص جديد كليا</p>' } },
      act(),
    );
    const revisions = await listRevisions(db(), id);
    expect(revisions.map((r) => r.version)).toEqual([2, 1]);
    const diff = diffSnapshots(revisions[1]?.snapshot ?? first, revisions[0]?.snapshot ?? first);
    expect(diff.map((d) => d.field)).toEqual(['bodyHtml']);
    expect(diff[0]?.parts.some((p) => p.added && p.value.includes('جديد'))).toBe(true);

    await expect(restoreRevision(db(), id, 1, 1, act())).rejects.toBeInstanceOf(EditConflictError);
    expect(await restoreRevision(db(), id, 1, 2, act())).toBe(3);
    expect((await findDeskArticle(db(), id))?.row.body_html).toBe(first.bodyHtml);
    expect((await listRevisions(db(), id)).map((r) => r.kind)).toEqual(['restore', 'draft', 'create']);
  });
});

describe('scheduled publishing across a restart', () => {
  it('publishes from the job stored in the database after the process that scheduled it is gone', async () => {
    const dataDir = tempDataDir();
    const file = path.join(dataDir, 'sahifa.sqlite');
    const before = openDatabase({ sqlitePath: file });
    await migrateToLatest(before);
    const fixture = await seedFixture(before, dataDir);
    const id = await createDraft(before, 'ar', draftOf(fixture, 'بعد إعادة التشغيل'), act());
    await schedulePublish(before, id, at(1), act());
    await before.destroy();

    const after = openDatabase({ sqlitePath: file });
    expect(await runDueJobs(after, at(2), newsroomJobs)).toBe(1);
    expect((await findDeskArticle(after, id))?.row.status).toBe('published');
    await after.destroy();
  });
});
