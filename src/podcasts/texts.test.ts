import { describe, expect, it } from 'vitest';
import { ChaptersError, chaptersAsText, clockTime, parseChapters } from './chapters.js';
import { parseTranscript, TranscriptError, transcriptParagraphs } from './transcripts.js';

const VTT = `\uFEFFWEBVTT Kind: captions\r
\r
NOTE a note that is not a cue\r
\r
intro\r
00:00.000 --> 00:04.500 align:start\r
<v لينا حداد>أهلاً بكم في <b>نشرة الصباح</b>.</v>\r
\r
00:00:04.500 --> 00:00:09.000\r
<v لينا حداد>عناوين اليوم &amp; أكثر.\r
\r
00:09.000 --> 00:12.000\r
<v Sami>Thank you, Lina.\r
`;

const SRT = `1
00:00:00,000 --> 00:00:03,000
مرحباً بكم

2
00:00:03,000 --> 00:00:06,250
<i>في الحلقة</i> الأولى
`;

describe('transcripts', () => {
  it('reads WebVTT: voices, tags and entities out, notes and settings skipped', () => {
    const { format, cues } = parseTranscript(VTT);
    expect(format).toBe('vtt');
    expect(cues).toEqual([
      { start: 0, end: 4.5, speaker: 'لينا حداد', text: 'أهلاً بكم في نشرة الصباح.' },
      { start: 4.5, end: 9, speaker: 'لينا حداد', text: 'عناوين اليوم & أكثر.' },
      { start: 9, end: 12, speaker: 'Sami', text: 'Thank you, Lina.' },
    ]);
    expect(transcriptParagraphs(cues)).toEqual([
      { start: 0, speaker: 'لينا حداد', text: 'أهلاً بكم في نشرة الصباح. عناوين اليوم & أكثر.' },
      { start: 9, speaker: 'Sami', text: 'Thank you, Lina.' },
    ]);
  });

  it('reads SRT', () => {
    const { format, cues } = parseTranscript(SRT);
    expect(format).toBe('srt');
    expect(cues.map((c) => [c.start, c.end, c.text])).toEqual([
      [0, 3, 'مرحباً بكم'],
      [3, 6.25, 'في الحلقة الأولى'],
    ]);
  });

  it('refuses what does not parse, saying where', () => {
    const cases = [
      'WEBVTT\n\n00:00.000 -> 00:01.000\nbad arrow',
      'WEBVTT\n\n00:05.000 --> 00:01.000\nends before it starts',
      'WEBVTT\n\n00:61.000 --> 00:62.000\nno such second',
      'just some text\nwith lines',
      'WEBVTT\n',
      '',
      'hello\0world',
    ];
    for (const text of cases) expect(() => parseTranscript(text), text).toThrow(TranscriptError);
    try {
      parseTranscript('1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\nnot a time\n');
    } catch (error) {
      expect((error as TranscriptError).line).toBe(6);
    }
  });
});

describe('chapters', () => {
  it('reads lines of time and title, and the JSON chapters format', () => {
    expect(parseChapters('0:00 المقدمة\n1:30 العناوين\n1:02:03.5 The interview\n')).toEqual([
      { startTime: 0, title: 'المقدمة' },
      { startTime: 90, title: 'العناوين' },
      { startTime: 3723.5, title: 'The interview' },
    ]);
    const json = JSON.stringify({
      version: '1.2.0',
      chapters: [
        { startTime: 0, title: 'Intro' },
        { startTime: 12.5, title: 'Hidden', toc: false },
        { startTime: 30, title: 'Link', url: 'https://news.example/a', img: 'https://x/y.jpg' },
      ],
    });
    expect(parseChapters(json)).toEqual([
      { startTime: 0, title: 'Intro' },
      { startTime: 30, title: 'Link', url: 'https://news.example/a' },
    ]);
    expect(parseChapters('  \n')).toEqual([]);
  });

  it('refuses chapters out of order, bad times, bad JSON', () => {
    const line = (text: string) => {
      try {
        parseChapters(text);
      } catch (error) {
        if (error instanceof ChaptersError) return error.line;
        throw error;
      }
      return 0;
    };
    expect(line('0:10 B\n\n0:05 A')).toBe(3);
    expect(line('0:00 A\nten minutes B')).toBe(2);
    expect(line('1:75:00 A')).toBe(1);
    expect(line('{"chapters": [{"startTime": -1, "title": "x"}]}')).toBe(1);
    expect(line('{"chapters": ')).toBe(1);
    expect(line('{"chapters": [{"startTime": 1, "title": "x", "url": "javascript:alert(1)"}]}')).toBe(1);
  });

  it('writes them back for the desk and shows times as a clock', () => {
    const chapters = parseChapters('0:00 المقدمة\n1:30.05 العناوين\n1:02:03 The interview');
    expect(chaptersAsText(chapters)).toBe('0:00 المقدمة\n1:30.050 العناوين\n1:02:03 The interview');
    expect(parseChapters(chaptersAsText(chapters))).toEqual(chapters);
    expect(clockTime(59.9)).toBe('0:59');
    expect(clockTime(3600)).toBe('1:00:00');
  });
});
