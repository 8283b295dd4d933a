import { describe, expect, it } from 'vitest';
import { parseScheduleExpression } from '../../../local/aws/schedule-expression.js';

// Every expected time below was worked out by hand from a calendar (2026-01-01 is a Thursday) and
// the published tz rules; none is produced by the code under test.

function next(expr: string, from: string, timezone?: string): string | undefined {
  return parseScheduleExpression(expr, timezone).nextAfter(new Date(from))?.toISOString();
}

/** The first `count` fire times after `from`, each found from the previous one. */
function series(expr: string, from: string, count: number, timezone?: string): string[] {
  const schedule = parseScheduleExpression(expr, timezone);
  const times: string[] = [];
  let cursor = new Date(from);
  for (let i = 0; i < count; i++) {
    const fire = schedule.nextAfter(cursor);
    if (!fire) break;
    times.push(fire.toISOString());
    cursor = fire;
  }
  return times;
}

describe('rate()', () => {
  it('reports its kind', () => {
    expect(parseScheduleExpression('rate(5 minutes)').kind).toBe('rate');
  });

  it('fires one period after `from` when no anchor is given', () => {
    expect(next('rate(1 minute)', '2026-03-10T10:00:30.000Z')).toBe('2026-03-10T10:01:30.000Z');
    expect(next('rate(5 minutes)', '2026-03-10T10:00:30.000Z')).toBe('2026-03-10T10:05:30.000Z');
    expect(next('rate(1 hour)', '2026-03-10T10:00:00.000Z')).toBe('2026-03-10T11:00:00.000Z');
    expect(next('rate(2 hours)', '2026-03-10T23:00:00.000Z')).toBe('2026-03-11T01:00:00.000Z');
    expect(next('rate(1 day)', '2026-02-28T06:00:00.000Z')).toBe('2026-03-01T06:00:00.000Z');
    expect(next('rate(3 days)', '2026-12-30T00:00:00.000Z')).toBe('2027-01-02T00:00:00.000Z');
  });

  it('stays aligned to the anchor', () => {
    const schedule = parseScheduleExpression('rate(5 minutes)', undefined, { anchor: new Date('2026-03-10T10:02:00.000Z') });
    // Fire times are 10:07, 10:12, 10:17, ...
    expect(schedule.nextAfter(new Date('2026-03-10T10:13:00.000Z'))?.toISOString()).toBe('2026-03-10T10:17:00.000Z');
    expect(schedule.nextAfter(new Date('2026-03-10T10:12:00.000Z'))?.toISOString()).toBe('2026-03-10T10:17:00.000Z');
    expect(schedule.nextAfter(new Date('2026-03-10T10:11:59.999Z'))?.toISOString()).toBe('2026-03-10T10:12:00.000Z');
    expect(schedule.nextAfter(new Date('2026-03-10T10:02:00.000Z'))?.toISOString()).toBe('2026-03-10T10:07:00.000Z');
  });

  it('fires first one period after the anchor when asked from before it', () => {
    const schedule = parseScheduleExpression('rate(2 hours)', undefined, { anchor: new Date('2026-03-10T10:00:00.000Z') });
    expect(schedule.nextAfter(new Date('2026-03-01T00:00:00.000Z'))?.toISOString()).toBe('2026-03-10T12:00:00.000Z');
  });

  it('counts a day as 24 hours even across a DST change in its time zone', () => {
    const schedule = parseScheduleExpression('rate(1 day)', 'Europe/Berlin', { anchor: new Date('2026-03-28T08:00:00.000Z') });
    expect(schedule.nextAfter(new Date('2026-03-29T07:00:00.000Z'))?.toISOString()).toBe('2026-03-29T08:00:00.000Z');
  });

  it.each([
    ['rate(1 minutes)', 'a value of 1 takes the singular unit "minute"'],
    ['rate(1 hours)', 'a value of 1 takes the singular unit "hour"'],
    ['rate(1 days)', 'a value of 1 takes the singular unit "day"'],
    ['rate(5 minute)', 'a value above 1 takes the plural unit "minutes"'],
    ['rate(2 hour)', 'a value above 1 takes the plural unit "hours"'],
    ['rate(3 day)', 'a value above 1 takes the plural unit "days"'],
    ['rate(0 minutes)', 'the value must be a positive integer'],
    ['rate(-5 minutes)', 'expected rate(value unit)'],
    ['rate(5 weeks)', 'expected rate(value unit)'],
    ['rate(five minutes)', 'expected rate(value unit)'],
    ['rate(1.5 hours)', 'expected rate(value unit)'],
  ])('rejects %s', (expr, message) => {
    expect(() => parseScheduleExpression(expr)).toThrow(`${expr}: ${message}`);
  });
});

