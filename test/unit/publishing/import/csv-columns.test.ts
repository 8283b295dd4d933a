import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../shared/platform/errors.js';
import {
  mapRow, mediaKindOf, parseDate, parseDateTime, parseTime, resolveHeader, splitMediaCell, zonedInstant, type CsvHeader,
} from '../../../../shared/publishing/import/csv-columns.js';
import { localToInstant } from '../../../../shared/platform/time/zoned.js';
import { failure } from '../../../helpers/failure.js';

const headerIssues = async (cells: string[]): Promise<string[]> =>
  (await failure(() => resolveHeader(cells), ValidationError)).issues.map((i) => `${i.field}: ${i.message}`);

describe('resolveHeader', () => {
  it.each([
    [['date', 'time', 'message', 'channel']],
    [['Date', 'Time_24hr', 'Message_Text', 'Account_ID']],
    [['DATE', 'time 24hr', 'TEXT', 'account']],
    [['datetime', 'message', 'channel']],
    [['due_at', 'text', 'account_id']],
    [['dueAt', 'Message-Text', 'Channel']],
  ])('accepts the aliases %j, case and separators ignored', (cells) => {
    const header = resolveHeader(cells);
    expect(header.width).toBe(cells.length);
    expect(header.index.text).toBeDefined();
    expect(header.index.account).toBeDefined();
  });

  it('maps every documented optional column and its aliases', () => {
    const header = resolveHeader(['date', 'time', 'message', 'channel', 'URL', 'image_url', 'timezone', 'campaign', 'pillar', 'first_comment', 'thread']);
    expect(header.index).toEqual({ date: 0, time: 1, text: 2, account: 3, link: 4, media: 5, timezone: 6, campaign: 7, pillar: 8, firstComment: 9, thread: 10 });
    expect(resolveHeader(['datetime', 'text', 'account', 'link', 'media_urls']).index).toMatchObject({ link: 3, media: 4 });
    expect(resolveHeader(['datetime', 'text', 'account', 'media']).index).toMatchObject({ media: 3 });
  });

  it('ignores empty header cells (a trailing comma) but remembers where they are', () => {
    expect(resolveHeader(['date', 'time', 'message', 'channel', '']).unnamed).toEqual([4]);
  });

  it('names each missing required column and its aliases', async () => {
    expect(await headerIssues(['date', 'time', 'link'])).toEqual([
      'header: missing the column for the post text: add "message" (or text, message_text)',
      'header: missing the column for the account: add "channel" (or account, account_id) with the id of a connected account',
    ]);
    expect(await headerIssues(['message', 'channel'])).toEqual([
      'header: missing the columns for the due time: add "date" and "time" (or time_24hr), or one "datetime" (or due_at, dueAt)',
    ]);
    expect(await headerIssues(['date', 'message', 'channel'])).toEqual(['header: missing the column for the due time: "date" needs "time" (or time_24hr) next to it']);
    expect(await headerIssues(['time_24hr', 'message', 'channel'])).toEqual(['header: missing the column for the due date: "time_24hr" needs "date" next to it']);
  });

  it('refuses unknown, doubled and conflicting columns', async () => {
    expect((await headerIssues(['date', 'time', 'message', 'channel', 'tags']))[0]).toMatch(/^header: unknown column "tags" \(column 5\); the columns are date, time, datetime, message, channel, link, media_urls/);
    expect(await headerIssues(['date', 'time', 'message', 'text', 'channel'])).toEqual(['header: columns "message" (column 3) and "text" (column 4) both give the post text; keep one']);
    expect(await headerIssues(['date', 'time', 'datetime', 'message', 'channel'])).toEqual(['header: has both "datetime" and "date"/"time" columns; give the due time one way: date and time, or datetime']);
  });

  it('says a header row is needed when the first line is data', async () => {
    expect(await headerIssues(['05/13/2026 19:00', 'Hello', 'https://example.com'])).toEqual([
      'header: the first line must be a header row naming the columns, e.g. date,time,message,channel; none of "05/13/2026 19:00", "Hello", "https://example.com" is a known column',
    ]);
  });
});

