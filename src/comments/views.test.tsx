import { describe, expect, it } from 'vitest';
import { RELATIVE_TIME_FRESH_MS } from '../front/freshness.js';
import { DEFAULT_COMMENT_SETTINGS, type ThreadEntry } from './queries.js';
import { conversationStaleIn } from './routes.js';
import { CommentText } from './views.js';

const render = async (body: string) => (await (<CommentText body={body} />).toString()) as string;

describe('comment text', () => {
  it('links http(s) addresses only, without the punctuation that ends the sentence', async () => {
    const html = await render(
      'انظر https://example.com/خبر، ثم (http://example.org/x). ftp://x.y javascript:alert(1)',
    );
    expect(html).toContain(
      '<a href="https://example.com/خبر" rel="nofollow ugc noopener">https://example.com/خبر</a>، ثم (',
    );
    expect(html).toContain(
      '<a href="http://example.org/x" rel="nofollow ugc noopener">http://example.org/x</a>).',
    );
    expect(html).toContain(' ftp://x.y javascript:alert(1)');
    expect(html.match(/<a /g)).toHaveLength(2);
  });

  it('escapes everything else and keeps paragraphs and line breaks', async () => {
    const html = await render('"quoted" <img src=x onerror=alert(1)>\nline two\n\nparagraph two');
    expect(html).toBe(
      '<div class="comment-text" dir="auto"><p>&quot;quoted&quot; &lt;img src=x onerror=alert(1)&gt;<br/>line two</p><p>paragraph two</p></div>',
    );
  });
});

describe('when a page showing a thread goes stale by itself', () => {
  const now = new Date('2022-12-02T12:00:00Z');
  const entry = (createdAt: string): ThreadEntry => ({
    id: 'c',
    parentId: null,
    authorName: 'n',
    isStaff: false,
    body: 'b',
    shown: true,
    createdAt,
    replies: [],
  });
  const thread = (entries: ThreadEntry[]) => ({ count: entries.length, entries, page: 1, pages: 1 });
  const settings = DEFAULT_COMMENT_SETTINGS;

  it('when comments close by age', () => {
    const closesAt = new Date(now.getTime() + 3 * 3_600_000);
    const stale = conversationStaleIn(
      { thread: thread([]), state: { open: true, closesAt }, settings },
      now,
      'Asia/Beirut',
    );
    expect(stale).toBe(3 * 3_600_000);
    expect(
      conversationStaleIn(
        { thread: thread([]), state: { open: false, because: 'age' }, settings },
        now,
        'UTC',
      ),
    ).toBeUndefined();
  });

  it('every minute while the newest comment reads in minutes, every ten in hours, never once it reads as a date', () => {
    const state = { open: true as const, closesAt: undefined };
    const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
    expect(conversationStaleIn({ thread: thread([entry(at(5))]), state, settings }, now, 'UTC')).toBe(
      RELATIVE_TIME_FRESH_MS,
    );
    expect(conversationStaleIn({ thread: thread([entry(at(180))]), state, settings }, now, 'UTC')).toBe(
      600_000,
    );
    expect(
      conversationStaleIn({ thread: thread([entry('2022-11-30T10:00:00Z')]), state, settings }, now, 'UTC'),
    ).toBeUndefined();
  });
});
