/**
 * Turns what a person types for "when" into an instant. Forms without a zone are local time,
 * because that is what the person at the keyboard means; the API only ever sees UTC instants.
 *
 *   2026-12-01T09:30:00+01:00, 2026-12-01T08:30Z   ISO 8601 with a zone
 *   2026-12-01T09:30, 2026-12-01 09:30              ISO 8601 without a zone: local time
 *   in 10m, in 2h, in 1h30m, in 90 minutes, in 2d  from now
 *   today 18:00, tomorrow 09:00, tomorrow 9:00      local wall-clock time
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const RELATIVE = /^in\s+((?:\d+\s*[a-z]+\s*)+)$/i;
const RELATIVE_PART = /(\d+)\s*([a-z]+)/gi;
const DAY_AND_TIME = /^(today|tomorrow)\s+(\d{1,2}):(\d{2})$/i;

const MINUTE = 60_000;
const UNITS: Readonly<Record<string, number>> = {
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: MINUTE, min: MINUTE, mins: MINUTE, minute: MINUTE, minutes: MINUTE,
  h: 60 * MINUTE, hr: 60 * MINUTE, hrs: 60 * MINUTE, hour: 60 * MINUTE, hours: 60 * MINUTE,
  d: 1440 * MINUTE, day: 1440 * MINUTE, days: 1440 * MINUTE,
};

export const WHEN_EXAMPLES = '2026-12-01T09:30:00+01:00, 2026-12-01 09:30 (local), "in 10m", "in 2h", "tomorrow 09:00"';

/** The instant meant by `input`, or undefined when it is not one of the forms above or not a real date. */
export function parseWhen(input: string, now: Date): Date | undefined {
  const text = input.trim();
  return parseIso(text) ?? parseRelative(text, now) ?? parseDayAndTime(text, now);
}

function parseIso(text: string): Date | undefined {
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '0', zone] = match;
  const parts = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s) };
  if (!isRealDateTime(parts)) return undefined;
  const ms = Math.floor(Number(`0.${fraction}`) * 1000);
  if (zone === undefined) return new Date(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, ms);
  const offset = zoneMinutes(zone);
  if (offset === undefined) return undefined;
  return new Date(Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, ms) - offset * MINUTE);
}

function parseRelative(text: string, now: Date): Date | undefined {
  const match = RELATIVE.exec(text);
  if (!match?.[1]) return undefined;
  let total = 0;
  for (const [, amount, unit] of match[1].matchAll(RELATIVE_PART)) {
    const size = UNITS[(unit ?? '').toLowerCase()];
    if (size === undefined) return undefined;
    total += Number(amount) * size;
  }
  return new Date(now.getTime() + total);
}

function parseDayAndTime(text: string, now: Date): Date | undefined {
  const match = DAY_AND_TIME.exec(text);
  if (!match) return undefined;
  const [, day, h, mi] = match;
  const hour = Number(h);
  const minute = Number(mi);
  if (hour > 23 || minute > 59) return undefined;
  const offsetDays = day?.toLowerCase() === 'tomorrow' ? 1 : 0;
  // The local-time constructor keeps the wall-clock time across a DST change, unlike adding 24h.
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() + offsetDays, hour, minute);
}

function isRealDateTime(p: { year: number; month: number; day: number; hour: number; minute: number; second: number }): boolean {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.hour > 23 || p.minute > 59 || p.second > 59) return false;
  const daysInMonth = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
  return p.day <= daysInMonth;
}

function zoneMinutes(zone: string): number | undefined {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  if (hours > 23 || minutes > 59) return undefined;
  return sign * (hours * 60 + minutes);
}
