import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/platform/errors.js';
import { resolvePeriod, type CreateReportInput } from '../../../shared/analytics/reports/report-request.js';
import { failure } from '../../helpers/failure.js';
import { createReportInput } from '../../../shared/contracts/api/analytics.js';

const BERLIN = 'Europe/Berlin';

/** The period and the previous one as ISO strings, for readable expectations. */
function resolve(input: CreateReportInput, timezone: string, now: string) {
  const { period, previous } = resolvePeriod(input, timezone, new Date(now));
  expect(period.timezone).toBe(timezone);
  return { period: [period.from.toISOString(), period.to.toISOString()], previous: [previous.from.toISOString(), previous.to.toISOString()] };
}

function rejection(input: CreateReportInput, timezone = BERLIN, now = '2026-11-26T12:00:00Z'): Promise<ValidationError> {
  return failure(() => resolvePeriod(input, timezone, new Date(now)), ValidationError);
}

describe('resolvePeriod without a period', () => {
  it('covers the last 7 full local days before today, compared with the 7 before them', () => {
    // Thursday 26 November in Berlin (UTC+1): Thursday 19 00:00 to Thursday 26 00:00 local.
    expect(resolve(undefined, BERLIN, '2026-11-26T12:00:00Z')).toEqual({
      period: ['2026-11-18T23:00:00.000Z', '2026-11-25T23:00:00.000Z'],
      previous: ['2026-11-11T23:00:00.000Z', '2026-11-18T23:00:00.000Z'],
    });
  });

  it('takes "today" from the brand\'s clock, not UTC\'s', () => {
    // 00:30 on the 26th in Berlin is still the 25th in UTC; in New York it is still the evening of the 25th.
    expect(resolve(undefined, BERLIN, '2026-11-25T23:30:00Z').period).toEqual(['2026-11-18T23:00:00.000Z', '2026-11-25T23:00:00.000Z']);
    expect(resolve(undefined, 'America/New_York', '2026-11-25T23:30:00Z').period).toEqual(['2026-11-18T05:00:00.000Z', '2026-11-25T05:00:00.000Z']);
  });

  it('keeps whole local days across a daylight-saving switch, so that week is an hour short', () => {
    // Wednesday 1 April: 25 March 00:00 CET to 1 April 00:00 CEST (clocks went forward on 29 March).
    const { period, previous } = resolve(undefined, BERLIN, '2026-04-01T10:00:00Z');
    expect(period).toEqual(['2026-03-24T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
    expect(previous).toEqual(['2026-03-17T23:00:00.000Z', '2026-03-24T23:00:00.000Z']);
  });
});

describe('resolvePeriod with dates', () => {
  it('reads dates as whole local days with `to` inclusive', () => {
    // New York is UTC−5 in November: Monday 16 00:00 to Monday 23 00:00 local.
    expect(resolve({ from: '2026-11-16', to: '2026-11-22' }, 'America/New_York', '2026-11-26T12:00:00Z')).toEqual({
      period: ['2026-11-16T05:00:00.000Z', '2026-11-23T05:00:00.000Z'],
      previous: ['2026-11-09T05:00:00.000Z', '2026-11-16T05:00:00.000Z'],
    });
  });

  it('makes one date on both ends a single day', () => {
    expect(resolve({ from: '2026-10-25', to: '2026-10-25' }, BERLIN, '2026-11-26T12:00:00Z').period)
      // The autumn switch: 25 October has 25 hours in Berlin.
      .toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
  });

  it('with only `to`, covers the 7 days ending on it', () => {
    expect(resolve({ to: '2026-10-01' }, BERLIN, '2026-11-26T12:00:00Z').period).toEqual(['2026-09-24T22:00:00.000Z', '2026-10-01T22:00:00.000Z']);
  });

  it('with only `from`, runs to the start of today', () => {
    expect(resolve({ from: '2026-11-01' }, BERLIN, '2026-11-26T12:00:00Z').period).toEqual(['2026-10-31T23:00:00.000Z', '2026-11-25T23:00:00.000Z']);
  });
});

describe('resolvePeriod with instants', () => {
  it('takes instants as given, whatever their offset', () => {
    expect(resolve({ from: '2026-11-16T10:00:00+02:00', to: '2026-11-17T10:30:00Z' }, BERLIN, '2026-11-26T12:00:00Z')).toEqual({
      period: ['2026-11-16T08:00:00.000Z', '2026-11-17T10:30:00.000Z'],
      previous: ['2026-11-15T05:30:00.000Z', '2026-11-16T08:00:00.000Z'],
    });
  });

  it('with only a `to` instant, covers the 7 × 24 hours before it', () => {
    expect(resolve({ to: '2026-11-20T12:00:00Z' }, BERLIN, '2026-11-26T12:00:00Z').period).toEqual(['2026-11-13T12:00:00.000Z', '2026-11-20T12:00:00.000Z']);
  });
});

describe('resolvePeriod refuses', () => {
  it('a `from` at or after `to`, naming from', async () => {
    expect((await rejection({ from: '2026-11-22', to: '2026-11-16' })).issues).toEqual([{ field: 'from', message: expect.stringMatching(/^must be before to/) }]);
    expect((await rejection({ from: '2026-11-16T10:00:00Z', to: '2026-11-16T10:00:00Z' })).issues.map((i) => i.field)).toEqual(['from']);
    // Only `from`, in the future: the default end (the start of today) comes first.
    expect((await rejection({ from: '2026-12-01' })).message).toBe('from: must be before to (2026-11-25T23:00:00.000Z, the end of the period)');
  });

  it('more than 400 days, naming from and saying how to fix it', async () => {
    // 1 Jan 2025 to 4 Feb 2026 inclusive is 365 + 35 = 400 days; one day more is too many.
    expect(resolve({ from: '2025-01-01', to: '2026-02-04' }, 'UTC', '2026-11-26T12:00:00Z').period).toEqual(['2025-01-01T00:00:00.000Z', '2026-02-05T00:00:00.000Z']);
    expect((await rejection({ from: '2025-01-01', to: '2026-02-05' }, 'UTC')).issues)
      .toEqual([{ field: 'from', message: 'the period may span at most 400 days; split it into several reports' }]);
  });

  it('a date that does not exist, naming the field, in the request schema and in resolvePeriod alike', async () => {
    const parsed = createReportInput.safeParse({ from: '2026-02-30', to: '2026-03-05' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['from', 'must be a date such as 2026-11-16 (a whole day in the brand time zone) or an ISO 8601 instant such as 2026-11-16T00:00:00Z'],
    ]);
    expect((await rejection({ to: '2026-02-30' })).issues).toEqual([{ field: 'to', message: expect.stringContaining('got "2026-02-30"') }]);
    expect(createReportInput.safeParse({ from: '2026-02-28', to: '2026-03-01T00:00:00Z' }).success).toBe(true);
  });
});
