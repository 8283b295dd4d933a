/**
 * Schedule expressions of EventBridge rules and EventBridge Scheduler (rate, cron, at) for the local
 * runtime, which has to decide on one machine when each schedule fires next. Cron follows the AWS
 * six-field dialect (Quartz-like, no seconds, 1 = Sunday), optionally in an IANA time zone.
 */

export interface Schedule {
  readonly kind: 'rate' | 'cron' | 'at';
  /** The first fire time strictly after `from`, or undefined when the schedule has no further fire time. */
  nextAfter(from: Date): Date | undefined;
}

export interface ScheduleOptions {
  /**
   * When the schedule was created: rate schedules fire at anchor + k × period. Without it each call
   * is anchored at `from`, so the next fire is simply one period later.
   */
  readonly anchor?: Date;
}

/** Throws an Error naming the expression and what is wrong with it. */
export function parseScheduleExpression(expr: string, timezone?: string, options: ScheduleOptions = {}): Schedule {
  const offsetAt = zoneOffsets(timezone);
  const match = /^(rate|cron|at)\((.*)\)$/.exec(expr.trim());
  if (!match) throw new Error(`schedule expression "${expr}": expected rate(...), cron(...) or at(...)`);
  const body = (match[2] ?? '').trim();
  switch (match[1]) {
    case 'rate': return rateSchedule(expr, body, options.anchor);
    case 'cron': return cronSchedule(expr, body, offsetAt);
    default: return atSchedule(expr, body, offsetAt);
  }
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const UNIT_MS: Readonly<Record<string, number>> = { minute: MINUTE_MS, hour: 60 * MINUTE_MS, day: DAY_MS };
const MIN_YEAR = 1970;
const MAX_YEAR = 2199;

/** Milliseconds to add to an instant to get its wall-clock time, read as if that wall time were UTC. */
type OffsetAt = (instant: number) => number;

function rateSchedule(expr: string, body: string, anchor: Date | undefined): Schedule {
  const match = /^(\d+)\s+(minute|hour|day)(s?)$/.exec(body);
  if (!match) throw new Error(`${expr}: expected rate(value unit) with unit minute(s), hour(s) or day(s)`);
  const [, digits = '', unit = '', plural] = match;
  const value = Number(digits);
  if (value < 1) throw new Error(`${expr}: the value must be a positive integer`);
  if (value === 1 && plural) throw new Error(`${expr}: a value of 1 takes the singular unit "${unit}"`);
  if (value > 1 && !plural) throw new Error(`${expr}: a value above 1 takes the plural unit "${unit}s"`);
  if (anchor !== undefined) requireValid(anchor, 'anchor');
  // A day is a fixed 24 hours, as EventBridge Scheduler counts it across DST changes.
  const period = value * (UNIT_MS[unit] ?? 0);
  return {
    kind: 'rate',
    nextAfter(from) {
      const now = requireValid(from, 'from');
      const base = anchor?.getTime() ?? now;
      const periods = Math.max(1, Math.floor((now - base) / period) + 1);
      return new Date(base + periods * period);
    },
  };
}

function atSchedule(expr: string, body: string, offsetAt: OffsetAt): Schedule {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body);
  if (!match) throw new Error(`${expr}: expected at(yyyy-mm-ddThh:mm:ss)`);
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    throw new Error(`${expr}: ${body} is not a valid date and time`);
  }
  const instant = wallToInstant(Date.UTC(year, month - 1, day, hour, minute, second), offsetAt);
  return {
    kind: 'at',
    nextAfter: (from) => (instant > requireValid(from, 'from') ? new Date(instant) : undefined),
  };
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names for min, min + 1, …; the field accepts them case-insensitively. */
  readonly names?: readonly string[];
  readonly cyclic: boolean;
}

const MINUTES: FieldSpec = { name: 'minutes', min: 0, max: 59, cyclic: true };
const HOURS: FieldSpec = { name: 'hours', min: 0, max: 23, cyclic: true };
const DAY_OF_MONTH: FieldSpec = { name: 'day-of-month', min: 1, max: 31, cyclic: true };
const MONTH: FieldSpec = {
  name: 'month', min: 1, max: 12, cyclic: true,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
};
const DAY_OF_WEEK: FieldSpec = {
  name: 'day-of-week', min: 1, max: 7, cyclic: true, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
};
const YEAR: FieldSpec = { name: 'year', min: MIN_YEAR, max: MAX_YEAR, cyclic: false };

/** The matching days of one month, ascending. */
type DayRule = (year: number, month: number) => number[];

