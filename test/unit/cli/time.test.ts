import { describe, expect, it } from 'vitest';
import { parseWhen } from '../../../cli/time.js';
import { localTime, relative } from '../../../cli/format.js';

// Local forms depend on the zone; Berlin switches to summer time on 2026-03-29 at 02:00.
process.env.TZ = 'Europe/Berlin';

/** Saturday 2026-03-28, 11:00 in Berlin (+01:00). */
const now = new Date('2026-03-28T10:00:00Z');
const at = (input: string) => parseWhen(input, now)?.toISOString();

describe('parseWhen', () => {
  it.each([
    ['in 10m', '2026-03-28T10:10:00.000Z'],
    ['in 2h', '2026-03-28T12:00:00.000Z'],
    ['in 1h30m', '2026-03-28T11:30:00.000Z'],
    ['in 90 minutes', '2026-03-28T11:30:00.000Z'],
    ['IN 45 Sec', '2026-03-28T10:00:45.000Z'],
    ['in 2d', '2026-03-30T10:00:00.000Z'],
  ])('reads the relative time %j', (input, expected) => {
    expect(at(input)).toBe(expected);
  });

  it.each([
    ['tomorrow 09:00', '2026-03-29T07:00:00.000Z'], // summer time already: +02:00
    ['tomorrow 9:05', '2026-03-29T07:05:00.000Z'],
    ['today 18:00', '2026-03-28T17:00:00.000Z'],
    ['Today 09:00', '2026-03-28T08:00:00.000Z'], // in the past; the API decides what to do with that
  ])('reads %j as local wall-clock time', (input, expected) => {
    expect(at(input)).toBe(expected);
  });

  it.each([
    ['2026-12-01T09:30:00+01:00', '2026-12-01T08:30:00.000Z'],
    ['2026-12-01T09:30:00.250-05:30', '2026-12-01T15:00:00.250Z'],
    ['2026-12-01T08:30Z', '2026-12-01T08:30:00.000Z'],
    ['2026-12-01T09:30+0100', '2026-12-01T08:30:00.000Z'],
    ['2026-12-01T09:30', '2026-12-01T08:30:00.000Z'], // no zone: local (+01:00 in December)
    ['2026-07-01 09:30', '2026-07-01T07:30:00.000Z'], // no zone: local (+02:00 in July)
    ['2028-02-29T12:00Z', '2028-02-29T12:00:00.000Z'],
  ])('reads the ISO 8601 time %j', (input, expected) => {
    expect(at(input)).toBe(expected);
  });

  it.each([
    'next week', 'in 10', 'in 10 fortnights', 'in m', 'tomorrow', 'tomorrow 24:00', 'today 9:60', '2026-12-01',
    '2026-02-29T12:00Z', '2026-13-01T00:00Z', '2026-12-01T25:00Z', '2026-12-01T09:30+25:00', '1764577800', '',
  ])('rejects %j', (input) => {
    expect(parseWhen(input, now)).toBeUndefined();
  });
});

describe('time display', () => {
  it('shows local time with its offset and how far away it is', () => {
    expect(localTime('2026-03-29T07:00:00.000Z', now)).toBe('2026-03-29 09:00:00 +02:00 (in 21h)');
    expect(localTime('2026-03-25T08:30:00.000Z', now)).toBe('2026-03-25 09:30:00 +01:00 (3d 1h ago)');
  });

  it('keeps an unparseable value as it came', () => {
    expect(localTime('soon', now)).toBe('soon');
  });

  it('rounds to whole minutes', () => {
    expect(relative(new Date(now.getTime() + 20_000), now)).toBe('now');
    expect(relative(new Date(now.getTime() + 9 * 60_000 + 50_000), now)).toBe('in 10m');
    expect(relative(new Date(now.getTime() - 125 * 60_000), now)).toBe('2h 5m ago');
  });
});
