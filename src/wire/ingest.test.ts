import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { agencyInputSchema, updateAgency } from '../agencies/store.js';
import { createArticle } from '../articles/store.js';
import { type Fixture, seedFixture } from '../articles/testing.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir } from '../http/testing.js';
import { type IngestOptions, ingestDocument, ingestFiles, ingestItem, tally } from './ingest.js';
import type { WireItem } from './ninjs.js';

// createArticle as it is, until a test makes it fail after writing (see "leaves nothing behind").
vi.mock('../articles/store.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../articles/store.js')>();
  return { ...actual, createArticle: vi.fn(actual.createArticle) };
});
const actualStore = await vi.importActual<typeof import('../articles/store.js')>('../articles/store.js');

const NOW = new Date('2024-05-03T12:00:00Z');
const PUBLISH: IngestOptions = { publish: true, publicUrl: 'https://news.example' };
const DRAFT: IngestOptions = { publish: false, publicUrl: 'https://news.example' };

function wireItem(overrides: Partial<WireItem> & Pick<WireItem, 'uri'>): WireItem {
  return {
    version: 1,
    firstCreated: '2024-05-01T08:00:00.000Z',
    versionCreated: '2024-05-01T08:00:00.000Z',
    language: 'en',
    headline: 'Harbour pilots walk out over night shifts',
    bodyHtml: '<p>Pilots at the northern harbour stopped work at dawn.</p>',
    byline: '',
    copyright: '',
    pubStatus: 'usable',
    subjects: [],
    description: '',
    ...overrides,
  };
}

