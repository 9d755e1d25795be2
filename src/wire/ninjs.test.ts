import { describe, expect, it } from 'vitest';
import { type ParsedNinjs, paragraphsOf, parseNinjs, type WireItem } from './ninjs.js';

const ninjs1English = {
  uri: 'urn:newsml:wire.example:20240501:port-strike',
  version: '3',
  firstcreated: '2024-05-01T06:00:00Z',
  versioncreated: '2024-05-01T09:30:00+03:00',
  language: 'en-GB',
  type: 'text',
  headline: '  Harbour pilots  walk out over night shifts ',
  body_html: '<p>Pilots at the northern harbour stopped work at dawn.</p>',
  byline: 'Meridian News Service',
  copyrightnotice: '© 2024 Meridian News Service',
  pubstatus: 'usable',
  subject: [{ name: 'Labour', code: 'medtop:09000000' }, { code: 'medtop:04000000' }],
  description_text: 'Ships queue offshore as talks stall',
};

const ninjs2Arabic = {
  uri: 'urn:newsml:wire.example:20240502:rain',
  version: 2,
  firstcreated: '2024-05-02T05:00:00Z',
  versioncreated: '2024-05-02T07:15:00Z',
  language: 'ar',
  headlines: [
    { value: 'أمطار', role: 'short' },
    { value: 'أمطار غزيرة تملأ سدود الجبل', role: 'main' },
  ],
  bodies: [{ value: 'هطلت الأمطار طوال الليل.\nوارتفع منسوب المياه <بوضوح>.', contenttype: 'text/plain' }],
  by: 'وكالة المشرق للأنباء',
  descriptions: [
    { value: 'صورة السد', role: 'caption' },
    { value: '<p>أعلى منسوب منذ <b>خمس</b> سنوات</p>', role: 'summary', contenttype: 'text/html' },
  ],
  subjects: [{ name: 'الطقس', uri: 'http://cv.iptc.org/newscodes/mediatopic/17000000' }, { name: 'مياه' }],
  pubstatus: 'withheld',
};

function itemsOf(parsed: ParsedNinjs): WireItem[] {
  if (!parsed.ok) throw new Error(`unexpected problems: ${parsed.problems.join('; ')}`);
  return parsed.items;
}

function problemsOf(parsed: ParsedNinjs): string[] {
  if (parsed.ok) throw new Error('expected problems');
  return parsed.problems;
}