function cronSchedule(expr: string, body: string, offsetAt: OffsetAt): Schedule {
  const fields = body.toUpperCase().split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(`${expr}: expected 6 fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`);
  }
  const [minutesText = '', hoursText = '', domText = '', monthText = '', dowText = '', yearText = ''] = fields;
  const fail = (message: string): Error => new Error(`${expr}: ${message}`);
  if ((domText === '?') === (dowText === '?')) {
    throw fail(domText === '?'
      ? 'day-of-month and day-of-week cannot both be ?; give a value in one of them'
      : 'day-of-month and day-of-week cannot both be specified; use ? in one of them');
  }
  const minutes = parseValues(minutesText, MINUTES, fail);
  const hours = parseValues(hoursText, HOURS, fail);
  const months = parseValues(monthText, MONTH, fail);
  const years = parseValues(yearText, YEAR, fail);
  const days = domText === '?' ? dayOfWeekRule(dowText, fail) : dayOfMonthRule(domText, fail);
  return {
    kind: 'cron',
    nextAfter(from) {
      const after = requireValid(from, 'from');
      const start = new Date(after + offsetAt(after));
      const startYear = start.getUTCFullYear();
      const startMonth = start.getUTCMonth() + 1;
      // Walk wall-clock candidates field by field, narrowing to `start` only while every larger
      // field still equals it; the first candidate whose instant is after `from` wins.
      for (const year of years) {
        if (year < startYear) continue;
        for (const month of months) {
          const sameMonth = year === startYear && month === startMonth;
          if (year === startYear && month < startMonth) continue;
          for (const day of days(year, month)) {
            const sameDay = sameMonth && day === start.getUTCDate();
            if (sameMonth && day < start.getUTCDate()) continue;
            for (const hour of hours) {
              const sameHour = sameDay && hour === start.getUTCHours();
              if (sameDay && hour < start.getUTCHours()) continue;
              for (const minute of minutes) {
                if (sameHour && minute < start.getUTCMinutes()) continue;
                // EventBridge Scheduler skips a cron time that a spring-forward removes.
                const instant = wallToInstant(Date.UTC(year, month - 1, day, hour, minute), offsetAt, 'skip');
                if (instant !== undefined && instant > after) return new Date(instant);
              }
            }
          }
        }
      }
      return undefined;
    },
  };
}

function dayOfMonthRule(text: string, fail: (message: string) => Error): DayRule {
  if (text === 'L') return (year, month) => [daysInMonth(year, month)];
  if (text === 'LW') {
    return (year, month) => {
      const last = daysInMonth(year, month);
      const dow = dayOfWeek(year, month, last);
      return [dow === 7 ? last - 1 : dow === 1 ? last - 2 : last];
    };
  }
  const nearest = /^(\d+)W$/.exec(text);
  if (nearest) {
    const target = Number(nearest[1]);
    if (target < 1 || target > 31) throw fail(`day-of-month "${text}": W needs a day from 1 to 31`);
    // The nearest weekday never leaves the month: 1W on a Saturday is Monday the 3rd, and a
    // month too short for the day has no fire time at all, like a plain day number.
    return (year, month) => {
      const last = daysInMonth(year, month);
      if (target > last) return [];
      const dow = dayOfWeek(year, month, target);
      if (dow === 7) return [target === 1 ? 3 : target - 1];
      if (dow === 1) return [target === last ? target - 2 : target + 1];
      return [target];
    };
  }
  const values = parseValues(text, DAY_OF_MONTH, fail);
  return (year, month) => values.filter((day) => day <= daysInMonth(year, month));
}

function dayOfWeekRule(text: string, fail: (message: string) => Error): DayRule {
  const lastOf = /^(\w+)L$/.exec(text);
  if (lastOf) {
    const target = parseValue(lastOf[1] ?? '', DAY_OF_WEEK, fail);
    return (year, month) => {
      const last = daysInMonth(year, month);
      return [last - ((dayOfWeek(year, month, last) - target + 7) % 7)];
    };
  }
  const nth = /^(\w+)#(\w+)$/.exec(text);
  if (nth) {
    const target = parseValue(nth[1] ?? '', DAY_OF_WEEK, fail);
    const week = Number(nth[2]);
    if (!Number.isInteger(week) || week < 1 || week > 5) {
      throw fail(`day-of-week "${text}": the number after # must be 1 to 5`);
    }
    return (year, month) => {
      const day = 1 + ((target - dayOfWeek(year, month, 1) + 7) % 7) + 7 * (week - 1);
      return day <= daysInMonth(year, month) ? [day] : [];
    };
  }
  // A bare L is the last day of the week, Saturday, as in Quartz.
  const values = parseValues(text === 'L' ? '7' : text, DAY_OF_WEEK, fail);
  return (year, month) => {
    const first = dayOfWeek(year, month, 1);
    const days: number[] = [];
    for (let day = 1; day <= daysInMonth(year, month); day++) {
      if (values.includes(((first + day - 2) % 7) + 1)) days.push(day);
    }
    return days;
  };
}

