/** What the report benchmark runs: a whole report, and the reads it starts with (its load baseline). */
import { localTime } from '../shared/analytics/periods.js';
import { readCampaignReturns } from '../shared/analytics/campaigns/read-campaign-returns.js';
import { generateReport, type GenerateReportDeps } from '../shared/analytics/reports/generate-report.js';
import { loadReportData } from '../shared/analytics/reports/report-data.js';
import { resolvePeriod } from '../shared/analytics/reports/report-request.js';

export interface ReportRun {
  readonly brandId: string;
  /** First and last local day of the report (YYYY-MM-DD). */
  readonly from: string;
  readonly to: string;
}

export function runReport(deps: GenerateReportDeps, run: ReportRun) {
  return generateReport(deps, { brandId: run.brandId, input: { from: run.from, to: run.to }, trigger: 'on_demand' });
}

/** The store reads generateReport makes, as it makes them, and nothing after. */
export async function loadReportInputs(deps: GenerateReportDeps, run: ReportRun): Promise<number> {
  const now = deps.now();
  const timezone = (await deps.settings.get(run.brandId)).timezone ?? 'UTC';
  const { period, previous } = resolvePeriod({ from: run.from, to: run.to }, timezone, now);
  const localDay = (ms: number) => localTime(ms, timezone).date;
  const [data, returns] = await Promise.all([
    loadReportData(deps, run.brandId, period, previous, now),
    readCampaignReturns(deps, run.brandId, localDay(period.from.getTime()), localDay(period.to.getTime() - 1)),
  ]);
  return data.posts.length + returns.length;
}