describe('at()', () => {
  it('fires once, in UTC by default', () => {
    const schedule = parseScheduleExpression('at(2026-07-01T09:30:00)');
    expect(schedule.kind).toBe('at');
    expect(schedule.nextAfter(new Date('2026-06-30T00:00:00.000Z'))?.toISOString()).toBe('2026-07-01T09:30:00.000Z');
    expect(schedule.nextAfter(new Date('2026-07-01T09:29:59.999Z'))?.toISOString()).toBe('2026-07-01T09:30:00.000Z');
  });

  it('returns undefined once the time has passed', () => {
    expect(next('at(2026-07-01T09:30:00)', '2026-07-01T09:30:00.000Z')).toBeUndefined();
    expect(next('at(2020-01-01T00:00:00)', '2026-03-10T00:00:00.000Z')).toBeUndefined();
  });

  it('reads the time as wall-clock time in the given zone', () => {
    // Berlin is UTC+2 in July (CEST) and UTC+1 in January (CET).
    expect(next('at(2026-07-01T09:30:00)', '2026-01-01T00:00:00.000Z', 'Europe/Berlin')).toBe('2026-07-01T07:30:00.000Z');
    expect(next('at(2026-01-15T09:30:00)', '2026-01-01T00:00:00.000Z', 'Europe/Berlin')).toBe('2026-01-15T08:30:00.000Z');
    // New York is UTC-5 in January (EST).
    expect(next('at(2026-01-15T09:30:45)', '2026-01-01T00:00:00.000Z', 'America/New_York')).toBe('2026-01-15T14:30:45.000Z');
  });

  it('moves a time skipped by spring-forward to the end of the gap', () => {
    // Berlin clocks jump from 02:00 CET to 03:00 CEST at 2026-03-29T01:00Z.
    expect(next('at(2026-03-29T02:30:00)', '2026-03-01T00:00:00.000Z', 'Europe/Berlin')).toBe('2026-03-29T01:00:00.000Z');
  });

  it('uses the first occurrence of a time repeated by fall-back', () => {
    // Berlin 02:30 on 2026-10-25 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(next('at(2026-10-25T02:30:00)', '2026-10-01T00:00:00.000Z', 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z');
    expect(next('at(2026-10-25T02:30:00)', '2026-10-25T00:30:00.000Z', 'Europe/Berlin')).toBeUndefined();
  });

  it.each(['at(2026-02-29T00:00:00)', 'at(2026-13-01T00:00:00)', 'at(2026-01-01T24:00:00)', 'at(2026-01-01T00:60:00)'])(
    'rejects the impossible %s',
    (expr) => expect(() => parseScheduleExpression(expr)).toThrow(`${expr}: `),
  );

  it.each(['at(2026-07-01 09:30:00)', 'at(2026-07-01T09:30)', 'at(2026-07-01T09:30:00Z)'])('rejects the malformed %s', (expr) => {
    expect(() => parseScheduleExpression(expr)).toThrow('expected at(yyyy-mm-ddThh:mm:ss)');
  });
});

