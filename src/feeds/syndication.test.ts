import { XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { describe, expect, it } from 'vitest';
import type { ArticleCard } from '../articles/queries.js';
import type { Edition } from '../editions/queries.js';
import { renderFeed } from './syndication.js';

const edition: Edition = {
  code: 'en',
  language: 'en',
  direction: 'ltr',
  name: 'News & <Views>',
  description: 'All the "news"',
  dateStyle: 'gregorian',
  digits: 'latn',
  monthSeparator: 'space',
  timeZone: 'Europe/London',
  social: [],
  sections: [],
  position: 0,
};

/** Wire copy at its worst: markup, a CDATA terminator twice, a control character. */
const card: ArticleCard = {
  id: 'card1',
  editionCode: 'en',
  slug: 'q-a',
  url: '/en/2022/12/01/q-a',
  headline: 'Q&A: <b>why</b> ]]> and ]]><injected/>\u0001 end',
  standfirst: 'AT&T <3 "quotes"',
  firstPublishedAt: '2022-12-01T10:00:00.000Z',
  lastUpdatedAt: null,
  section: { id: 's1', slug: 'r-d', name: 'R&D <lab> "x"' },
  image: null,
  sponsor: null,
};

const subject = { edition, title: edition.name, publicUrl: 'https://news.example', path: '/en' };
const now = new Date('2022-12-02T12:00:00Z');

describe('feed text', () => {
  for (const format of ['rss', 'atom'] as const) {
    it(`keeps hostile text as text in ${format}`, async () => {
      const xml = renderFeed(subject, [card], new Map(), format, now);
      expect(XMLValidator.validate(xml)).toBe(true);
      const markup = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
      expect(markup).not.toContain('<injected');
      expect(xml).not.toContain('\u0001');
      // "<" may not appear inside an attribute value.
      expect(markup).not.toMatch(/="[^"]*</);
      const feed = await new Parser().parseString(xml);
      expect(feed.title).toBe('News & <Views>');
      expect(feed.items).toHaveLength(1);
      if (format === 'rss') {
        expect(feed.items[0]?.title).toBe('Q&A: <b>why</b> ]] > and ]] ><injected/> end');
        expect(feed.items[0]?.contentSnippet).toBe('AT&T <3 "quotes"');
        expect(xml).toContain(
          '<category domain="https://news.example/en/section/r-d">R&amp;D &lt;lab&gt; "x"</category>',
        );
      } else {
        // Atom declares titles and summaries HTML: the plain text is escaped once.
        expect(feed.items[0]?.title).toBe(
          'Q&amp;A: &lt;b&gt;why&lt;/b&gt; ]]&gt; and ]]&gt;&lt;injected/&gt; end',
        );
        expect(feed.items[0]?.summary).toBe('AT&amp;T &lt;3 &quot;quotes&quot;');
        expect(xml).toContain('<category term="R&amp;D ＜lab> &quot;x&quot;"/>');
      }
    });
  }

  it('dates an empty feed by the clock and a full one by its newest change', () => {
    expect(renderFeed(subject, [], new Map(), 'atom', now)).toContain(
      '<updated>2022-12-02T12:00:00.000Z</updated>',
    );
    const updated = { ...card, lastUpdatedAt: '2022-12-01T18:00:00.000Z' };
    expect(renderFeed(subject, [updated], new Map(), 'rss', now)).toContain(
      '<lastBuildDate>Thu, 01 Dec 2022 18:00:00 GMT</lastBuildDate>',
    );
  });
});