/** Parses `,` lists of values, `a-b` ranges, `*` and `/` steps into the ascending set of values. */
function parseValues(text: string, spec: FieldSpec, fail: (message: string) => Error): number[] {
  if (text === '?') throw fail(`${spec.name}: ? is only allowed in day-of-month or day-of-week`);
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText, ...extra] = part.split('/');
    if (extra.length > 0) throw fail(`${spec.name} "${part}": more than one /`);
    const span = spec.max - spec.min + 1;
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!/^\d+$/.test(stepText ?? '1') || step < 1 || step >= span) {
      throw fail(`${spec.name} "${part}": the step must be a whole number from 1 to ${span - 1}`);
    }
    let first: number;
    let last: number;
    if (range === '*') {
      [first, last] = [spec.min, spec.max];
    } else if (range.includes('-')) {
      const [low = '', high = '', ...rest] = range.split('-');
      if (rest.length > 0) throw fail(`${spec.name} "${part}": a range has one -`);
      [first, last] = [parseValue(low, spec, fail), parseValue(high, spec, fail)];
      if (last < first) {
        // A range that wraps around, such as FRI-MON or 22-2, continues from the field's minimum.
        if (!spec.cyclic) throw fail(`${spec.name} "${part}": the range must go from low to high`);
        last += span;
      }
    } else {
      first = parseValue(range, spec, fail);
      // "0/15" means from 0 every 15 to the end of the field; a bare value is just itself.
      last = stepText === undefined ? first : spec.max;
    }
    for (let value = first; value <= last; value += step) values.add(((value - spec.min) % span) + spec.min);
  }
  return [...values].sort((a, b) => a - b);
}

function parseValue(text: string, spec: FieldSpec, fail: (message: string) => Error): number {
  const named = spec.names?.indexOf(text) ?? -1;
  const value = named >= 0 ? spec.min + named : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= spec.min && value <= spec.max)) {
    const allowed = spec.names ? ` or ${spec.names[0]}-${spec.names[spec.names.length - 1]}` : '';
    throw fail(`${spec.name}: "${text}" is not valid; expected ${spec.min}-${spec.max}${allowed}`);
  }
  return value;
}

/** 1 = Sunday … 7 = Saturday, as AWS cron numbers them. */
function dayOfWeek(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The instant a wall-clock time (given as if it were UTC) happens. A time repeated when clocks go
 * back maps to its first occurrence so it fires once; a time skipped when they go forward maps to
 * the first instant after the gap, the next valid instant.
 */
/**
 * The instant a wall-clock time in the zone denotes: the first one when fall-back repeats it;
 * for a time that spring-forward skips, the end of the gap ('shift', so a one-off still fires)
 * or none ('skip', as Scheduler does for cron).
 */
function wallToInstant(wall: number, offsetAt: OffsetAt, gap: 'skip'): number | undefined;
function wallToInstant(wall: number, offsetAt: OffsetAt, gap?: 'shift'): number;
function wallToInstant(wall: number, offsetAt: OffsetAt, gap: 'skip' | 'shift' = 'shift'): number | undefined {
  // UTC offsets differ by less than a day, so the offsets a day either side bracket every candidate.
  const before = offsetAt(wall - DAY_MS);
  const after = offsetAt(wall + DAY_MS);
  const candidates = [wall - before, wall - after].filter((instant) => instant + offsetAt(instant) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  if (gap === 'skip') return undefined;
  let low = wall - after;
  let high = wall - before;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (offsetAt(mid) === after) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * Building an Intl.DateTimeFormat costs far more than using one, and every CreateSchedule parses
 * its expression: one formatter per zone is kept (there are a few hundred zones at most).
 */
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

function zoneOffsets(timezone: string | undefined): OffsetAt {
  if (timezone === undefined || timezone === 'UTC') return () => 0;
  let format = zoneFormats.get(timezone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone, hourCycle: 'h23',
        year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      throw new Error(`timezone "${timezone}": not an IANA time zone name such as Europe/Berlin`);
    }
    zoneFormats.set(timezone, format);
  }
  const zone = format;
  return (instant) => {
    const whole = Math.floor(instant / 1000) * 1000;
    const part: Record<string, number> = {};
    for (const { type, value } of zone.formatToParts(whole)) part[type] = Number(value);
    const wall = Date.UTC(part.year ?? 0, (part.month ?? 1) - 1, part.day, part.hour, part.minute, part.second);
    return wall - whole;
  };
}

function requireValid(date: Date, name: string): number {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new Error(`${name} is not a valid date`);
  return time;
}