describe('parseDate', () => {
  it('reads ISO dates whatever the date format', () => {
    for (const format of [undefined, 'dmy', 'mdy'] as const) expect(parseDate('2026-12-01', format)).toEqual({ ok: true, value: { year: 2026, month: 12, day: 1 } });
  });

  it('reads slash dates in the chosen format', () => {
    expect(parseDate('05/12/2026', 'dmy')).toEqual({ ok: true, value: { year: 2026, month: 12, day: 5 } });
    expect(parseDate('05/12/2026', 'mdy')).toEqual({ ok: true, value: { year: 2026, month: 5, day: 12 } });
    expect(parseDate('5/9/2026', 'mdy')).toEqual({ ok: true, value: { year: 2026, month: 5, day: 9 } });
  });

  it('needs a date format for slash dates, ambiguous or not', () => {
    expect(parseDate('05/12/2026', undefined)).toEqual({ ok: false, message: '"05/12/2026" is a slash date: import with dateFormat=dmy (dd/mm/yyyy) or dateFormat=mdy (mm/dd/yyyy) to say how the file\'s dates read' });
    const unambiguous = parseDate('25/12/2026', undefined);
    expect(unambiguous.ok).toBe(false);
    expect(!unambiguous.ok && unambiguous.message).toMatch(/this one can only be dd\/mm\/yyyy \(dateFormat=dmy\)$/);
  });

  it('refuses an unambiguous date that contradicts the chosen format', () => {
    expect(parseDate('25/12/2026', 'mdy')).toEqual({ ok: false, message: '"25/12/2026" is not a date in mm/dd/yyyy (the import\'s dateFormat); it reads as dd/mm/yyyy: check which format the file uses' });
    expect(parseDate('12/25/2026', 'dmy')).toMatchObject({ ok: false, message: expect.stringContaining('it reads as mm/dd/yyyy') });
    expect(parseDate('12/25/2026', 'mdy')).toMatchObject({ ok: true, value: { month: 12, day: 25 } });
  });

  it.each([
    ['2026-02-29', 'dmy', '"2026-02-29" is not a real date'],
    ['31/04/2026', 'dmy', '"31/04/2026" is not a real date'],
    ['32/13/2026', 'dmy', '"32/13/2026" is not a real date'],
    ['01/12/26', 'dmy', '"01/12/26" has a 2-digit year; use four digits (2026)'],
    ['Dec 1 2026', 'dmy', '"Dec 1 2026" is not a date; use 2026-12-01, or dd/mm/yyyy or mm/dd/yyyy with the import\'s dateFormat'],
  ] as const)('refuses %s', (value, format, message) => {
    expect(parseDate(value, format)).toEqual({ ok: false, message });
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseDate('29/02/2028', 'dmy').ok).toBe(true);
  });
});

describe('parseTime', () => {
  it.each([
    ['09:30', 9, 30, 0],
    ['9:05', 9, 5, 0],
    ['23:59:58', 23, 59, 58],
    ['00:00', 0, 0, 0],
    ['2:30 PM', 14, 30, 0],
    ['2:30pm', 14, 30, 0],
    ['2:30 p.m.', 14, 30, 0],
    ['12:15 AM', 0, 15, 0],
    ['12:15 PM', 12, 15, 0],
    ['12 am', 0, 0, 0],
    ['11:59:30 PM', 23, 59, 30],
    ['7 AM', 7, 0, 0],
  ])('reads %s', (value, hour, minute, second) => {
    expect(parseTime(value)).toEqual({ ok: true, value: { hour, minute, second, millisecond: 0 } });
  });

  it.each(['24:00', '12:60', '13:00 PM', '0:30 AM', 'noon', '0930', '9.30'])('refuses %s', (value) => {
    const parsed = parseTime(value);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain('use HH:MM (24 h, e.g. 14:30) or h:mm AM/PM (2:30 PM)');
  });
});

describe('parseDateTime', () => {
  it('reads ISO date-times with an offset', () => {
    expect(parseDateTime('2026-12-01T09:30:00+01:00', undefined)).toEqual({
      ok: true, value: { date: { year: 2026, month: 12, day: 1 }, time: { hour: 9, minute: 30, second: 0, millisecond: 0 }, offsetMinutes: 60 },
    });
    expect(parseDateTime('2026-12-01T08:30:00.250Z', undefined)).toMatchObject({ ok: true, value: { offsetMinutes: 0, time: { millisecond: 250 } } });
    expect(parseDateTime('2026-12-01 09:30 -0530', undefined)).toMatchObject({ ok: true, value: { offsetMinutes: -330 } });
  });

  it('reads local date-times, with the date format and AM/PM (Hootsuite style)', () => {
    expect(parseDateTime('2026-12-01 09:30', undefined)).toEqual({ ok: true, value: { date: { year: 2026, month: 12, day: 1 }, time: { hour: 9, minute: 30, second: 0, millisecond: 0 }, offsetMinutes: undefined } });
    expect(parseDateTime('05/13/2026 7:00 PM', 'mdy')).toMatchObject({ ok: true, value: { date: { month: 5, day: 13 }, time: { hour: 19, minute: 0 } } });
    expect(parseDateTime('13/05/2026 19:00', 'dmy')).toMatchObject({ ok: true, value: { date: { month: 5, day: 13 }, time: { hour: 19 } } });
  });

  it('refuses a date without a time, and passes on the date and time problems', () => {
    expect(parseDateTime('2026-12-01', undefined)).toMatchObject({ ok: false, message: expect.stringContaining('is not a date and time') });
    expect(parseDateTime('13/05/2026 19:00', 'mdy')).toMatchObject({ ok: false, message: expect.stringContaining('not a date in mm/dd/yyyy') });
    expect(parseDateTime('2026-12-01 25:00', undefined)).toMatchObject({ ok: false, message: expect.stringContaining('"25:00" is not a time of day') });
  });
});

