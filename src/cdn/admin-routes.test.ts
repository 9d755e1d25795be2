import { beforeAll, expect, it } from 'vitest';
import { PASSWORD, seedUser, TestBrowser } from '../accounts/testing.js';
import { FIXTURE_NOW, type Fixture, seedFixture } from '../articles/testing.js';
import { unpublish } from '../articles/workflow.js';
import { describeEachDatabase } from '../db/testing.js';
import { tempDataDir, testApp } from '../http/testing.js';
import { cdnAdapter } from './adapters.js';
import { CdnPurger } from './purger.js';

describeEachDatabase('the system page (/admin/system)', (db) => {
  let dataDir: string;
  let fixture: Fixture;
  const cdn = { kind: 'varnish' as const, urls: ['http://127.0.0.1:1'] };
  const app = (withCdn = true) =>
    testApp(db(), {
      now: FIXTURE_NOW,
      dataDir,
      cache: false,
      config: withCdn ? { cdnPurge: cdn, cdnTagHeader: 'surrogate-key' } : {},
    }).app;

  beforeAll(async () => {
    dataDir = tempDataDir();
    fixture = await seedFixture(db(), dataDir);
    await seedUser(db(), { email: 'admin@news.example', role: 'admin', editions: [] }, FIXTURE_NOW);
    await seedUser(db(), { email: 'editor@news.example', role: 'editor', editions: ['ar'] }, FIXTURE_NOW);
  });

  async function signedIn(email: string, withCdn = true) {
    const browser = new TestBrowser(app(withCdn));
    await browser.get('/admin/sign-in');
    await browser.post('/admin/sign-in', { email, password: PASSWORD });
    return browser;
  }

  // The desk speaks the first edition's language (Arabic in the fixture).
  it('shows admins a kill waiting for its purge and the failing CDN’s error, and where media are kept', async () => {
    // The CDN does not answer: the kill stays waiting, retried.
    const purger = new CdnPurger(db(), cdnAdapter(cdn), { now: () => FIXTURE_NOW });
    await purger.runOnce();
    await unpublish(db(), fixture.arOthers[0] ?? '', { userId: null, now: FIXTURE_NOW });
    expect(await purger.runUrgent()).toMatchObject({ state: 'failed' });
    const browser = await signedIn('admin@news.example');
    const res = await browser.get('/admin/system');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/admin/system"');
    expect(html).toMatch(/سحب وإلغاء نشر في الانتظار<\/dt><dd>1<\/dd>/);
    expect(html).toMatch(/عمليات التفريغ تفشل وتُعاد: .*connection failed/);
    expect(html).toMatch(/نداءات تفريغ فاشلة \(كل النسخ\)<\/dt><dd>1<\/dd>/);
    expect(html).toContain('varnish (surrogate-key)');
    expect(html).toContain(`${dataDir}/media`);
    expect(html).toContain('يخدمها الموقع (/media)');
  });

  it('says when no CDN is configured, and keeps editors out', async () => {
    const admin = await signedIn('admin@news.example', false);
    expect(await (await admin.get('/admin/system')).text()).toContain(
      'لم يُضبط تفريغ شبكة توزيع (CDN_PURGE=off)',
    );
    const editor = await signedIn('editor@news.example');
    expect((await editor.get('/admin/system')).status).toBe(403);
  });
});