describe('cron() fields', () => {
  it('reports its kind', () => {
    expect(parseScheduleExpression('cron(0 12 * * ? *)').kind).toBe('cron');
  });

  it('fires at a fixed time every day, strictly after `from`', () => {
    expect(next('cron(0 12 * * ? *)', '2026-03-10T11:59:59.999Z')).toBe('2026-03-10T12:00:00.000Z');
    expect(next('cron(0 12 * * ? *)', '2026-03-10T12:00:00.000Z')).toBe('2026-03-11T12:00:00.000Z');
    expect(next('cron(0 12 * * ? *)', '2026-12-31T12:00:00.000Z')).toBe('2027-01-01T12:00:00.000Z');
  });

  it('fires every minute with *', () => {
    expect(next('cron(* * * * ? *)', '2026-03-10T10:00:30.000Z')).toBe('2026-03-10T10:01:00.000Z');
    expect(next('cron(* * * * ? *)', '2026-12-31T23:59:00.000Z')).toBe('2027-01-01T00:00:00.000Z');
  });

  it('steps with a/n and */n', () => {
    expect(series('cron(0/15 * * * ? *)', '2026-03-10T10:07:00.000Z', 4)).toEqual([
      '2026-03-10T10:15:00.000Z', '2026-03-10T10:30:00.000Z', '2026-03-10T10:45:00.000Z', '2026-03-10T11:00:00.000Z',
    ]);
    expect(series('cron(5/20 * * * ? *)', '2026-03-10T10:00:00.000Z', 4)).toEqual([
      '2026-03-10T10:05:00.000Z', '2026-03-10T10:25:00.000Z', '2026-03-10T10:45:00.000Z', '2026-03-10T11:05:00.000Z',
    ]);
    expect(next('cron(*/5 * * * ? *)', '2026-03-10T10:07:00.000Z')).toBe('2026-03-10T10:10:00.000Z');
    // Day-of-month starts at 1, so */10 is the 1st, 11th, 21st and 31st.
    expect(series('cron(0 0 */10 * ? *)', '2026-01-02T00:00:00.000Z', 4)).toEqual([
      '2026-01-11T00:00:00.000Z', '2026-01-21T00:00:00.000Z', '2026-01-31T00:00:00.000Z', '2026-02-01T00:00:00.000Z',
    ]);
    expect(series('cron(0 8-18/4 * * ? *)', '2026-03-10T09:00:00.000Z', 3)).toEqual([
      '2026-03-10T12:00:00.000Z', '2026-03-10T16:00:00.000Z', '2026-03-11T08:00:00.000Z',
    ]);
  });

  it('combines lists and ranges', () => {
    expect(series('cron(10,40 8-9 * * ? *)', '2026-03-10T08:15:00.000Z', 4)).toEqual([
      '2026-03-10T08:40:00.000Z', '2026-03-10T09:10:00.000Z', '2026-03-10T09:40:00.000Z', '2026-03-11T08:10:00.000Z',
    ]);
    expect(series('cron(0 0 1,15 * ? *)', '2026-01-01T00:00:00.000Z', 3)).toEqual([
      '2026-01-15T00:00:00.000Z', '2026-02-01T00:00:00.000Z', '2026-02-15T00:00:00.000Z',
    ]);
  });

  it('accepts month and weekday names in any case', () => {
    expect(series('cron(0 0 1 JAN,jul ? *)', '2026-01-01T00:00:00.000Z', 2)).toEqual([
      '2026-07-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z',
    ]);
    // 2026-03-13 is a Friday; the next weekday is Monday the 16th.
    expect(series('cron(0 9 ? * MON-FRI *)', '2026-03-13T10:00:00.000Z', 2)).toEqual([
      '2026-03-16T09:00:00.000Z', '2026-03-17T09:00:00.000Z',
    ]);
    expect(next('cron(0 9 ? * 2-6 *)', '2026-03-13T10:00:00.000Z')).toBe('2026-03-16T09:00:00.000Z');
    // Months 3-5 and MAR-MAY are the same.
    expect(next('cron(0 0 1 MAR-MAY ? *)', '2026-05-01T00:00:00.000Z')).toBe('2027-03-01T00:00:00.000Z');
  });

  it('numbers weekdays from 1 = Sunday', () => {
    // From Tuesday 2026-03-10: Saturday is the 14th, Sunday the 15th.
    expect(next('cron(0 0 ? * 1 *)', '2026-03-10T00:00:00.000Z')).toBe('2026-03-15T00:00:00.000Z');
    expect(next('cron(0 0 ? * SUN *)', '2026-03-10T00:00:00.000Z')).toBe('2026-03-15T00:00:00.000Z');
    expect(next('cron(0 0 ? * 7 *)', '2026-03-10T00:00:00.000Z')).toBe('2026-03-14T00:00:00.000Z');
  });

  it('wraps ranges that run past the end of a field', () => {
    // FRI-MON on and after Tuesday 2026-03-10: Fri 13, Sat 14, Sun 15, Mon 16, then Fri 20.
    expect(series('cron(0 0 ? * FRI-MON *)', '2026-03-10T00:00:00.000Z', 5)).toEqual([
      '2026-03-13T00:00:00.000Z', '2026-03-14T00:00:00.000Z', '2026-03-15T00:00:00.000Z',
      '2026-03-16T00:00:00.000Z', '2026-03-20T00:00:00.000Z',
    ]);
    expect(series('cron(0 22-1 * * ? *)', '2026-03-10T21:00:00.000Z', 4)).toEqual([
      '2026-03-10T22:00:00.000Z', '2026-03-10T23:00:00.000Z', '2026-03-11T00:00:00.000Z', '2026-03-11T01:00:00.000Z',
    ]);
  });

  it('skips months too short for the day', () => {
    expect(series('cron(0 0 31 * ? *)', '2026-01-31T00:00:00.000Z', 3)).toEqual([
      '2026-03-31T00:00:00.000Z', '2026-05-31T00:00:00.000Z', '2026-07-31T00:00:00.000Z',
    ]);
  });
});

