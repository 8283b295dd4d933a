/**
 * The bulk-import CSV: which columns it has and how one row becomes a `createPostInput`.
 *
 * The column set accepts the common bulk-composer shape (Sprout Social's `date`, `time_24hr`,
 * `message_text`; Hootsuite's one date-time column, message and link) under the names below.
 * Header names are matched case-insensitively, ignoring spaces, `_` and `-` (`Message Text`,
 * `message_text` and `messageText` are one name). A header row is required.
 *
 *   due time   date + time (or time_24hr), or one datetime (or due_at, dueAt)     required
 *   message    text, message_text                                                required
 *   channel    account, account_id: the id of a connected account                required
 *   link       url
 *   media_urls image_url, media: URLs separated by | or whitespace; kind from the extension
 *   timezone   IANA zone of a local date and time (else the import's default)
 *   campaign, pillar, first_comment, thread (parts separated by |||)
 *
 * Dates: ISO 2026-12-01 always; dd/mm/yyyy or mm/dd/yyyy only with the import's dateFormat,
 * because the format is a property of the file: a file read per row would put 05/12 in May
 * and 25/12 in December. Times: HH:MM (24 h, seconds optional) or h:mm AM/PM.
 */
import type { FieldIssue } from '../../platform/errors.js';
import type { MediaKind } from '../../networks/contract.js';
import { ValidationError } from '../../platform/errors.js';
import { isTimeZone, localToInstant } from '../../platform/time/zoned.js';
import { DATE_FORMATS } from '../../contracts/api/publishing.js';

export type DateFormat = (typeof DATE_FORMATS)[number];

export type ColumnKey =
  | 'date' | 'time' | 'datetime' | 'text' | 'account' | 'link' | 'media'
  | 'timezone' | 'campaign' | 'pillar' | 'firstComment' | 'thread';

interface ColumnSpec {
  /** Accepted header names; the first is the documented one. */
  readonly names: readonly string[];
  /** What the column holds, for header messages. */
  readonly holds: string;
}

export const COLUMNS: Readonly<Record<ColumnKey, ColumnSpec>> = {
  date: { names: ['date'], holds: 'the due date' },
  time: { names: ['time', 'time_24hr'], holds: 'the due time' },
  datetime: { names: ['datetime', 'due_at', 'dueAt'], holds: 'the due date and time' },
  text: { names: ['message', 'text', 'message_text'], holds: 'the post text' },
  account: { names: ['channel', 'account', 'account_id'], holds: 'the account id' },
  link: { names: ['link', 'url'], holds: 'the link' },
  media: { names: ['media_urls', 'image_url', 'media'], holds: 'the media URLs' },
  timezone: { names: ['timezone'], holds: 'the time zone' },
  campaign: { names: ['campaign'], holds: 'the campaign' },
  pillar: { names: ['pillar'], holds: 'the content pillar' },
  firstComment: { names: ['first_comment'], holds: 'the first comment' },
  thread: { names: ['thread'], holds: 'the thread' },
};

const normalise = (name: string) => name.normalize('NFKC').toLowerCase().replace(/[\s_-]+/g, '');

const BY_NAME: ReadonlyMap<string, ColumnKey> = new Map(
  (Object.entries(COLUMNS) as [ColumnKey, ColumnSpec][]).flatMap(([key, spec]) => spec.names.map((name) => [normalise(name), key] as const)),
);

const aliases = (key: ColumnKey) => {
  const [first, ...rest] = COLUMNS[key].names;
  return rest.length ? `"${first}" (or ${rest.join(', ')})` : `"${first}"`;
};

/** Where each known column sits in a row. */
export interface CsvHeader {
  readonly index: Readonly<Partial<Record<ColumnKey, number>>>;
  /** Number of header cells: every row must have as many. */
  readonly width: number;
  /** Positions of header cells left empty (a trailing comma): ignored, but must stay empty. */
  readonly unnamed: readonly number[];
}

