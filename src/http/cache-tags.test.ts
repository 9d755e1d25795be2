import { describe, expect, it } from 'vitest';
import { cacheTags, editionPageTags, tagIf } from './cache-tags.js';

describe('cache tags', () => {
  it('names each kind the way the change log stores it', () => {
    expect([
      cacheTags.site,
      cacheTags.assets,
      cacheTags.edition('ar'),
      cacheTags.list('ar'),
      cacheTags.section('s1'),
      cacheTags.topic('t1'),
      cacheTags.contributor('c1'),
      cacheTags.agency('a1'),
      cacheTags.article('x1'),
      cacheTags.story('g1'),
      cacheTags.newsletters('en'),
      cacheTags.front('ar'),
      cacheTags.live('x1'),
      cacheTags.podcasts('ar'),
      cacheTags.podcastShow('p1'),
      cacheTags.podcastEpisode('e1'),
    ]).toEqual([
      'site',
      'assets',
      'edition:ar',
      'list:ar',
      'section:s1',
      'topic:t1',
      'contributor:c1',
      'agency:a1',
      'article:x1',
      'story:g1',
      'newsletters:en',
      'front:ar',
      'live:x1',
      'podcasts:ar',
      'podcast-show:p1',
      'podcast-episode:e1',
    ]);
    expect(editionPageTags('en')).toEqual(['edition:en', 'site']);
  });

  it('refuses an empty or spaced id, which the space-separated change log would split', () => {
    expect(() => cacheTags.article('')).toThrow();
    expect(() => cacheTags.section('a b')).toThrow();
  });

  it('adds an optional tag only when there is a value', () => {
    expect(tagIf(null, cacheTags.section)).toEqual([]);
    expect(tagIf(undefined, cacheTags.story)).toEqual([]);
    expect(tagIf('g1', cacheTags.story)).toEqual(['story:g1']);
  });
});
