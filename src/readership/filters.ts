/**
 * Which requests are not a reader looking at a page: crawlers, link-preview
 * fetchers, headless browsers and monitors (by user agent), and prefetches
 * (by the headers browsers send with them). Such hits are never counted.
 */
const NOT_A_READER = new RegExp(
  [
    'bot',
    'crawl',
    'spider',
    'slurp',
    'headless',
    'phantomjs',
    'puppeteer',
    'playwright',
    'selenium',
    'lighthouse',
    'pagespeed',
    'preview',
    'facebookexternalhit',
    'facebookcatalog',
    'meta-externalagent',
    'embedly',
    'quora link',
    'whatsapp/',
    'skypeuripreview',
    'google-',
    'mediapartners',
    'feedfetcher',
    'feedburner',
    'pingdom',
    'uptime',
    'monitor',
    'statuscake',
    'curl/',
    'wget/',
    'httpie',
    'python-',
    'aiohttp',
    'go-http-client',
    'okhttp',
    'java/',
    'apache-httpclient',
    'libwww',
    'axios/',
    'node-fetch',
    'undici',
    '^node$',
    'scrapy',
    'archive\\.org',
    'ia_archiver',
  ].join('|'),
  'i',
);

/** A user agent that is not a person reading (absent or empty counts as not a reader). */
export function isCrawler(userAgent: string | undefined): boolean {
  return !userAgent || userAgent.trim() === '' || NOT_A_READER.test(userAgent);
}

/** `Sec-Purpose: prefetch` (and `prefetch;prerender`), the older `Purpose`/`X-Purpose`/`X-Moz`: not a view yet. */
export function isPrefetch(header: (name: string) => string | undefined): boolean {
  return ['sec-purpose', 'purpose', 'x-purpose', 'x-moz'].some((name) =>
    /prefetch|preview|prerender/i.test(header(name) ?? ''),
  );
}