/** Reads the header row; throws a ValidationError (field `header`) naming every missing, unknown or doubled column. */
export function resolveHeader(cells: readonly string[]): CsvHeader {
  const index: Partial<Record<ColumnKey, number>> = {};
  const unnamed: number[] = [];
  const unknown: string[] = [];
  const issues: FieldIssue[] = [];
  cells.forEach((raw, position) => {
    const name = raw.trim();
    if (name === '') return void unnamed.push(position);
    const key = BY_NAME.get(normalise(name));
    if (!key) return void unknown.push(`"${name}" (column ${position + 1})`);
    const earlier = index[key];
    if (earlier !== undefined) {
      issues.push({ field: 'header', message: `columns "${cells[earlier]!.trim()}" (column ${earlier + 1}) and "${name}" (column ${position + 1}) both give ${COLUMNS[key].holds}; keep one` });
      return;
    }
    index[key] = position;
  });

  if (Object.keys(index).length === 0) {
    throw new ValidationError([{
      field: 'header',
      message: `the first line must be a header row naming the columns, e.g. date,time,message,channel; none of ${cells.slice(0, 4).map((c) => JSON.stringify(c.trim())).join(', ')}${cells.length > 4 ? ', …' : ''} is a known column`,
    }]);
  }
  if (unknown.length) {
    issues.push({ field: 'header', message: `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; the columns are ${KNOWN_COLUMNS}` });
  }
  if (index.text === undefined) issues.push({ field: 'header', message: `missing the column for the post text: add ${aliases('text')}` });
  if (index.account === undefined) issues.push({ field: 'header', message: `missing the column for the account: add ${aliases('account')} with the id of a connected account` });
  if (index.datetime !== undefined && (index.date !== undefined || index.time !== undefined)) {
    issues.push({ field: 'header', message: 'has both "datetime" and "date"/"time" columns; give the due time one way: date and time, or datetime' });
  } else if (index.datetime === undefined) {
    if (index.date === undefined && index.time === undefined) {
      issues.push({ field: 'header', message: `missing the columns for the due time: add "date" and ${aliases('time')}, or one ${aliases('datetime')}` });
    } else if (index.time === undefined) {
      issues.push({ field: 'header', message: `missing the column for the due time: "date" needs ${aliases('time')} next to it` });
    } else if (index.date === undefined) {
      issues.push({ field: 'header', message: `missing the column for the due date: "${cells[index.time]!.trim()}" needs "date" next to it` });
    }
  }
  if (issues.length) throw new ValidationError(issues);
  return { index, width: cells.length, unnamed };
}

const KNOWN_COLUMNS = (Object.values(COLUMNS)).map((spec) => spec.names[0]).join(', ');

// ---------------------------------------------------------------------------------------------
// Dates and times

export interface LocalDate { readonly year: number; readonly month: number; readonly day: number }
export interface LocalTime { readonly hour: number; readonly minute: number; readonly second: number; readonly millisecond: number }

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (message: string): Parsed<never> => ({ ok: false, message });

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4})$/;
const FORMAT_NAME: Readonly<Record<DateFormat, string>> = { dmy: 'dd/mm/yyyy', mdy: 'mm/dd/yyyy' };

const isRealDate = (year: number, month: number, day: number) => {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
};

/**
 * `2026-12-01` always; `01/12/2026` as dd/mm/yyyy or mm/dd/yyyy per `format`. A slash date is
 * refused without a format, and refused when it cannot be a date in the chosen one (25/12/2026
 * under mm/dd/yyyy): that means the file is in the other format.
 */
export function parseDate(value: string, format: DateFormat | undefined): Parsed<LocalDate> {
  const text = value.trim();
  const iso = ISO_DATE.exec(text);
  if (iso) {
    const [year, month, day] = iso.slice(1).map(Number) as [number, number, number];
    return isRealDate(year, month, day) ? ok({ year, month, day }) : fail(`"${text}" is not a real date`);
  }
  const slash = SLASH_DATE.exec(text);
  if (!slash) return fail(`"${text}" is not a date; use 2026-12-01, or dd/mm/yyyy or mm/dd/yyyy with the import's dateFormat`);
  const [a, b, year] = slash.slice(1).map(Number) as [number, number, number];
  if (slash[3]!.length !== 4) return fail(`"${text}" has a ${slash[3]!.length}-digit year; use four digits (2026)`);
  const readings = DATE_FORMATS.filter((f) => (f === 'dmy' ? isRealDate(year, b, a) : isRealDate(year, a, b)));
  if (format === undefined) {
    const hint = readings.length === 1 ? `; this one can only be ${FORMAT_NAME[readings[0]!]} (dateFormat=${readings[0]})` : '';
    return fail(`"${text}" is a slash date: import with dateFormat=dmy (dd/mm/yyyy) or dateFormat=mdy (mm/dd/yyyy) to say how the file's dates read${hint}`);
  }
  const [day, month] = format === 'dmy' ? [a, b] : [b, a];
  if (isRealDate(year, month, day)) return ok({ year, month, day });
  const other = readings.find((f) => f !== format);
  return fail(other
    ? `"${text}" is not a date in ${FORMAT_NAME[format]} (the import's dateFormat); it reads as ${FORMAT_NAME[other]}: check which format the file uses`
    : `"${text}" is not a real date`);
}

