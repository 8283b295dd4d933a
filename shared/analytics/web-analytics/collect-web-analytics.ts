/**
 * Imports one day of a brand's GA4 traffic: one row per (day, utm source, utm campaign) with its
 * medium, sessions, key events (stored as conversions) and revenue in the property's currency.
 * Re-running a day replaces that day's rows, so GA4's late refinements of recent days are picked up
 * without duplicates. GA4 can report one source and campaign under two mediums (e.g. google organic
 * and cpc under "(not set)"); those share a stored key, so they are merged: metrics summed, mediums listed.
 */
import { ValidationError } from '../../platform/errors.js';
import type { WebAnalyticsRepository, WebAnalyticsRow } from '../store/web-analytics-repository.js';
import { isDay } from '../../platform/time/days.js';
import { Ga4Error } from './ga4-errors.js';
import type { Ga4Client } from './ga4.js';
import type { Ga4Row } from './ga4-report.js';

export interface CollectWebAnalyticsDeps {
  readonly ga4: Ga4Client;
  readonly repo: WebAnalyticsRepository;
}

export async function collectWebAnalytics(deps: CollectWebAnalyticsDeps, brandId: string, day: string): Promise<{ day: string; rows: number; removed: number }> {
  if (!isDay(day)) throw new ValidationError([{ field: 'day', message: `must be a date written YYYY-MM-DD, not "${day}"` }]);
  const report = await deps.ga4.runReport(day);
  const foreign = report.rows.find((row) => row.day !== day);
  if (foreign) throw new Ga4Error('bad_response', `GA4 answered a report for ${day} with a row for ${foreign.day}`);
  if (report.rows.length > 0 && !report.currency) throw new Ga4Error('bad_response', 'GA4 answered without metadata.currencyCode, so revenue has no currency');
  const rows = merge(report.rows).map((row): WebAnalyticsRow => ({
    brandId, day, source: row.source, medium: row.medium, campaign: row.campaign,
    sessions: row.sessions, conversions: row.keyEvents, revenue: row.revenue, currency: report.currency ?? '',
  }));
  const { written, removed } = await deps.repo.replaceDay(brandId, day, rows);
  return { day, rows: written, removed };
}

function merge(rows: readonly Ga4Row[]): Ga4Row[] {
  const byKey = new Map<string, Ga4Row>();
  for (const row of rows) {
    const key = `${row.source}\u0000${row.campaign}`;
    const seen = byKey.get(key);
    byKey.set(key, seen ? {
      ...seen,
      medium: `${seen.medium}, ${row.medium}`,
      sessions: add(seen.sessions, row.sessions),
      keyEvents: add(seen.keyEvents, row.keyEvents),
      revenue: add(seen.revenue, row.revenue),
    } : row);
  }
  return [...byKey.values()];
}

/** Missing stays missing only when both are; a reported value is never lost to a missing one. */
const add = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));
