/**
 * The weekly run: one report per brand with connected accounts, for the last 7 full days in the
 * brand's time zone, on Monday morning there. The run comes every hour of a UTC Monday; a brand
 * is due once its own clock says Monday, 06:00 or later (every zone reaches that within a UTC
 * Monday), so each gets Monday-to-Sunday at the start of its own week. A brand whose report fails
 * does not stop the others; the run fails at the end (so Lambda retries it), and brands already
 * done are skipped on later runs and retries instead of being mailed twice.
 */
import { generateReport, type GenerateReportDeps } from './generate-report.js';
import { resolvePeriod } from './report-request.js';
import type { NetworkAccount } from '../../networks/contract.js';
import type { ReportsRepository } from '../store/reports-repository.js';
import { logger } from '../../platform/observability.js';
import { localTime } from '../periods.js';

/** The local hour from which a brand's Monday report is due. */
export const REPORT_HOUR = 6;

export interface WeeklyReportsDeps extends GenerateReportDeps {
  readonly accounts: GenerateReportDeps['accounts'] & { listAll(): Promise<NetworkAccount[]> };
  readonly reports: ReportsRepository;
}

export async function generateWeeklyReports(input: WeeklyReportsDeps) {
  // One instant for the whole run: the week a brand is marked done for is the week its report covers,
  // even when the run crosses that brand's midnight.
  const now = input.now();
  const deps = { ...input, now: () => now };
  const brands = [...new Set((await deps.accounts.listAll()).map((a) => a.brandId))].sort();
  const outcome = { brands: brands.length, generated: 0, skipped: 0, notYet: 0, failed: [] as string[] };
  for (const brandId of brands) {
    try {
      const timezone = (await deps.settings.get(brandId)).timezone ?? 'UTC';
      const local = localTime(now.getTime(), timezone);
      if (local.weekday !== 'mon' || local.hour < REPORT_HOUR) {
        outcome.notYet++;
        continue;
      }
      const from = resolvePeriod(undefined, timezone, now).period.from.toISOString();
      if (await deps.reports.scheduledFor(brandId, from)) {
        outcome.skipped++;
        continue;
      }
      const record = await generateReport(deps, { brandId, trigger: 'schedule' });
      await deps.reports.markScheduled(brandId, from, record.reportId);
      outcome.generated++;
    } catch (error) {
      logger.error('weekly report failed', { brandId, error: error as Error });
      outcome.failed.push(brandId);
    }
  }
  if (outcome.failed.length > 0) throw new Error(`weekly report failed for ${outcome.failed.length} brand(s): ${outcome.failed.join(', ')}`);
  return outcome;
}