describe('zonedInstant (localToInstant remembered per hour)', () => {
  it.each([
    ['Europe/Berlin', '2026-03-29'], // 02:00 → 03:00: a gap
    ['Europe/Berlin', '2026-10-25'], // 03:00 → 02:00: an hour twice
    ['America/New_York', '2026-03-08'],
    ['America/New_York', '2026-11-01'],
    ['Australia/Lord_Howe', '2026-04-05'], // half-hour changes
    ['Australia/Lord_Howe', '2026-10-04'],
  ])('agrees with localToInstant minute by minute through the clock change in %s on %s', (zone, day) => {
    const [year, month, date] = day.split('-').map(Number) as [number, number, number];
    for (let minutes = 0; minutes < 5 * 60; minutes++) {
      const time = { hour: Math.floor(minutes / 60), minute: minutes % 60, second: minutes % 7, millisecond: 0 };
      const local = `${day}T${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}:${String(time.second).padStart(2, '0')}`;
      expect(zonedInstant({ date: { year, month, day: date }, time }, zone).toISOString(), `${local} ${zone}`).toBe(localToInstant(local, zone).toISOString());
    }
  });
});

describe('media', () => {
  it.each([
    ['https://cdn.example/a.jpg', 'image'],
    ['https://cdn.example/a.JPEG', 'image'],
    ['https://cdn.example/a.png?w=200#x', 'image'],
    ['https://cdn.example/a.webp', 'image'],
    ['https://cdn.example/a.gif', 'gif'],
    ['https://cdn.example/clip.mp4', 'video'],
    ['https://cdn.example/clip.MOV', 'video'],
    ['https://cdn.example/file.bmp', undefined],
    ['https://cdn.example/no-extension', undefined],
    ['https://cdn.example/photo.jpg.html', undefined],
  ])('infers the kind of %s from its extension', (url, kind) => {
    expect(mediaKindOf(url)).toBe(kind);
  });

  it('splits a media cell on | and whitespace', () => {
    expect(splitMediaCell('https://a/1.jpg|https://a/2.png  https://a/3.gif\nhttps://a/4.mp4 | ')).toEqual(['https://a/1.jpg', 'https://a/2.png', 'https://a/3.gif', 'https://a/4.mp4']);
  });
});

