import { describe, expect, it } from 'vitest';
import { localTime, periodOf, previousPeriod } from '../../../shared/analytics/periods.js';

const berlin = (iso: string) => localTime(Date.parse(iso), 'Europe/Berlin');

describe('localTime', () => {
  it('takes the day and hour from the zone\'s clock on both sides of spring-forward', () => {
    // Berlin 2026-03-29: clocks jump from 02:00 CET to 03:00 CEST at 01:00Z.
    expect(berlin('2026-03-28T23:30:00Z')).toEqual({ date: '2026-03-29', weekday: 'sun', hour: 0 }); // 00:30 CET
    expect(berlin('2026-03-29T01:30:00Z')).toEqual({ date: '2026-03-29', weekday: 'sun', hour: 3 }); // 03:30 CEST
    expect(berlin('2026-03-29T22:30:00Z')).toEqual({ date: '2026-03-30', weekday: 'mon', hour: 0 }); // 00:30 CEST
  });

  it('rejects a zone that is not IANA, naming the field', () => {
    expect(() => localTime(0, 'Mars/Olympus')).toThrow('timeZone "Mars/Olympus" is not an IANA time zone');
  });
});

describe('periodOf', () => {
  it('gives the day, the ISO week and the month of a local date', () => {
    // 2026-03-29 is a Sunday, the last day of ISO week 13 (Mon 23 – Sun 29 March).
    expect(periodOf('2026-03-29', 'day')).toBe('2026-03-29');
    expect(periodOf('2026-03-29', 'week')).toBe('2026-W13');
    expect(periodOf('2026-03-30', 'week')).toBe('2026-W14');
    expect(periodOf('2026-03-29', 'month')).toBe('2026-03');
  });

  it('rejects a day that is not YYYY-MM-DD, whatever the granularity', () => {
    expect(() => periodOf('29/03/2026', 'month')).toThrow('day "29/03/2026" is not a date such as 2026-03-29');
  });

  it('puts days around New Year in the ISO week of their Thursday', () => {
    // 2026 starts on a Thursday, so it has 53 weeks; Fri 1 Jan 2027 still belongs to 2026-W53.
    expect(periodOf('2026-12-31', 'week')).toBe('2026-W53');
    expect(periodOf('2027-01-03', 'week')).toBe('2026-W53');
    expect(periodOf('2027-01-04', 'week')).toBe('2027-W01');
    // Mon 30 Dec 2024 starts 2025-W01, whose Thursday is 2 Jan 2025.
    expect(periodOf('2024-12-30', 'week')).toBe('2025-W01');
    expect(periodOf('2026-01-01', 'week')).toBe('2026-W01');
  });
});

describe('previousPeriod', () => {
  it('steps back one day, ISO week or month across year and month ends', () => {
    expect(previousPeriod('2026-03-01', 'day')).toBe('2026-02-28');
    expect(previousPeriod('2026-W14', 'week')).toBe('2026-W13');
    expect(previousPeriod('2027-W01', 'week')).toBe('2026-W53');
    expect(previousPeriod('2025-W01', 'week')).toBe('2024-W52');
    expect(previousPeriod('2026-01', 'month')).toBe('2025-12');
  });

  it('names the expected shape when the period is malformed', () => {
    expect(() => previousPeriod('2026-13', 'week')).toThrow('is not an ISO week such as 2026-W13');
    expect(() => previousPeriod('March', 'month')).toThrow('is not a month such as 2026-03');
    expect(() => previousPeriod('29.03.2026', 'day')).toThrow('is not a date such as 2026-03-29');
  });
});