const TIME_24 = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const TIME_12 = /^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap])\.?\s*m\.?$/i;
const TIME_FORMS = 'use HH:MM (24 h, e.g. 14:30) or h:mm AM/PM (2:30 PM)';

/** `14:30`, `14:30:15`, `9:05`, `2:30 PM`, `2:30pm`, `12 AM`. */
export function parseTime(value: string): Parsed<LocalTime> {
  const text = value.trim();
  const h24 = TIME_24.exec(text);
  if (h24) {
    const [hour, minute, second] = [Number(h24[1]), Number(h24[2]), Number(h24[3] ?? 0)];
    const millisecond = h24[4] ? Number(h24[4].padEnd(3, '0')) : 0;
    if (hour > 23 || minute > 59 || second > 59) return fail(`"${text}" is not a time of day; ${TIME_FORMS}`);
    return ok({ hour, minute, second, millisecond });
  }
  const h12 = TIME_12.exec(text);
  if (h12) {
    const [hour12, minute, second] = [Number(h12[1]), Number(h12[2] ?? 0), Number(h12[3] ?? 0)];
    if (hour12 < 1 || hour12 > 12) return fail(`"${text}": with AM/PM the hour is 1 to 12; ${TIME_FORMS}`);
    if (minute > 59 || second > 59) return fail(`"${text}" is not a time of day; ${TIME_FORMS}`);
    const pm = h12[4]!.toLowerCase() === 'p';
    return ok({ hour: (hour12 % 12) + (pm ? 12 : 0), minute, second, millisecond: 0 });
  }
  return fail(`"${text}" is not a time; ${TIME_FORMS}`);
}

const OFFSET = /\s*(Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** A UTC offset in minutes: `Z`, `+01:00`, `+0100`, `-05`. */
function offsetMinutes(text: string): number {
  if (text.toUpperCase() === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0));
}

export interface DueParts {
  readonly date: LocalDate;
  readonly time: LocalTime;
  /** Present when the value carried a UTC offset: then no time zone is needed. */
  readonly offsetMinutes?: number;
}

/**
 * One date-time cell: `2026-12-01T09:30:00+01:00`, `2026-12-01 09:30`, `05/13/2026 7:00 PM`
 * (with dateFormat). The date and the time are read as in separate columns.
 */