describe('mapRow', () => {
  const header: CsvHeader = resolveHeader(['date', 'time', 'message', 'channel', 'link', 'media_urls', 'timezone', 'campaign', 'pillar', 'first_comment', 'thread']);
  const row = (cells: Partial<Record<'date' | 'time' | 'message' | 'channel' | 'link' | 'media' | 'timezone' | 'campaign' | 'pillar' | 'firstComment' | 'thread', string>>) =>
    [cells.date ?? '2026-12-01', cells.time ?? '09:30', cells.message ?? 'Hello', cells.channel ?? 'm1', cells.link ?? '', cells.media ?? '', cells.timezone ?? '', cells.campaign ?? '', cells.pillar ?? '', cells.firstComment ?? '', cells.thread ?? ''];

  it('maps a full row to the createPostInput shape, local time in the row zone', () => {
    const mapped = mapRow(row({
      link: 'https://example.com', media: 'https://cdn.example/a.jpg|https://cdn.example/b.mp4', timezone: 'Europe/Berlin',
      campaign: 'spring', pillar: 'education', firstComment: 'more below', thread: 'part two ||| part three',
    }), header);
    expect(mapped.issues).toEqual([]);
    expect(mapped.input).toEqual({
      accountId: 'm1', text: 'Hello', link: 'https://example.com', campaign: 'spring', pillar: 'education', firstComment: 'more below',
      thread: ['part two', 'part three'],
      media: [{ url: 'https://cdn.example/a.jpg', kind: 'image' }, { url: 'https://cdn.example/b.mp4', kind: 'video' }],
      dueAt: '2026-12-01T09:30', timezone: 'Europe/Berlin',
    });
    expect(mapped.due).toEqual(new Date('2026-12-01T08:30:00Z'));
  });

  it('uses the import default zone when the row has none, and the row zone over it', () => {
    expect(mapRow(row({}), header, { timezone: 'America/New_York' }).due).toEqual(new Date('2026-12-01T14:30:00Z'));
    expect(mapRow(row({ timezone: 'Asia/Tokyo' }), header, { timezone: 'America/New_York' }).due).toEqual(new Date('2026-12-01T00:30:00Z'));
  });

  it('needs a zone for a local time', () => {
    const mapped = mapRow(row({}), header);
    expect(mapped.issues).toEqual([{ field: 'dueAt', message: '"2026-12-01 09:30" has no UTC offset and the row no timezone: add a timezone column, or import with a default timezone (e.g. Europe/Berlin)' }]);
    expect(mapped.due).toBeUndefined();
  });

  it('refuses an unknown zone once, without a second complaint about the due time', () => {
    const mapped = mapRow(row({ timezone: 'Mars/Olympus' }), header, { timezone: 'Europe/Berlin' });
    expect(mapped.issues).toEqual([{ field: 'timezone', message: '"Mars/Olympus" is not an IANA time zone such as Europe/Berlin' }]);
    expect(mapped.explained.has('dueAt')).toBe(true);
  });

  it('reads AM/PM and dd/mm/yyyy with the date format', () => {
    const mapped = mapRow(row({ date: '01/12/2026', time: '9:30 PM' }), header, { dateFormat: 'dmy', timezone: 'UTC' });
    expect(mapped.due).toEqual(new Date('2026-12-01T21:30:00Z'));
  });

  it('reports the date and the time problem of one row together', () => {
    const mapped = mapRow(row({ date: '12/25/2026', time: '25:00' }), header, { dateFormat: 'dmy', timezone: 'UTC' });
    expect(mapped.issues).toHaveLength(1);
    expect(mapped.issues[0]!.field).toBe('dueAt');
    expect(mapped.issues[0]!.message).toMatch(/^"12\/25\/2026" is not a date in dd\/mm\/yyyy .*; "25:00" is not a time of day/);
  });

  it('names the missing due cells', () => {
    expect(mapRow(row({ date: ' ', time: '' }), header, { timezone: 'UTC' }).issues).toEqual([{ field: 'dueAt', message: 'required: the due date and time (columns date and time)' }]);
    expect(mapRow(row({ time: '' }), header, { timezone: 'UTC' }).issues).toEqual([{ field: 'dueAt', message: 'required: the due time (column time)' }]);
  });

  it('takes an offset date-time as the instant, with no zone needed', () => {
    const dt = resolveHeader(['datetime', 'text', 'account']);
    const mapped = mapRow(['2026-12-01T09:30:00+01:00', 'Hi', 'm1'], dt);
    expect(mapped.issues).toEqual([]);
    expect(mapped.input).toEqual({ accountId: 'm1', text: 'Hi', dueAt: '2026-12-01T08:30:00.000Z' });
  });

  it('flags media whose kind the extension does not tell, and leaves bad URLs to the schema', () => {
    const mapped = mapRow(row({ media: 'https://cdn.example/a.bmp not-a-url', timezone: 'UTC' }), header);
    expect(mapped.issues).toEqual([{ field: 'media.0.kind', message: 'cannot tell the kind of "https://cdn.example/a.bmp" from its extension; use .jpg, .jpeg, .png or .webp (image), .gif (gif), .mp4 or .mov (video)' }]);
    expect(mapped.input.media).toEqual([{ url: 'https://cdn.example/a.bmp' }, { url: 'not-a-url' }]);
    expect(mapped.explained.has('media.1.kind')).toBe(true);
  });

  it('normalises line breaks in the text and leaves empty cells out', () => {
    const mapped = mapRow(row({ message: 'line one\r\nline two\rline three', timezone: 'UTC' }), header);
    expect(mapped.input.text).toBe('line one\nline two\nline three');
    expect(Object.keys(mapped.input)).toEqual(['accountId', 'text', 'dueAt', 'timezone']);
  });

  it('refuses rows with more or fewer fields than the header, or a value under an unnamed column', () => {
    expect(mapRow([...row({ timezone: 'UTC' }), 'extra'], header).issues).toEqual([{ field: 'row', message: 'has 12 fields but the header has 11; quote values that contain commas ("a, b")' }]);
    expect(mapRow(['2026-12-01', '09:30'], header, { timezone: 'UTC' }).issues[0]).toEqual({ field: 'row', message: 'has 2 fields but the header has 11; quote values that contain commas ("a, b")' });
    const trailing = resolveHeader(['datetime', 'text', 'account', '']);
    expect(mapRow(['2026-12-01T09:30Z', 'Hi', 'm1', 'oops'], trailing).issues).toEqual([{ field: 'row', message: 'has a value in column 4, which has no name in the header row' }]);
    expect(mapRow(['2026-12-01T09:30Z', 'Hi', 'm1', ''], trailing).issues).toEqual([]);
  });
});
