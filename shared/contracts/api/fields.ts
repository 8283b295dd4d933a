/** Field rules that several routes share. */
import { z } from 'zod';

/** Whether `name` is an IANA time zone this runtime knows, e.g. Europe/Warsaw. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    // Intl throws a RangeError for an unknown zone: that is the answer, not a failure.
    return false;
  }
}

export const httpUrl = (what: string) => z.url({ protocol: /^https?$/, error: `must be an absolute http(s) URL${what}` });

/** A campaign or content pillar name. */
export const label = z.string().trim().min(1).max(64).regex(/^[\p{L}\p{N} _.-]+$/u, 'use letters, digits, spaces, _ . - (at most 64)');

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isDay(value: string): boolean {
  if (!DAY_PATTERN.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March and refuses month 13; both are not days.
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** The UTC day before `now`: the last complete day a daily import can ask for. */

/** Clients may send this header so a retried request never creates a second post. */
export const idempotencyKeyHeader = z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, 'use 1-255 visible ASCII characters, e.g. a UUID').optional();