describeEachDatabase('wire ingest', (db) => {
  let fixture: Fixture;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
  });

  const articleRow = (id: string) =>
    db().selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const topicIdsOf = async (id: string) =>
    (
      await db()
        .selectFrom('article_topics')
        .select('topic_id')
        .where('article_id', '=', id)
        .orderBy('position')
        .execute()
    ).map((row) => row.topic_id);
  const bylineOf = (id: string) =>
    db()
      .selectFrom('article_bylines')
      .select(['contributor_id', 'agency_id'])
      .where('article_id', '=', id)
      .orderBy('position')
      .execute();

  it('publishes an Arabic item: agency byline and copyright, topics found or created, URL dated in the edition zone', async () => {
    const headline = 'اتفاق على هدنة في الميناء';
    const result = await ingestItem(
      db(),
      wireItem({
        uri: 'urn:wire:ar:truce',
        language: 'ar-LB',
        headline,
        bodyHtml: '<p>اتفق الطرفان على هدنة.</p>',
        byline: 'REUTERS',
        description: 'هدنة لمدة أسبوع',
        subjects: ['Diplomacy', 'انتخابات', 'انتخابات'],
        // 21:30 UTC is already 2 May in Beirut.
        firstCreated: '2024-05-01T21:30:00.000Z',
        versionCreated: '2024-05-01T22:00:00.000Z',
      }),
      PUBLISH,
      NOW,
    );
    const slug = 'اتفاق-على-هدنة-في-الميناء';
    expect(result).toEqual({
      action: 'created',
      articleId: expect.any(String),
      editionCode: 'ar',
      slug,
      url: `https://news.example/ar/2024/05/02/${encodeURIComponent(slug)}`,
    });
    expect(await articleRow(result.articleId)).toMatchObject({
      edition_code: 'ar',
      headline,
      standfirst: 'هدنة لمدة أسبوع',
      body_html: '<p>اتفق الطرفان على هدنة.</p>',
      copyright: '© 2022 Reuters',
      status: 'published',
      first_published_at: '2024-05-01T21:30:00.000Z',
      last_updated_at: '2024-05-01T22:00:00.000Z',
      source_uri: 'urn:wire:ar:truce',
      source_version: 1,
    });
    expect(await bylineOf(result.articleId)).toEqual([{ contributor_id: null, agency_id: fixture.agencyId }]);
    const elections = await db()
      .selectFrom('topics')
      .select(['id', 'name'])
      .where('edition_code', '=', 'ar')
      .where('slug', '=', 'انتخابات')
      .executeTakeFirstOrThrow();
    expect(elections.name).toBe('انتخابات');
    expect(await topicIdsOf(result.articleId)).toEqual([fixture.topics.arDiplomacy, elections.id]);
    const change = await db()
      .selectFrom('content_changes')
      .select('tags')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(change.tags.split(' ')).toContain(`article:${result.articleId}`);
  });

  it('updates on a newer version: new text and last-updated time; first-published, slug and desk fields stay', async () => {
    const first = await ingestItem(db(), wireItem({ uri: 'urn:wire:en:pilots' }), PUBLISH, NOW);
    await db()
      .updateTable('articles')
      .set({ section_id: fixture.sections.enWorld })
      .where('id', '=', first.articleId)
      .execute();
    const second = await ingestItem(
      db(),
      wireItem({
        uri: 'urn:wire:en:pilots',
        version: 2,
        headline: 'Harbour pilots end strike after pay deal',
        bodyHtml: '<p>The strike ended at noon.</p>',
        firstCreated: '2024-05-01T10:00:00.000Z',
        versionCreated: '2024-05-01T12:45:00.000Z',
      }),
      PUBLISH,
      new Date(NOW.getTime() + 60_000),
    );
    expect(second).toEqual({ ...first, action: 'updated' });
    expect(first.url).toBe('https://news.example/en/2024/05/01/harbour-pilots-walk-out-over-night-shifts');
    expect(await articleRow(first.articleId)).toMatchObject({
      headline: 'Harbour pilots end strike after pay deal',
      body_html: '<p>The strike ended at noon.</p>',
      slug: 'harbour-pilots-walk-out-over-night-shifts',
      first_published_at: '2024-05-01T08:00:00.000Z',
      last_updated_at: '2024-05-01T12:45:00.000Z',
      modified_at: '2024-05-03T12:01:00.000Z',
      source_version: 2,
      section_id: fixture.sections.enWorld,
    });
  });

  it('leaves the article alone for an older or equal version', async () => {
    const uri = 'urn:wire:en:ferry';
    const created = await ingestItem(
      db(),
      wireItem({ uri, version: 5, headline: 'Ferry resumes' }),
      PUBLISH,
      NOW,
    );
    const before = await articleRow(created.articleId);
    for (const version of [5, 4]) {
      const again = await ingestItem(
        db(),
        wireItem({ uri, version, headline: 'Ferry halted', versionCreated: '2024-05-02T00:00:00.000Z' }),
        PUBLISH,
        new Date(NOW.getTime() + 60_000),
      );
      expect(again).toEqual({ ...created, action: 'unchanged' });
    }
    expect(await articleRow(created.articleId)).toEqual(before);
  });

  it('orders versions by their creation time when items carry no version', async () => {
    const uri = 'urn:wire:en:unversioned';
    const item = (headline: string, versionCreated: string) =>
      wireItem({ uri, version: null, headline, versionCreated });
    const created = await ingestItem(db(), item('Bridge closes', '2024-05-01T10:00:00.000Z'), PUBLISH, NOW);
    const older = await ingestItem(db(), item('Bridge shut', '2024-05-01T09:00:00.000Z'), PUBLISH, NOW);
    const newer = await ingestItem(db(), item('Bridge reopens', '2024-05-01T11:00:00.000Z'), PUBLISH, NOW);
    expect([created.action, older.action, newer.action]).toEqual(['created', 'unchanged', 'updated']);
    expect((await articleRow(created.articleId)).headline).toBe('Bridge reopens');
  });

  it('files drafts without --publish; a draft slug follows its headline until the article is published', async () => {
    const uri = 'urn:wire:en:draft';
    const draft = await ingestItem(db(), wireItem({ uri, headline: 'Museum to reopen' }), DRAFT, NOW);
    expect(draft).toEqual({
      action: 'created',
      articleId: expect.any(String),
      editionCode: 'en',
      slug: 'museum-to-reopen',
    });
    expect(await articleRow(draft.articleId)).toMatchObject({ status: 'draft', first_published_at: null });

    const renamed = await ingestItem(
      db(),
      wireItem({ uri, version: 2, headline: 'Museum reopens on Friday' }),
      DRAFT,
      NOW,
    );
    expect(renamed).toMatchObject({ action: 'updated', slug: 'museum-reopens-on-friday' });
    expect(renamed.url).toBeUndefined();

    const published = await ingestItem(
      db(),
      wireItem({
        uri,
        version: 3,
        headline: 'Museum reopens on Friday',
        firstCreated: '2024-05-02T07:00:00.000Z',
      }),
      PUBLISH,
      NOW,
    );
    expect(published.url).toBe('https://news.example/en/2024/05/02/museum-reopens-on-friday');
    expect(await articleRow(draft.articleId)).toMatchObject({
      status: 'published',
      first_published_at: '2024-05-02T07:00:00.000Z',
    });
  });

  it('never publishes canceled or withheld items, and takes a published article down when canceled', async () => {
    const withheld = await ingestItem(
      db(),
      wireItem({ uri: 'urn:wire:en:withheld', headline: 'Embargoed report', pubStatus: 'withheld' }),
      PUBLISH,
      NOW,
    );
    expect(withheld.url).toBeUndefined();
    expect((await articleRow(withheld.articleId)).status).toBe('draft');

    const uri = 'urn:wire:en:recalled';
    const live = await ingestItem(db(), wireItem({ uri, headline: 'Council approves budget' }), PUBLISH, NOW);
    const canceled = await ingestItem(
      db(),
      wireItem({ uri, version: 2, headline: 'Council approves budget', pubStatus: 'canceled' }),
      PUBLISH,
      NOW,
    );
    expect(canceled).toMatchObject({ action: 'updated', slug: live.slug });
    expect(canceled.url).toBeUndefined();
    expect(await articleRow(live.articleId)).toMatchObject({
      status: 'unpublished',
      first_published_at: '2024-05-01T08:00:00.000Z',
    });
  });

  it('makes slugs unique within an edition only', async () => {
    const headline = 'Storm warning for the coast';
    const slugs: string[] = [];
    for (const n of [0, 1, 2]) {
      slugs.push(
        (await ingestItem(db(), wireItem({ uri: `urn:wire:en:storm-${n}`, headline }), DRAFT, NOW)).slug,
      );
    }
    expect(slugs).toEqual([
      'storm-warning-for-the-coast',
      'storm-warning-for-the-coast-2',
      'storm-warning-for-the-coast-3',
    ]);
    const arabic = await ingestItem(
      db(),
      wireItem({ uri: 'urn:wire:en:storm-0', headline, language: 'ar' }),
      DRAFT,
      NOW,
    );
    expect(arabic).toMatchObject({
      action: 'created',
      editionCode: 'ar',
      slug: 'storm-warning-for-the-coast',
    });
  });

  it('strips scripts, event handlers and javascript: links from the body', async () => {
    const result = await ingestItem(
      db(),
      wireItem({
        uri: 'urn:wire:en:hostile',
        bodyHtml:
          '<p>Calm.</p><script>alert(1)</script><img src="https://img.example/a.jpg" onerror="alert(2)"><a href="javascript:alert(3)">more</a>',
      }),
      PUBLISH,
      NOW,
    );
    const { body_html } = await articleRow(result.articleId);
    expect(body_html).toContain('<p>Calm.</p>');
    expect(body_html).not.toMatch(/script|onerror|javascript:|alert/i);
  });

  it('credits the agency when the byline is its name in a language (رويترز), not a new person', async () => {
    const names = [{ language: 'ar', name: 'رويترز' }];
    const input = agencyInputSchema.parse({
      name: 'Reuters',
      slug: 'reuters',
      copyrightLine: '© 2022 Reuters',
      names,
    });
    expect((await updateAgency(db(), fixture.agencyId, input, NOW)).ok).toBe(true);
    const result = await ingestItem(
      db(),
      wireItem({
        uri: 'urn:wire:ar:reuters-ar',
        language: 'ar',
        headline: 'خبر من رويترز',
        byline: 'رويترز',
      }),
      PUBLISH,
      NOW,
    );
    expect(await bylineOf(result.articleId)).toEqual([{ contributor_id: null, agency_id: fixture.agencyId }]);
    expect(await db().selectFrom('contributors').select('id').where('name', '=', 'رويترز').execute()).toEqual(
      [],
    );
  });

  it('credits contributors: an existing one by name, a new one created once; a copyright notice wins', async () => {
    const known = await ingestItem(
      db(),
      wireItem({ uri: 'urn:wire:ar:lina', language: 'ar', headline: 'حوار مع وزير', byline: 'لينا حداد' }),
      PUBLISH,
      NOW,
    );
    expect(await bylineOf(known.articleId)).toEqual([{ contributor_id: fixture.personId, agency_id: null }]);

    const items = ['urn:wire:en:samir-1', 'urn:wire:en:samir-2'].map((uri) =>
      wireItem({ uri, byline: 'Samir Khoury', copyright: '© 2024 Samir Khoury' }),
    );
    const ids: string[] = [];
    for (const item of items) ids.push((await ingestItem(db(), item, PUBLISH, NOW)).articleId);
    const samir = await db()
      .selectFrom('contributors')
      .select(['id', 'name'])
      .where('slug', '=', 'samir-khoury')
      .execute();
    expect(samir).toEqual([{ id: expect.any(String), name: 'Samir Khoury' }]);
    for (const id of ids) {
      expect(await bylineOf(id)).toEqual([{ contributor_id: samir[0]?.id, agency_id: null }]);
      expect((await articleRow(id)).copyright).toBe('© 2024 Samir Khoury');
    }
  });

  it('files by --edition over language, and fails items with no edition to go to', async () => {
    const chosen = await ingestItem(
      db(),
      wireItem({ uri: 'urn:wire:any:chosen', language: 'ar' }),
      { ...DRAFT, editionCode: 'en' },
      NOW,
    );
    expect(chosen.editionCode).toBe('en');
    await expect(
      ingestItem(db(), wireItem({ uri: 'urn:wire:fr:1', language: 'fr-FR' }), DRAFT, NOW),
    ).rejects.toThrow('no edition in language "fr-FR"');
    await expect(
      ingestItem(db(), wireItem({ uri: 'urn:wire:none', language: null }), DRAFT, NOW),
    ).rejects.toThrow('the item has no language');
    await expect(
      ingestItem(db(), wireItem({ uri: 'urn:wire:xx' }), { ...DRAFT, editionCode: 'xx' }, NOW),
    ).rejects.toThrow('no edition "xx"');
  });

  it('leaves nothing behind when the article cannot be written', async () => {
    const count = async (table: 'topics' | 'contributors' | 'articles' | 'content_changes') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await Promise.all([
      count('topics'),
      count('contributors'),
      count('articles'),
      count('content_changes'),
    ]);
    vi.mocked(createArticle).mockImplementationOnce(async (...args) => {
      await actualStore.createArticle(...args);
      throw new Error('disk full');
    });
    await expect(
      ingestItem(
        db(),
        wireItem({ uri: 'urn:wire:en:doomed', byline: 'Nobody Yet', subjects: ['Brand new topic'] }),
        PUBLISH,
        NOW,
      ),
    ).rejects.toThrow('disk full');
    const after = await Promise.all([
      count('topics'),
      count('contributors'),
      count('articles'),
      count('content_changes'),
    ]);
    expect(after).toEqual(before);
  });

  it('ingests files, reporting each bad one by file and field while the others go in', async () => {
    const dir = tempDataDir();
    const file = (name: string, content: string) => {
      const filePath = path.join(dir, name);
      writeFileSync(filePath, content);
      return filePath;
    };
    const good = file(
      'good.json',
      `\uFEFF${JSON.stringify([
        { uri: 'urn:wire:files:1', version: '1', language: 'en', headline: 'Trams return to the old town' },
        {
          uri: 'urn:wire:files:2',
          version: 1,
          language: 'ar',
          headlines: [{ value: 'عودة الترام إلى المدينة القديمة' }],
        },
      ])}`,
    );
    const invalidJson = file('invalid.json', '{"uri": "urn:wire:files:3", ');
    const headless = file('headless.json', JSON.stringify({ uri: 'urn:wire:files:4', language: 'en' }));
    const wrongTypes = file(
      'types.json',
      JSON.stringify([
        { uri: 'urn:wire:files:5', headline: 'Fine', language: 'en' },
        { uri: 6, headline: ['no'], subject: 'x' },
      ]),
    );
    const stranger = file(
      'stranger.json',
      JSON.stringify({ uri: 'urn:wire:files:7', language: 'fr', headline: 'Bonjour' }),
    );
    const missing = path.join(dir, 'missing.json');

    const outcomes = await ingestFiles(
      db(),
      [good, invalidJson, headless, wrongTypes, stranger, missing],
      PUBLISH,
      NOW,
    );

    expect(outcomes).toEqual([
      {
        file: good,
        ok: true,
        item: expect.objectContaining({ action: 'created', slug: 'trams-return-to-the-old-town' }),
      },
      { file: good, ok: true, item: expect.objectContaining({ action: 'created', editionCode: 'ar' }) },
      { file: invalidJson, ok: false, problems: [expect.stringMatching(/^invalid JSON: /)] },
      { file: headless, ok: false, problems: ['headline: required'] },
      { file: wrongTypes, ok: true, item: expect.objectContaining({ action: 'created', slug: 'fine' }) },
      {
        file: wrongTypes,
        ok: false,
        problems: [
          '[1]: uri: Invalid input: expected string, received number',
          '[1]: headline: Invalid input: expected string, received array',
          '[1]: subject: Invalid input: expected array, received string',
        ],
      },
      { file: stranger, ok: false, problems: ['no edition in language "fr": choose one with --edition'] },
      { file: missing, ok: false, problems: [expect.stringMatching(/^cannot read: .*ENOENT/)] },
    ]);
    expect(tally(outcomes)).toEqual({ created: 3, updated: 0, unchanged: 0, failed: 5 });
    // One bad item does not keep the good one beside it out.
    expect(
      await db().selectFrom('articles').select('id').where('source_uri', '=', 'urn:wire:files:5').execute(),
    ).toHaveLength(1);
    const again = await ingestFiles(db(), [good], PUBLISH, NOW);
    expect(tally(again)).toEqual({ created: 0, updated: 0, unchanged: 2, failed: 0 });
  });

  it('files a feed document item by item: one that cannot be filed fails alone, and every payload is kept', async () => {
    const rss = `<rss version="2.0"><channel><language>fr</language>
      <item><guid>urn:wire:rss:fr</guid><title>Bonjour</title></item>
    </channel></rss>`;
    const mixed = JSON.stringify([
      { uri: 'urn:wire:doc:good', headline: 'Lighthouse restored', language: 'en' },
      { uri: 'urn:wire:doc:french', headline: 'Phare restauré', language: 'fr' },
      { uri: 'urn:wire:doc:arabic', headline: 'ترميم المنارة', language: 'ar' },
    ]);
    const outcomes = await ingestDocument(db(), mixed, 'mixed.json', DRAFT, NOW);
    expect(outcomes).toEqual([
      {
        file: 'mixed.json',
        ok: true,
        item: expect.objectContaining({ action: 'created', editionCode: 'en' }),
      },
      {
        file: 'mixed.json',
        ok: false,
        problems: ['[1]: no edition in language "fr": choose one with --edition'],
      },
      {
        file: 'mixed.json',
        ok: true,
        item: expect.objectContaining({ action: 'created', editionCode: 'ar' }),
      },
    ]);
    expect(await ingestDocument(db(), rss, 'fr.xml', DRAFT, NOW)).toEqual([
      {
        file: 'fr.xml',
        ok: false,
        problems: ['[0]: no edition in language "fr": choose one with --edition'],
      },
    ]);
    // Not filed as articles, but the items themselves are on the wire desk.
    const stored = await db()
      .selectFrom('wire_items')
      .select('uri')
      .where('uri', 'in', ['urn:wire:doc:good', 'urn:wire:doc:french', 'urn:wire:rss:fr'])
      .orderBy('uri')
      .execute();
    expect(stored.map((row) => row.uri)).toEqual([
      'urn:wire:doc:french',
      'urn:wire:doc:good',
      'urn:wire:rss:fr',
    ]);
  });
});

describe('tally', () => {
  it('counts one failure per rejected file or failed item', () => {
    expect(
      tally([
        { file: 'a', ok: false, problems: ['x', 'y'] },
        { file: 'b', ok: true, item: { action: 'updated', articleId: '1', editionCode: 'en', slug: 's' } },
      ]),
    ).toEqual({ created: 0, updated: 1, unchanged: 0, failed: 1 });
  });
});
