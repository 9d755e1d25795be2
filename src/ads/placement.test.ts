import { describe, expect, it } from 'vitest';
import { checkAdsTxt, normalizeAdsTxt } from './ads-txt.js';
import { eligibleAds, fillSlots, type HouseAd, nextChangeIn } from './choose.js';
import { cutAfterParagraphs, inlinePositions, topLevelParagraphs, wordCount } from './slots.js';

const NOW = new Date('2026-12-01T12:00:00Z');

const ad = (over: Partial<HouseAd> & { id: string }): HouseAd => ({
  name: over.id,
  kind: 'text',
  text: 'Buy',
  image: null,
  linkUrl: 'https://shop.example',
  startsAt: '2026-11-01T00:00:00.000Z',
  endsAt: null,
  editions: ['ar'],
  sections: [],
  weight: 1,
  maxPerPage: 1,
  active: true,
  ...over,
});

describe('slot placement in an article', () => {
  it('puts slots after paragraph N, then every M, at most max, never after the last paragraph', () => {
    expect(inlinePositions(10, { after: 2, every: 3, max: 5 })).toEqual([2, 5, 8]);
    expect(inlinePositions(10, { after: 2, every: 3, max: 2 })).toEqual([2, 5]);
    expect(inlinePositions(3, { after: 3, every: 1, max: 5 })).toEqual([]);
    expect(inlinePositions(4, { after: 3, every: 1, max: 5 })).toEqual([3]);
  });

  it('cuts only between top-level paragraphs, never inside a quote, list or figure', () => {
    const html =
      '<p>one <b>bold</b><br>line</p><blockquote><p>quoted</p></blockquote><p>two</p><figure><img src="/x.jpg" alt=""/></figure><p>three</p>';
    expect(topLevelParagraphs(html)).toBe(3);
    const pieces = cutAfterParagraphs(html, [1, 2]);
    expect(pieces).toEqual([
      '<p>one <b>bold</b><br>line</p>',
      '<blockquote><p>quoted</p></blockquote><p>two</p>',
      '<figure><img src="/x.jpg" alt=""/></figure><p>three</p>',
    ]);
    expect(pieces.join('')).toBe(html);
    expect(cutAfterParagraphs(html, [])).toEqual([html]);
  });

  it('counts words of the text, not of its markup, Arabic included', () => {
    expect(
      wordCount(
        '<p>اجتمع دبلوماسيون في <a href="https://x.example/a b">إسطنبول</a>.</p><p>one &amp; two</p>',
      ),
    ).toBe(7);
    expect(wordCount('')).toBe(0);
  });
});

describe('house ad targeting', () => {
  it('keeps campaigns running now, in the edition, and in the section when they name sections', () => {
    const ads = [
      ad({ id: 'all' }),
      ad({ id: 'world', sections: ['s-world'] }),
      ad({ id: 'en', editions: ['en'] }),
      ad({ id: 'future', startsAt: '2026-12-02T00:00:00.000Z' }),
      ad({ id: 'ended', endsAt: '2026-12-01T00:00:00.000Z' }),
      ad({ id: 'paused', active: false }),
      ad({ id: 'no-image', kind: 'image', image: null }),
    ];
    const ids = (place: { editionCode: string; sectionId: string | null }) =>
      eligibleAds(ads, place, NOW).map((a) => a.id);
    expect(ids({ editionCode: 'ar', sectionId: 's-world' })).toEqual(['all', 'world']);
    expect(ids({ editionCode: 'ar', sectionId: 's-science' })).toEqual(['all']);
    expect(ids({ editionCode: 'ar', sectionId: null })).toEqual(['all']);
    expect(ids({ editionCode: 'en', sectionId: null })).toEqual(['en']);
    // The end day is excluded from the stored end (the next UTC midnight): running until then.
    expect(
      eligibleAds(
        [ad({ id: 'last', endsAt: '2026-12-02T00:00:00.000Z' })],
        { editionCode: 'ar', sectionId: null },
        NOW,
      ),
    ).toHaveLength(1);
  });

  it('picks by weight and fills no more slots of a page than a campaign may', () => {
    const heavy = ad({ id: 'heavy', weight: 3, maxPerPage: 10 });
    const light = ad({ id: 'light', weight: 1, maxPerPage: 10 });
    const tally = { heavy: 0, light: 0 };
    for (let i = 0; i < 400; i++) {
      const [pick] = fillSlots([heavy, light], 1, () => (i + 0.5) / 400);
      if (pick) tally[pick.id as 'heavy' | 'light']++;
    }
    expect(tally).toEqual({ heavy: 300, light: 100 });
    const once = ad({ id: 'once', weight: 100, maxPerPage: 1 });
    const twice = ad({ id: 'twice', weight: 1, maxPerPage: 2 });
    expect(fillSlots([once, twice], 4, () => 0).map((p) => p?.id)).toEqual([
      'once',
      'twice',
      'twice',
      undefined,
    ]);
    expect(fillSlots([], 2, Math.random)).toEqual([undefined, undefined]);
  });

  it('knows when the next campaign starts or ends (the cached page is rendered again then)', () => {
    const ads = [
      ad({ id: 'a', endsAt: '2026-12-01T18:00:00.000Z' }),
      ad({ id: 'b', startsAt: '2026-12-01T13:00:00.000Z' }),
    ];
    expect(nextChangeIn(ads, NOW)).toBe(3_600_000);
    expect(nextChangeIn([ad({ id: 'c' })], NOW)).toBeUndefined();
  });
});

describe('ads.txt validation', () => {
  it('accepts records, variables, comments and blank lines', () => {
    const text = [
      '# ads.txt of news.example',
      'google.com, pub-1234567890123456, DIRECT, f08c47fec0942fa0',
      'appnexus.com, 1234, RESELLER',
      '',
      'contact=ads@news.example',
      'OWNERDOMAIN=news.example',
      'example.com, 42, direct # lower case is fine',
    ].join('\r\n');
    expect(checkAdsTxt(text)).toEqual([]);
    expect(normalizeAdsTxt(`${text}\r\n\r\n`)).toBe(`${text.replaceAll('\r\n', '\n')}\n`);
    expect(normalizeAdsTxt('  \n')).toBe('');
  });

  it('names each bad line and why', () => {
    const text = [
      'google.com, pub-1, DIRECT',
      'google.com pub-1 DIRECT',
      'not a domain, 1, DIRECT',
      'google.com, , DIRECT',
      'google.com, 1, PARTNER',
      'google.com, 1, DIRECT, not-hex!',
      'colour=blue',
      'javascript:alert(1)',
    ].join('\n');
    expect(checkAdsTxt(text).map((p) => [p.line, p.reason])).toEqual([
      [2, 'fields'],
      [3, 'domain'],
      [4, 'account'],
      [5, 'relationship'],
      [6, 'authority'],
      [7, 'variable'],
      [8, 'fields'],
    ]);
    expect(checkAdsTxt('a'.repeat(70_000))).toEqual([{ line: 1, text: '', reason: 'size' }]);
  });
});
