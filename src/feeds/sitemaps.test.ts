import { XMLParser } from 'fast-xml-parser';
import { expect, it } from 'vitest';
import { newsSitemap, urlSet } from './sitemaps.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

it('escapes headlines and drops characters XML forbids in the news sitemap', () => {
  const xml = newsSitemap([
    {
      loc: 'https://news.example/en/2022/12/01/a',
      publicationName: 'News & <Views>',
      language: 'en',
      publicationDate: '2022-12-01T10:00:00+00:00',
      title: 'Q&A: <b>why</b> ]]>\u0001 "end"',
    },
  ]);
  expect(xml).not.toContain('<b>');
  const news = parser.parse(xml).urlset.url['news:news'];
  expect(news['news:publication']['news:name']).toBe('News & <Views>');
  expect(news['news:title']).toBe('Q&A: <b>why</b> ]]> "end"');
});

it('escapes URLs in locations and alternates', () => {
  const xml = urlSet([
    {
      loc: 'https://news.example/search?q=a&b=<c>',
      alternates: [{ hreflang: 'en', href: 'https://news.example/?a="1"&b=2' }],
    },
  ]);
  expect(xml).toContain('<loc>https://news.example/search?q=a&amp;b=&lt;c&gt;</loc>');
  expect(xml).toContain('href="https://news.example/?a=&quot;1&quot;&amp;b=2"');
  expect(parser.parse(xml).urlset.url['xhtml:link'].href).toBe('https://news.example/?a="1"&b=2');
});
