/**
 * Everything a brand report reads from the store, as the plain records the KPI and rollup
 * functions take (see analytics/performances.ts for how a post's metrics are chosen): the period,
 * the one before it, and the history best times need.
 */
import type { NetworkAccount } from '../../networks/contract.js';
import type { PostPerformance } from '../post-kpis.js';
import type { AccountDay } from '../rollups.js';
import { localTime } from '../periods.js';
import { HISTORY_WEEKS, loadPerformances, type PerformanceDeps } from '../performances.js';
import type { ReportPeriod } from './report-request.js';

export interface ReportDataDeps extends PerformanceDeps {
  readonly accounts: { list(brandId: string): Promise<NetworkAccount[]> };
}

export interface ReportData {
  readonly brandId: string;
  readonly period: ReportPeriod;
  readonly previous: ReportPeriod;
  readonly generatedAt: Date;
  readonly accounts: readonly NetworkAccount[];
  readonly posts: readonly PostPerformance[];
  readonly previousPosts: readonly PostPerformance[];
  /** The last 16 weeks (or the whole period, if longer), for best times. */
  readonly history: readonly PostPerformance[];
  /** Account days in the period, plus the day before it, so growth has a starting count. */
  readonly accountDays: readonly AccountDay[];
  readonly previousAccountDays: readonly AccountDay[];
}

const DAY_MS = 86_400_000;

export async function loadReportData(deps: ReportDataDeps, brandId: string, period: ReportPeriod, previous: ReportPeriod, generatedAt: Date): Promise<ReportData> {
  const tz = period.timezone;
  const historyMs = Math.max(HISTORY_WEEKS * 7 * DAY_MS, period.to.getTime() - period.from.getTime());
  const start = new Date(Math.min(previous.from.getTime(), period.to.getTime() - historyMs));
  const [accounts, { performances, days }] = await Promise.all([
    deps.accounts.list(brandId),
    loadPerformances(deps, brandId, { from: new Date(start.getTime() - DAY_MS), to: period.to, timezone: tz }, generatedAt),
  ]);
  const within = (p: ReportPeriod) => (x: { publishedAt: string }) => {
    const at = Date.parse(x.publishedAt);
    return at >= p.from.getTime() && at < p.to.getTime();
  };
  /**
   * The period's days plus the one before, so growth has a starting count. The day before is a
   * calendar step, not 24 hours back: after a 23-hour spring-forward day that would land two days back.
   */
  const daysOf = (p: ReportPeriod) => {
    const first = previousDay(localTime(p.from.getTime(), tz).date);
    const last = localTime(p.to.getTime() - 1, tz).date;
    return days.filter((d) => d.day >= first && d.day <= last);
  };
  return {
    brandId, period, previous, generatedAt, accounts,
    posts: performances.filter(within(period)),
    previousPosts: performances.filter(within(previous)),
    history: performances.filter((p) => Date.parse(p.publishedAt) >= period.to.getTime() - historyMs),
    accountDays: daysOf(period),
    previousAccountDays: daysOf(previous),
  };
}

function previousDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}
