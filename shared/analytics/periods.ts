/**
 * Report periods in a brand's time zone: the local day, ISO week and month an instant falls in.
 * The day is taken from the zone's own clock (Intl), so a DST switch never moves a post into the
 * neighbouring day; weeks and months are then pure calendar arithmetic on that local date.
 */
import { isTimeZone } from '../platform/time/zoned.js';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type Granularity = 'day' | 'week' | 'month';

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  readonly date: string;
  readonly weekday: Weekday;
  readonly hour: number;
}

const DAY_MS = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

/** Throws a RangeError naming the field when `timeZone` is not an IANA zone. */
export function checkTimeZone(timeZone: string): void {
  if (!isTimeZone(timeZone)) throw new RangeError(`timeZone "${timeZone}" is not an IANA time zone such as Europe/Berlin`);
}

/** Parses an ISO 8601 instant, naming the field when it is not one. */
export function instantOf(field: string, iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new RangeError(`${field} "${iso}" is not an ISO 8601 date-time such as 2026-03-29T09:00:00Z`);
  return ms;
}

export function localTime(instant: number, timeZone: string): LocalTime {
  let format = formats.get(timeZone);
  if (!format) {
    checkTimeZone(timeZone);
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', weekday: 'short',
    });
    formats.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, weekday: String(p.weekday).toLowerCase() as Weekday, hour: Number(p.hour) };
}

/** `2026-03-29` → `2026-03-29` (day), `2026-W13` (ISO week), `2026-03` (month). */
export function periodOf(date: string, granularity: Granularity): string {
  utcDay(date); // checks the shape for every granularity, not only those that compute with it
  if (granularity === 'day') return date;
  if (granularity === 'month') return date.slice(0, 7);
  return isoWeek(date);
}

/** The period just before `period`, for period-over-period comparisons. */
export function previousPeriod(period: string, granularity: Granularity): string {
  if (granularity === 'day') return isoDate(utcDay(period) - DAY_MS);
  if (granularity === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(period);
    if (!m) throw new RangeError(`period "${period}" is not a month such as 2026-03`);
    return isoDate(Date.UTC(Number(m[1]), Number(m[2]) - 2, 1)).slice(0, 7);
  }
  return isoWeek(isoDate(mondayOfIsoWeek(period) - 7 * DAY_MS));
}

/** ISO 8601 week: weeks start on Monday, and week 1 is the one holding the year's first Thursday. */
function isoWeek(date: string): string {
  const day = utcDay(date);
  const isoWeekday = new Date(day).getUTCDay() || 7;
  const thursday = new Date(day + (4 - isoWeekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

function mondayOfIsoWeek(period: string): number {
  const m = /^(\d{4})-W(\d{2})$/.exec(period);
  if (!m) throw new RangeError(`period "${period}" is not an ISO week such as 2026-W13`);
  // 4 January is always in week 1.
  const january4 = Date.UTC(Number(m[1]), 0, 4);
  const week1Monday = january4 - ((new Date(january4).getUTCDay() || 7) - 1) * DAY_MS;
  return week1Monday + (Number(m[2]) - 1) * 7 * DAY_MS;
}

function utcDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`day "${date}" is not a date such as 2026-03-29`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