describe('parseNinjs', () => {
  it('reads a ninjs 1.x item: numeric version, UTC times, one-line text, named subjects only', () => {
    expect(itemsOf(parseNinjs(ninjs1English))).toEqual([
      {
        uri: 'urn:newsml:wire.example:20240501:port-strike',
        version: 3,
        firstCreated: '2024-05-01T06:00:00.000Z',
        versionCreated: '2024-05-01T06:30:00.000Z',
        language: 'en-GB',
        headline: 'Harbour pilots walk out over night shifts',
        bodyHtml: '<p>Pilots at the northern harbour stopped work at dawn.</p>',
        byline: 'Meridian News Service',
        copyright: '© 2024 Meridian News Service',
        pubStatus: 'usable',
        subjects: ['Labour'],
        description: 'Ships queue offshore as talks stall',
      },
    ]);
  });

  it('reads a ninjs 2.x item: main headline, plain body as escaped paragraphs, summary as text', () => {
    const [item] = itemsOf(parseNinjs(ninjs2Arabic));
    expect(item).toEqual({
      uri: 'urn:newsml:wire.example:20240502:rain',
      version: 2,
      firstCreated: '2024-05-02T05:00:00.000Z',
      versionCreated: '2024-05-02T07:15:00.000Z',
      language: 'ar',
      headline: 'أمطار غزيرة تملأ سدود الجبل',
      bodyHtml: '<p>هطلت الأمطار طوال الليل.</p>\n<p>وارتفع منسوب المياه &lt;بوضوح&gt;.</p>',
      byline: 'وكالة المشرق للأنباء',
      copyright: '',
      pubStatus: 'withheld',
      subjects: ['الطقس', 'مياه'],
      description: 'أعلى منسوب منذ خمس سنوات',
    });
  });

  it('prefers the HTML body over its plain-text rendition, and takes body_text in 1.x', () => {
    const [v2] = itemsOf(
      parseNinjs({
        ...ninjs2Arabic,
        bodies: [
          { value: 'نص', contenttype: 'text/plain' },
          { value: '<p>نص</p>', contenttype: 'text/html' },
        ],
      }),
    );
    expect(v2?.bodyHtml).toBe('<p>نص</p>');
    const [v1] = itemsOf(parseNinjs({ uri: 'urn:x', headline: 'Flash', body_text: 'One.\nTwo & three.' }));
    expect(v1).toMatchObject({
      bodyHtml: '<p>One.</p>\n<p>Two &amp; three.</p>',
      version: null,
      pubStatus: 'usable',
    });
  });

  it('reads an array of items of either version', () => {
    const items = itemsOf(parseNinjs([ninjs1English, ninjs2Arabic]));
    expect(items.map((item) => item.language)).toEqual(['en-GB', 'ar']);
  });

  it('names the field of every problem, with the item index in arrays', () => {
    const { headline: _, ...headless } = ninjs1English;
    expect(problemsOf(parseNinjs(headless))).toEqual(['headline: required']);
    expect(
      problemsOf(
        parseNinjs([
          ninjs1English,
          { ...ninjs2Arabic, version: 'two', subjects: [{ name: 7 }], bodies: [{ value: 'x' }] },
        ]),
      ),
    ).toEqual([
      '[1].version: expected a whole number (or one written as a string)',
      '[1].bodies[0].contenttype: required',
      '[1].subjects[0].name: Invalid input: expected string, received number',
    ]);
  });

  it('rejects times without a zone, unknown statuses, empty headlines and things that are not items', () => {
    expect(
      problemsOf(
        parseNinjs({ ...ninjs1English, versioncreated: '2024-05-01T09:30:00', pubstatus: 'embargoed' }),
      ),
    ).toEqual([
      'versioncreated: expected a date-time with a time zone, like 2024-05-01T09:30:00Z',
      expect.stringMatching(/^pubstatus: /),
    ]);
    expect(problemsOf(parseNinjs({ ...ninjs2Arabic, headlines: [] }))).toEqual(['headlines: required']);
    expect(
      problemsOf(
        parseNinjs({ ...ninjs2Arabic, headlines: [{ value: '<b></b>', contenttype: 'text/html' }] }),
      ),
    ).toEqual(['headlines: has no text']);
    expect(problemsOf(parseNinjs([]))).toEqual(['no items in the array']);
    expect(problemsOf(parseNinjs('headline'))).toEqual(['expected a ninjs item (an object)']);
  });

  it('reads ninjs 3.x camelCase names, and HTML headlines as text with entities decoded', () => {
    const [item] = itemsOf(
      parseNinjs({
        uri: 'urn:x:3',
        version: '2',
        versionCreated: '2024-05-01T09:30:00+03:00',
        pubStatus: 'withheld',
        copyrightNotice: '© X',
        headlines: [{ value: '<b>Tom &amp; Jerry</b> &lt;3', contentType: 'text/html' }],
        bodies: [{ value: 'Plain & simple', contentType: 'text/plain' }],
      }),
    );
    expect(item).toMatchObject({
      version: 2,
      versionCreated: '2024-05-01T06:30:00.000Z',
      pubStatus: 'withheld',
      copyright: '© X',
      headline: 'Tom & Jerry <3',
      bodyHtml: '<p>Plain &amp; simple</p>',
    });
  });

  it('keeps versions within the database column', () => {
    expect(problemsOf(parseNinjs({ ...ninjs1English, version: '99999999999' }))).toEqual([
      expect.stringMatching(/^version: /),
    ]);
  });
});

describe('paragraphsOf', () => {
  it('splits on blank lines and unwraps hard-wrapped lines inside a paragraph', () => {
    expect(paragraphsOf('Talks resumed\non Monday.\r\n\r\nNo deal yet.')).toBe(
      '<p>Talks resumed on Monday.</p>\n<p>No deal yet.</p>',
    );
  });

  it('makes each line a paragraph when there are no blank lines, and nothing of empty text', () => {
    expect(paragraphsOf('سطر أول\nسطر "ثان"')).toBe('<p>سطر أول</p>\n<p>سطر &quot;ثان&quot;</p>');
    expect(paragraphsOf('  \n ')).toBe('');
  });
});