export function parseDateTime(value: string, format: DateFormat | undefined): Parsed<DueParts> {
  const text = value.trim();
  const split = /^(\S+?)(?:T|\s+)(\S.*)$/i.exec(text);
  if (!split) return fail(`"${text}" is not a date and time; use 2026-12-01T09:30:00+01:00, or 2026-12-01 09:30 with a time zone`);
  let timeText = split[2]!;
  const offset = OFFSET.exec(timeText);
  // "7:00 PM" ends in no offset; "09:30+01:00" and "08:30Z" do.
  if (offset) timeText = timeText.slice(0, offset.index);
  const offsetValue = offset ? offsetMinutes(offset[1]!) : undefined;
  if (offsetValue !== undefined && Math.abs(offsetValue) > 18 * 60) return fail(`"${text}" has a UTC offset beyond ±18:00`);
  const date = parseDate(split[1]!, format);
  if (!date.ok) return date;
  const time = parseTime(timeText);
  if (!time.ok) return time;
  return ok({ date: date.value, time: time.value, offsetMinutes: offsetValue });
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-12-01T09:30` (seconds only when given), as zoned.ts reads local times. */
export function localIso({ date, time }: Pick<DueParts, 'date' | 'time'>): string {
  const base = `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}T${pad(time.hour)}:${pad(time.minute)}`;
  return time.second || time.millisecond ? `${base}:${pad(time.second)}` : base;
}

// ---------------------------------------------------------------------------------------------
// Time zones, fast enough for 10,000 rows: every isTimeZone and localToInstant call builds an
// Intl.DateTimeFormat (about 0.1 and 0.25 ms), so results are remembered per zone and local hour.

const CACHE_LIMIT = 10_000;
const zoneChecks = new Map<string, boolean>();
/** Start instant of a local hour in a zone, or null when a clock change falls inside that hour. */
const hourStarts = new Map<string, number | null>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/** isTimeZone, remembered per name. */
export function knownTimeZone(name: string): boolean {
  return zoneChecks.get(name) ?? remember(zoneChecks, name, isTimeZone(name));
}

/**
 * localToInstant for a local date and time. An hour whose :00 and :59 are 59 minutes apart holds
 * no clock change, so its minutes map linearly from its start; an hour with a change (a DST gap)
 * goes to localToInstant minute by minute, keeping its rules exactly.
 */
export function zonedInstant(parts: Pick<DueParts, 'date' | 'time'>, zone: string): Date {
  const { date, time } = parts;
  const hour = `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}T${pad(time.hour)}`;
  const key = `${zone} ${hour}`;
  let start = hourStarts.get(key);
  if (start === undefined) {
    const first = localToInstant(`${hour}:00`, zone).getTime();
    const last = localToInstant(`${hour}:59`, zone).getTime();
    start = remember(hourStarts, key, last - first === 59 * 60_000 ? first : null);
  }
  if (start === null) return localToInstant(localIso(parts), zone);
  return new Date(start + time.minute * 60_000 + time.second * 1000 + time.millisecond);
}

// ---------------------------------------------------------------------------------------------
// Media

const KIND_BY_EXTENSION: Readonly<Record<string, MediaKind>> = {
  jpg: 'image', jpeg: 'image', png: 'image', webp: 'image', gif: 'gif', mp4: 'video', mov: 'video',
};
const KINDS_HELP = '.jpg, .jpeg, .png or .webp (image), .gif (gif), .mp4 or .mov (video)';

/** The media kind a URL's file extension names (query and fragment ignored), if any. */
export function mediaKindOf(url: string): MediaKind | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.replace(/[?#].*$/, '');
  }
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return extension ? KIND_BY_EXTENSION[extension] : undefined;
}

/** URLs in a media cell: separated by `|` or whitespace. */
export function splitMediaCell(cell: string): string[] {
  return cell.split(/[|\s]+/).filter((url) => url !== '');
}

const isHttpUrl = (value: string) => {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
};

/** Thread parts: separated by `|||`. */
export function splitThread(cell: string): string[] {
  return cell.split('|||').map((part) => part.trim());
}

// ---------------------------------------------------------------------------------------------
// Rows

export interface RowOptions {
  readonly dateFormat?: DateFormat;
  /** The zone of local date-times in rows without a timezone cell. */
  readonly timezone?: string;
}

export interface MappedRow {
  /**
   * createPostInput-shaped, with only the cells that had a value; not yet validated. `dueAt` is
   * a local date-time with `timezone`, or an instant when the cell had an offset; `timezone`
   * is set only to a zone already checked.
   */
  readonly input: Record<string, unknown>;
  /** The due instant, when the due cells could be read. */
  readonly due?: Date;
  /** The due cells as written, for messages. */
  readonly dueText: string;
  /** What the row's cells say wrong, before the schema sees them. */
  readonly issues: FieldIssue[];
  /** Fields already explained by `issues`: the schema's issue for the same field would only repeat it. */
  readonly explained: ReadonlySet<string>;
}

const newlines = (text: string) => text.replace(/\r\n?/g, '\n');

/** One data row → the createPostInput shape, with every problem its cells have on their own. */
export function mapRow(cells: readonly string[], header: CsvHeader, options: RowOptions = {}): MappedRow {
  const issues: FieldIssue[] = [];
  const explained = new Set<string>();
  const issue = (field: string, message: string) => {
    issues.push({ field, message });
    explained.add(field);
  };
  const cell = (key: ColumnKey): string | undefined => {
    const position = header.index[key];
    const value = position === undefined ? undefined : cells[position]?.trim();
    return value === '' ? undefined : value;
  };

  if (cells.length !== header.width) {
    issue('row', `has ${cells.length} field${cells.length === 1 ? '' : 's'} but the header has ${header.width}; quote values that contain commas ("a, b")`);
  }
  for (const position of header.unnamed) {
    if ((cells[position] ?? '').trim() !== '') issue('row', `has a value in column ${position + 1}, which has no name in the header row`);
  }

  const input: Record<string, unknown> = {};
  const set = (field: string, value: unknown) => {
    if (value !== undefined) input[field] = value;
  };
  set('accountId', cell('account'));
  set('text', mapOptional(cell('text'), newlines));
  set('link', cell('link'));
  set('campaign', cell('campaign'));
  set('pillar', cell('pillar'));
  set('firstComment', mapOptional(cell('firstComment'), newlines));
  set('thread', mapOptional(cell('thread'), (value) => splitThread(newlines(value))));

  const mediaCell = cell('media');
  if (mediaCell !== undefined) {
    input.media = splitMediaCell(mediaCell).map((url, index) => {
      if (!isHttpUrl(url)) {
        // The schema names the bad URL; the kind cannot be told from it, so it is not reported twice.
        explained.add(`media.${index}.kind`);
        return { url };
      }
      const kind = mediaKindOf(url);
      if (!kind) issue(`media.${index}.kind`, `cannot tell the kind of "${url}" from its extension; use ${KINDS_HELP}`);
      return kind ? { url, kind } : { url };
    });
  }

  const zoneCell = cell('timezone');
  const zoneValid = zoneCell === undefined || knownTimeZone(zoneCell);
  if (!zoneValid) issue('timezone', `"${zoneCell}" is not an IANA time zone such as Europe/Berlin`);

  const due = readDue(cell, header, options);
  if (!due.ok) {
    issue('dueAt', due.message);
    return { input, issues, explained, dueText: due.text };
  }
  const { parts } = due;
  if (parts.offsetMinutes !== undefined) {
    const wall = Date.UTC(parts.date.year, parts.date.month - 1, parts.date.day, parts.time.hour, parts.time.minute, parts.time.second, parts.time.millisecond);
    const at = new Date(wall - parts.offsetMinutes * 60_000);
    input.dueAt = at.toISOString();
    if (zoneValid) set('timezone', zoneCell);
    return { input, issues, explained, due: at, dueText: due.text };
  }
  if (!zoneValid) {
    explained.add('dueAt');
    return { input, issues, explained, dueText: due.text };
  }
  const zone = zoneCell ?? options.timezone;
  if (zone === undefined) {
    issue('dueAt', `"${due.text}" has no UTC offset and the row no timezone: add a timezone column, or import with a default timezone (e.g. Europe/Berlin)`);
    return { input, issues, explained, dueText: due.text };
  }
  input.dueAt = localIso(parts);
  input.timezone = zone;
  try {
    return { input, issues, explained, due: zonedInstant(parts, zone), dueText: due.text };
  } catch (error) {
    issue('dueAt', (error as Error).message);
    return { input, issues, explained, dueText: due.text };
  }
}

function mapOptional<T>(value: string | undefined, fn: (value: string) => T): T | undefined {
  return value === undefined ? undefined : fn(value);
}

type DueRead = { ok: true; parts: DueParts; text: string } | { ok: false; message: string; text: string };

function readDue(cell: (key: ColumnKey) => string | undefined, header: CsvHeader, options: RowOptions): DueRead {
  if (header.index.datetime !== undefined) {
    const value = cell('datetime');
    if (value === undefined) return { ok: false, message: 'required: the due date and time (column datetime)', text: '' };
    const parsed = parseDateTime(value, options.dateFormat);
    return parsed.ok ? { ok: true, parts: parsed.value, text: value } : { ok: false, message: parsed.message, text: value };
  }
  const dateText = cell('date');
  const timeText = cell('time');
  const text = [dateText, timeText].filter(Boolean).join(' ');
  if (dateText === undefined && timeText === undefined) return { ok: false, message: 'required: the due date and time (columns date and time)', text };
  if (dateText === undefined) return { ok: false, message: 'required: the due date (column date)', text };
  if (timeText === undefined) return { ok: false, message: 'required: the due time (column time)', text };
  const date = parseDate(dateText, options.dateFormat);
  const time = parseTime(timeText);
  // Both cells' problems at once, so one fix covers the row.
  const messages = [date, time].flatMap((p) => (p.ok ? [] : [p.message]));
  if (!date.ok || !time.ok) return { ok: false, message: messages.join('; '), text };
  // A time column may also carry an offset ("09:30+01:00") only through datetime; here it is local.
  return { ok: true, parts: { date: date.value, time: time.value }, text };
}
