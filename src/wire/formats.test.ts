import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Entry, type FeedItem, parseDocument } from './formats.js';
import { parseXml, UnsafeXmlError } from './xml.js';

const fixture = (name: string) =>
  readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name), 'utf8');

function items(entries: Entry[]): FeedItem[] {
  return entries.flatMap((entry) => (entry.result.ok ? [entry.result.item] : []));
}
function problems(entries: Entry[]): string[] {
  return entries.flatMap((entry) => (entry.result.ok ? [] : entry.result.problems));
}

describe('parseDocument', () => {
  it('reads RSS 2.0: guid, decoded title, content:encoded body, description as standfirst, dates; a bad item alone fails', () => {
    const parsed = parseDocument(fixture('rss.xml'));
    if (!parsed.ok) throw new Error(parsed.problems.join());
    expect(parsed.format).toBe('rss');
    const [port, ferry] = items(parsed.entries);
    expect(port).toMatchObject({
      uri: 'urn:levant:2024:port-shifts',
      headline: 'Port workers & pilots agree on new shifts',
      description: 'Unions and the port authority signed a deal.',
      language: 'en',
      copyright: '© 2024 Levant Wire',
      byline: 'Levant Wire',
      subjects: ['Labour'],
      versionCreated: '2024-05-01T09:30:00.000Z',
      version: null,
      pubStatus: 'usable',
      link: 'https://wire.example/world/port-shifts',
    });
    // Unsanitized here: the store sanitizes on write.
    expect(port?.bodyHtml).toContain('<p>Unions and the port authority signed a deal on Wednesday.</p>');
    expect(ferry).toMatchObject({
      uri: 'urn:levant:2024:ferry-summer',
      bodyHtml: '<p>More crossings from June.</p>',
    });
    expect(problems(parsed.entries)).toEqual(['title: required']);
    expect(parsed.entries[2]?.uri).toBe('urn:levant:2024:no-title');
  });

  it('reads Atom: xhtml content keeps its markup, html titles become text, language from xml:lang', () => {
    const parsed = parseDocument(fixture('atom.xml'));
    if (!parsed.ok) throw new Error(parsed.problems.join());
    expect(parsed.format).toBe('atom');
    const [library, bread] = items(parsed.entries);
    expect(library).toMatchObject({
      uri: 'urn:mashreq:2024:library',
      headline: 'افتتاح مكتبة عامة في المدينة القديمة',
      language: 'ar',
      firstCreated: '2024-05-01T07:00:00.000Z',
      versionCreated: '2024-05-01T09:00:00.000Z',
      byline: 'وكالة المشرق',
      copyright: '© 2024 وكالة المشرق',
      subjects: ['ثقافة'],
      description: 'مكتبة جديدة تفتح أبوابها.',
      link: 'https://mashreq.example/library',
    });
    expect(library?.bodyHtml).toBe(
      '<p>افتتحت البلدية مكتبة عامة <strong>جديدة</strong>.</p><p>وتضم المكتبة عشرة آلاف كتاب.</p>',
    );
    expect(bread).toMatchObject({
      headline: 'Bread prices steady',
      bodyHtml: '<p>Bakeries kept prices unchanged.</p>',
    });
  });

  it('reads ninjs 3.x (camelCase) and reports its invalid items one by one', () => {
    const parsed = parseDocument(fixture('ninjs3.json'));
    if (!parsed.ok) throw new Error(parsed.problems.join());
    expect(parsed.format).toBe('ninjs');
    expect(items(parsed.entries)).toEqual([
      expect.objectContaining({
        uri: 'urn:ninjs3:2024:dam',
        version: 3,
        headline: 'Dam repairs finish early',
        description: 'The reservoir refills next week.',
        bodyHtml: '<p>Engineers finished the repairs.</p>',
        copyright: '© 2024 Example Press',
        versionCreated: '2024-05-01T11:00:00.000Z',
        subjects: ['Water'],
      }),
    ]);
    expect(problems(parsed.entries)).toEqual(['headlines: required']);
    expect(parsed.entries[1]?.uri).toBe('urn:ninjs3:2024:broken');
  });

  it('reads NewsML-G2 newsItems with NITF and with XHTML bodies, versions and statuses', () => {
    const nitf = parseDocument(fixture('newsml-nitf.xml'));
    if (!nitf.ok) throw new Error(nitf.problems.join());
    expect(nitf.format).toBe('newsml');
    expect(items(nitf.entries)).toEqual([
      {
        uri: 'urn:newsml:example.org:2024:budget',
        version: 1,
        firstCreated: '2024-05-01T09:00:00.000Z',
        versionCreated: '2024-05-01T10:00:00.000Z',
        language: 'en',
        headline: 'Council approves the city budget',
        bodyHtml: '<p>The council approved the budget on Wednesday.</p><p>Spending on parks rises by 5%.</p>',
        byline: 'Example News',
        copyright: '© 2024 Example News',
        pubStatus: 'usable',
        subjects: ['Politics'],
        description: 'A vote of 21 to 9.',
        link: '',
      },
    ]);
    const xhtml = parseDocument(fixture('newsml-xhtml.xml'));
    if (!xhtml.ok) throw new Error(xhtml.problems.join());
    expect(items(xhtml.entries)).toEqual([
      expect.objectContaining({
        uri: 'urn:newsml:example.org:2024:museum',
        version: 2,
        language: 'ar',
        bodyHtml: '<p>أعاد المتحف الوطني فتح قاعاته بعد الترميم.</p>',
      }),
    ]);
    const killed = parseDocument(fixture('newsml-nitf.xml').replace('stat:usable', 'stat:canceled'));
    expect(killed.ok && items(killed.entries)[0]?.pubStatus).toBe('canceled');
  });

  it('refuses XXE and entity-expansion ("billion laughs") documents before parsing them', () => {
    for (const name of ['xxe.xml', 'billion-laughs.xml']) {
      const started = Date.now();
      const parsed = parseDocument(fixture(name));
      expect(parsed).toEqual({
        ok: false,
        format: 'unknown',
        problems: ['entity declarations are not allowed'],
        unsafe: true,
      });
      expect(Date.now() - started).toBeLessThan(500);
    }
    expect(() => parseXml('<!DOCTYPE x [ <!ATTLIST a b CDATA "c"> ]><x/>')).toThrow(UnsafeXmlError);
    // Undeclared entities are never expanded: they stay text.
    const parsed = parseDocument(
      '<rss><channel><item><guid>urn:x</guid><title>A &foo; B &#65;&amp;</title></item></channel></rss>',
    );
    expect(parsed.ok && items(parsed.entries)[0]?.headline).toBe('A &foo; B A&');
  });

  it('reports garbage, unknown XML and a format other than the one expected', () => {
    expect(parseDocument('<html><body>Not a feed</body></html>')).toMatchObject({
      ok: false,
      problems: ['unknown XML document <html>'],
    });
    expect(parseDocument('<rss><channel><item></rss>')).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^malformed XML: /)],
    });
    expect(parseDocument('\u0000\u0001binary')).toMatchObject({
      ok: false,
      problems: ['not a feed: expected JSON or XML'],
    });
    expect(parseDocument('{"uri": ')).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^invalid JSON/)],
    });
    const deep = `<rss><channel><item>${'<b>'.repeat(100_000)}${'</b>'.repeat(100_000)}</item></channel></rss>`;
    expect(parseDocument(deep)).toMatchObject({ ok: false });
    expect(parseDocument(fixture('atom.xml'), 'rss')).toMatchObject({
      ok: false,
      problems: ['expected rss, got atom'],
    });
  });
});
