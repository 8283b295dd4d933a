/**
 * `GET /analytics/rollups`: the brand's posts of a period summed by local day, ISO week or month
 * per channel, campaign or content pillar, with each bucket's KPIs and how many posts lacked
 * each metric; and its accounts' audience by the same periods. The period reads like a report's.
 */
import type { z } from 'zod';
import type { rollupsQuery } from '../contracts/api/analytics.js';
import { rollUpAccountDays, rollUpPosts } from './rollups.js';
import { localTime } from './periods.js';
import { loadPerformances, type PerformanceDeps } from './performances.js';
import { resolvePeriod } from './reports/report-request.js';

export type RollupsQuery = z.infer<typeof rollupsQuery>;

export interface RollupsDeps extends PerformanceDeps {
  readonly settings: { get(brandId: string): Promise<{ timezone?: string }> };
  readonly now: () => Date;
}

export async function queryRollups(deps: RollupsDeps, brandId: string, query: RollupsQuery) {
  const timezone = (await deps.settings.get(brandId)).timezone ?? 'UTC';
  const now = deps.now();
  const { period } = resolvePeriod({ from: query.from, to: query.to }, timezone, now);
  const { performances, days } = await loadPerformances(deps, brandId, period, now);
  // Account days are loaded a day either side (for growth in reports); a rollup keeps the period's own.
  const first = localTime(period.from.getTime(), timezone).date;
  const last = localTime(period.to.getTime() - 1, timezone).date;
  return {
    from: period.from.toISOString(), to: period.to.toISOString(), timezone, granularity: query.granularity, by: query.by,
    posts: rollUpPosts(performances, { timeZone: timezone, granularity: query.granularity, by: query.by }),
    audience: rollUpAccountDays(days.filter((d) => d.day >= first && d.day <= last), query.granularity),
  };
}
