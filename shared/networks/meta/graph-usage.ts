/**
 * Meta's usage headers (`X-App-Usage`, `X-Page-Usage`, `X-Business-Use-Case-Usage`, see
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting) read into a rate-limit state and a
 * wait. They are percentages of a budget, not counts: `RateLimitState.remaining` is therefore the percentage
 * left (0–100). Kept apart from the client because error classification reads them too.
 */
import type { RateLimitState } from '../contract.js';
import { parseRetryAfter } from '../transport-errors.js';

/** Platform rate limits are computed over a rolling hour; used as `resetAt` when Meta gives no regain time. */
const USAGE_WINDOW_MS = 60 * 60 * 1000;

/** Lenient JSON: undefined for empty or malformed text (answer bodies and usage headers alike). */
export function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export interface GraphUsage {
  /** Highest of call_count, total_cputime and total_time across the usage headers, in percent. */
  readonly percentUsed: number;
  /** `estimated_time_to_regain_access`, minutes; 0 when not throttled. */
  readonly regainAccessMinutes: number;
}

/** Reads `X-App-Usage`, `X-Page-Usage` and `X-Business-Use-Case-Usage`; undefined when none is present or readable. */
export function parseGraphUsage(headers: Headers | undefined): GraphUsage | undefined {
  if (!headers) return undefined;
  const entries: Record<string, unknown>[] = [];
  for (const name of ['x-app-usage', 'x-page-usage']) {
    const value = parseJson(headers.get(name) ?? '');
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) entries.push(value as Record<string, unknown>);
  }
  const buc = parseJson(headers.get('x-business-use-case-usage') ?? '');
  if (typeof buc === 'object' && buc !== null) {
    for (const list of Object.values(buc as Record<string, unknown>)) {
      if (Array.isArray(list)) entries.push(...list.filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null));
    }
  }
  if (entries.length === 0) return undefined;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  let percentUsed = 0;
  let regainAccessMinutes = 0;
  for (const entry of entries) {
    percentUsed = Math.max(percentUsed, num(entry.call_count), num(entry.total_cputime), num(entry.total_time));
    regainAccessMinutes = Math.max(regainAccessMinutes, num(entry.estimated_time_to_regain_access));
  }
  return { percentUsed: Math.min(100, percentUsed), regainAccessMinutes };
}

/** `remaining` is the percentage of the call budget left; `resetAt` when access returns, else the end of the rolling hour. */
export function usageToRateLimit(usage: GraphUsage, now: () => number = Date.now): RateLimitState {
  const wait = usage.regainAccessMinutes > 0 ? usage.regainAccessMinutes * 60_000 : USAGE_WINDOW_MS;
  return { remaining: Math.max(0, Math.round(100 - usage.percentUsed)), resetAt: new Date(now() + wait).toISOString() };
}

/** Milliseconds to wait: `estimated_time_to_regain_access` (minutes) from the usage headers, else `Retry-After`. */
export function retryAfterFromHeaders(headers: Headers | undefined, now: () => number = Date.now): number | undefined {
  const usage = parseGraphUsage(headers);
  if (usage && usage.regainAccessMinutes > 0) return usage.regainAccessMinutes * 60_000;
  return parseRetryAfter(headers?.get('retry-after'), now);
}
