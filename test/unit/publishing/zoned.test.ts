import { describe, expect, it } from 'vitest';
import { localToInstant } from '../../../shared/platform/time/zoned.js';

describe('localToInstant', () => {
  it('converts a wall time with the zone offset in force that day', () => {
    // Berlin is UTC+1 in January (CET) and UTC+2 in July (CEST).
    expect(localToInstant('2026-01-15T09:30', 'Europe/Berlin').toISOString()).toBe('2026-01-15T08:30:00.000Z');
    expect(localToInstant('2026-07-15T09:30:00', 'Europe/Berlin').toISOString()).toBe('2026-07-15T07:30:00.000Z');
    expect(localToInstant('2026-07-15 09:30', 'America/New_York').toISOString()).toBe('2026-07-15T13:30:00.000Z');
  });

  it('moves a time skipped by spring-forward to the end of the gap', () => {
    // Berlin 2026-03-29: 02:00 CET jumps to 03:00 CEST at 01:00Z.
    expect(localToInstant('2026-03-29T02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('takes the first occurrence of a time repeated by fall-back', () => {
    // Berlin 2026-10-25: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(localToInstant('2026-10-25T02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('rejects impossible dates, bad formats and unknown zones with the reason', () => {
    expect(() => localToInstant('2026-02-30T09:00', 'Europe/Berlin')).toThrow('not a real date-time');
    expect(() => localToInstant('tomorrow 9am', 'Europe/Berlin')).toThrow('not a local date-time');
    expect(() => localToInstant('2026-02-10T09:00', 'Mars/Olympus')).toThrow('not an IANA time zone');
  });
});
