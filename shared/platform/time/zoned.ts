/**
 * Wall-clock times in a brand's time zone, turned into instants without a date library.
 * DST: a time that spring-forward skips moves to the end of the gap (the post still goes out);
 * a time that fall-back repeats means its first occurrence.
 */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const HOUR = 3_600_000;

import { isTimeZone } from '../../contracts/api/fields.js';

export { isTimeZone };

/** `2026-03-29T02:30` in `Europe/Berlin` → the instant; throws RangeError naming what is wrong. */
export function localToInstant(local: string, timeZone: string): Date {
  const m = LOCAL.exec(local);
  if (!m) throw new RangeError(`"${local}" is not a local date-time like 2026-12-01T09:30`);
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    throw new RangeError(`"${local}" is not a real date-time`);
  }
  if (!isTimeZone(timeZone)) throw new RangeError(`"${timeZone}" is not an IANA time zone such as Europe/Berlin`);
  const offsetAt = offsets(timeZone);
  // Offsets a day either side bracket every candidate instant for this wall time.
  const candidates = [wall - offsetAt(wall - 24 * HOUR), wall - offsetAt(wall + 24 * HOUR)]
    .filter((instant) => instant + offsetAt(instant) === wall)
    .sort((a, b) => a - b);
  if (candidates.length) return new Date(candidates[0]!);
  // In a gap: the instant the clocks jumped is the first valid one after the wall time.
  let low = wall - offsetAt(wall - 24 * HOUR);
  let high = wall - offsetAt(wall + 24 * HOUR);
  if (low > high) [low, high] = [high, low];
  const after = offsetAt(wall + 24 * HOUR);
  while (high - low > 1000) {
    const mid = Math.floor((low + high) / 2000) * 1000;
    if (offsetAt(mid) === after) high = mid;
    else low = mid;
  }
  return new Date(high);
}

/** The zone's UTC offset in milliseconds at an instant. */
function offsets(timeZone: string): (instant: number) => number {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  return (instant) => {
    const whole = Math.floor(instant / 1000) * 1000;
    const p: Record<string, number> = {};
    for (const { type, value } of format.formatToParts(whole)) p[type] = Number(value);
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - whole;
  };
}