describe('cron() L, W and #', () => {
  it('L in day-of-month is the last day, Feb 29 in leap years', () => {
    expect(series('cron(0 0 L * ? *)', '2026-01-01T00:00:00.000Z', 4)).toEqual([
      '2026-01-31T00:00:00.000Z', '2026-02-28T00:00:00.000Z', '2026-03-31T00:00:00.000Z', '2026-04-30T00:00:00.000Z',
    ]);
    expect(next('cron(0 0 L 2 ? *)', '2024-01-01T00:00:00.000Z')).toBe('2024-02-29T00:00:00.000Z');
    // 2100 is divisible by 100 but not 400, so it is not a leap year.
    expect(next('cron(0 0 L 2 ? *)', '2100-01-01T00:00:00.000Z')).toBe('2100-02-28T00:00:00.000Z');
  });

  it('Feb 29 fires only in leap years, skipping 2100', () => {
    expect(next('cron(0 0 29 2 ? *)', '2024-03-01T00:00:00.000Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('cron(0 0 29 2 ? *)', '2097-03-01T00:00:00.000Z')).toBe('2104-02-29T00:00:00.000Z');
  });

  it('nW is the nearest weekday within the same month', () => {
    // 2026-08-01 is a Saturday: 1W moves forward to Monday the 3rd, never back into July.
    expect(next('cron(0 12 1W 8 ? *)', '2026-07-01T00:00:00.000Z')).toBe('2026-08-03T12:00:00.000Z');
    // 2026-03-01 is a Sunday: Monday the 2nd.
    expect(next('cron(0 12 1W 3 ? *)', '2026-01-01T00:00:00.000Z')).toBe('2026-03-02T12:00:00.000Z');
    // 2026-03-15 is a Sunday: Monday the 16th. 2026-08-15 is a Saturday: Friday the 14th.
    expect(next('cron(0 12 15W 3 ? *)', '2026-01-01T00:00:00.000Z')).toBe('2026-03-16T12:00:00.000Z');
    expect(next('cron(0 12 15W 8 ? *)', '2026-01-01T00:00:00.000Z')).toBe('2026-08-14T12:00:00.000Z');
    // 2026-05-31 is a Sunday and the month's last day: Friday the 29th, not June 1st.
    expect(next('cron(0 12 31W 5 ? *)', '2026-01-01T00:00:00.000Z')).toBe('2026-05-29T12:00:00.000Z');
    // A weekday stays put: 2026-03-10 is a Tuesday.
    expect(next('cron(0 12 10W * ? *)', '2026-03-01T00:00:00.000Z')).toBe('2026-03-10T12:00:00.000Z');
  });

  it('LW is the last weekday of the month', () => {
    // Last days of 2026: Jan 31 Sat, Feb 28 Sat, Mar 31 Tue, May 31 Sun.
    expect(series('cron(0 18 LW * ? *)', '2026-01-01T00:00:00.000Z', 5)).toEqual([
      '2026-01-30T18:00:00.000Z', '2026-02-27T18:00:00.000Z', '2026-03-31T18:00:00.000Z',
      '2026-04-30T18:00:00.000Z', '2026-05-29T18:00:00.000Z',
    ]);
  });

  it('6L is the last Friday of the month', () => {
    // Jan 2026 ends Sat 31 (last Friday 30); Feb ends Sat 28 (27); Mar ends Tue 31 (27).
    expect(series('cron(0 17 ? * 6L *)', '2026-01-01T00:00:00.000Z', 3)).toEqual([
      '2026-01-30T17:00:00.000Z', '2026-02-27T17:00:00.000Z', '2026-03-27T17:00:00.000Z',
    ]);
    expect(next('cron(0 17 ? * FRIL *)', '2026-01-01T00:00:00.000Z')).toBe('2026-01-30T17:00:00.000Z');
  });

  it('a bare L in day-of-week is Saturday', () => {
    expect(next('cron(0 0 ? * L *)', '2026-03-10T00:00:00.000Z')).toBe('2026-03-14T00:00:00.000Z');
  });

  it('2#1 is the first Monday of the month', () => {
    // March 2026 starts on a Sunday, April on a Wednesday, June on a Monday.
    expect(series('cron(0 9 ? * 2#1 *)', '2026-03-01T00:00:00.000Z', 4)).toEqual([
      '2026-03-02T09:00:00.000Z', '2026-04-06T09:00:00.000Z', '2026-05-04T09:00:00.000Z', '2026-06-01T09:00:00.000Z',
    ]);
    expect(next('cron(0 9 ? * MON#1 *)', '2026-03-01T00:00:00.000Z')).toBe('2026-03-02T09:00:00.000Z');
  });

  it('skips months without a fifth occurrence', () => {
    // Fifth Thursdays: Jan 29 2026; February and March have four; April 30 is the next.
    expect(series('cron(0 0 ? * 5#5 *)', '2026-01-01T00:00:00.000Z', 2)).toEqual([
      '2026-01-29T00:00:00.000Z', '2026-04-30T00:00:00.000Z',
    ]);
  });
});

describe('cron() years', () => {
  it('ends with its last year', () => {
    const expr = 'cron(0 12 31 12 ? 2025-2026)';
    expect(next(expr, '2025-06-01T00:00:00.000Z')).toBe('2025-12-31T12:00:00.000Z');
    expect(next(expr, '2025-12-31T12:00:00.000Z')).toBe('2026-12-31T12:00:00.000Z');
    expect(next(expr, '2026-12-31T12:00:00.000Z')).toBeUndefined();
    expect(next('cron(0 0 1 1 ? 2020)', '2026-01-01T00:00:00.000Z')).toBeUndefined();
  });

  it('starts with its first year', () => {
    expect(next('cron(0 0 1 1 ? 2030/5)', '2026-03-10T00:00:00.000Z')).toBe('2030-01-01T00:00:00.000Z');
    expect(next('cron(0 0 1 1 ? 2030/5)', '2030-01-01T00:00:00.000Z')).toBe('2035-01-01T00:00:00.000Z');
  });

  it('stops at 2199', () => {
    expect(next('cron(59 23 31 12 ? *)', '2199-06-01T00:00:00.000Z')).toBe('2199-12-31T23:59:00.000Z');
    expect(next('cron(59 23 31 12 ? *)', '2199-12-31T23:59:00.000Z')).toBeUndefined();
    expect(next('cron(0 0 1 1 ? 2199)', '2026-03-10T00:00:00.000Z')).toBe('2199-01-01T00:00:00.000Z');
  });

  // How fast this search is (by field, not minute by minute) is a figure of `npm run bench`.
  it('finds no fire time for a day that never comes', () => {
    expect(next('cron(* * 30 2 ? *)', '1970-01-01T00:00:00.000Z')).toBeUndefined();
    expect(next('cron(* * 31 4,6,9,11 ? *)', '1970-01-01T00:00:00.000Z', 'Europe/Berlin')).toBeUndefined();
  });
});

describe('cron() in a time zone', () => {
  it('reads the fields as wall-clock time', () => {
    // 09:00 in Berlin is 08:00Z in winter and 07:00Z in summer.
    expect(next('cron(0 9 * * ? *)', '2026-03-27T00:00:00.000Z', 'Europe/Berlin')).toBe('2026-03-27T08:00:00.000Z');
    expect(next('cron(0 9 * * ? *)', '2026-03-30T00:00:00.000Z', 'Europe/Berlin')).toBe('2026-03-30T07:00:00.000Z');
    // 23:30 on Monday in New York (EST, UTC-5) is already Tuesday in UTC.
    expect(next('cron(30 23 ? * MON *)', '2026-01-01T00:00:00.000Z', 'America/New_York')).toBe('2026-01-06T04:30:00.000Z');
  });

  it('skips a cron time removed by spring-forward, as EventBridge Scheduler does', () => {
    // Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST at 01:00Z, so 02:30 does not exist that day.
    expect(series('cron(30 2 * * ? *)', '2026-03-28T00:00:00.000Z', 3, 'Europe/Berlin')).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-30T00:30:00.000Z', // 02:30 CEST; the 29th has no 02:30
      '2026-03-31T00:30:00.000Z',
    ]);
    // Every 30 minutes: 01:30 CET; 02:00 and 02:30 do not exist; then 03:00, 03:30 and 04:00 CEST.
    expect(series('cron(0/30 * * * ? *)', '2026-03-29T00:00:00.000Z', 4, 'Europe/Berlin')).toEqual([
      '2026-03-29T00:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-29T02:00:00.000Z',
    ]);
    // New York 2026-03-08: 02:00 EST jumps to 03:00 EDT at 07:00Z, so 02:15 comes next on the 9th (EDT, UTC-4).
    expect(next('cron(15 2 * * ? *)', '2026-03-08T05:00:00.000Z', 'America/New_York')).toBe('2026-03-09T06:15:00.000Z');
  });

  it('fires a time repeated by fall-back once', () => {
    // Berlin 2026-10-25: 03:00 CEST falls back to 02:00 CET at 01:00Z, so 02:30 happens twice.
    expect(series('cron(30 2 * * ? *)', '2026-10-24T12:00:00.000Z', 2, 'Europe/Berlin')).toEqual([
      '2026-10-25T00:30:00.000Z', // 02:30 CEST, the first occurrence
      '2026-10-26T01:30:00.000Z', // 02:30 CET the next day
    ]);
    // Every 30 minutes: 02:00 and 02:30 CEST fire, their repeats in CET do not, then 03:00 CET.
    expect(series('cron(0/30 * * * ? *)', '2026-10-24T23:45:00.000Z', 4, 'Europe/Berlin')).toEqual([
      '2026-10-25T00:00:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T02:00:00.000Z', '2026-10-25T02:30:00.000Z',
    ]);
    // Asked from inside the repeated hour (02:10 CET), the next wall time not yet fired is 03:00 CET.
    expect(next('cron(0/30 * * * ? *)', '2026-10-25T01:10:00.000Z', 'Europe/Berlin')).toBe('2026-10-25T02:00:00.000Z');
    // New York 2026-11-01: 02:00 EDT falls back to 01:00 EST at 06:00Z; 01:30 fires at 05:30Z only.
    expect(series('cron(30 1 * * ? *)', '2026-11-01T00:00:00.000Z', 2, 'America/New_York')).toEqual([
      '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('rejects an unknown time zone', () => {
    expect(() => parseScheduleExpression('cron(0 9 * * ? *)', 'Mars/Olympus_Mons')).toThrow(
      'timezone "Mars/Olympus_Mons": not an IANA time zone name',
    );
  });
});

describe('cron() errors', () => {
  it.each([
    ['cron(0 12 * * * *)', 'day-of-month and day-of-week cannot both be specified; use ? in one of them'],
    ['cron(0 12 1 * MON *)', 'day-of-month and day-of-week cannot both be specified; use ? in one of them'],
    ['cron(0 12 ? * ? *)', 'day-of-month and day-of-week cannot both be ?'],
    ['cron(? 12 * * ? *)', 'minutes: ? is only allowed in day-of-month or day-of-week'],
    ['cron(0 12 * ? ? *)', 'month: ? is only allowed in day-of-month or day-of-week'],
    ['cron(0 12 * * ?)', 'expected 6 fields'],
    ['cron(0 0 12 * * ? *)', 'expected 6 fields'],
    ['cron(60 12 * * ? *)', 'minutes: "60" is not valid; expected 0-59'],
    ['cron(0 24 * * ? *)', 'hours: "24" is not valid; expected 0-23'],
    ['cron(0 0 32 * ? *)', 'day-of-month: "32" is not valid; expected 1-31'],
    ['cron(0 0 0 * ? *)', 'day-of-month: "0" is not valid; expected 1-31'],
    ['cron(0 0 1 13 ? *)', 'month: "13" is not valid; expected 1-12 or JAN-DEC'],
    ['cron(0 0 1 JANUARY ? *)', 'month: "JANUARY" is not valid'],
    ['cron(0 0 ? * 8 *)', 'day-of-week: "8" is not valid; expected 1-7 or SUN-SAT'],
    ['cron(0 0 ? * 0 *)', 'day-of-week: "0" is not valid'],
    ['cron(0 0 1 1 ? 1969)', 'year: "1969" is not valid; expected 1970-2199'],
    ['cron(0 0 1 1 ? 2200)', 'year: "2200" is not valid'],
    ['cron(0 0 1 1 ? 2030-2020)', 'year "2030-2020": the range must go from low to high'],
    ['cron(0/0 * * * ? *)', 'minutes "0/0": the step must be a whole number from 1 to 59'],
    ['cron(0/60 * * * ? *)', 'minutes "0/60": the step must be a whole number from 1 to 59'],
    ['cron(0/5/5 * * * ? *)', 'minutes "0/5/5": more than one /'],
    ['cron(1-2-3 * * * ? *)', 'minutes "1-2-3": a range has one -'],
    ['cron(0 0 ? * 2#6 *)', 'day-of-week "2#6": the number after # must be 1 to 5'],
    ['cron(0 0 ? * 9#1 *)', 'day-of-week: "9" is not valid'],
    ['cron(0 0 ? * 8L *)', 'day-of-week: "8" is not valid'],
    ['cron(0 0 32W * ? *)', 'day-of-month "32W": W needs a day from 1 to 31'],
    ['cron(0 0 1,L * ? *)', 'day-of-month: "L" is not valid'],
    ['cron(0 0 L-2 * ? *)', 'day-of-month: "L" is not valid'],
  ])('rejects %s', (expr, message) => {
    expect(() => parseScheduleExpression(expr)).toThrow(`${expr}: ${message}`);
  });

  it.each(['rate', 'cron', 'every(5 minutes)', 'cron 0 12 * * ? *', ''])('rejects the unknown expression "%s"', (expr) => {
    expect(() => parseScheduleExpression(expr)).toThrow('expected rate(...), cron(...) or at(...)');
  });

  it('rejects an invalid `from`', () => {
    expect(() => parseScheduleExpression('cron(0 12 * * ? *)').nextAfter(new Date('nonsense'))).toThrow('from is not a valid date');
  });
});
