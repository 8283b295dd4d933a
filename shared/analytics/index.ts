/** The analytics pillar's public face: what its handlers call. */
export { type Campaign } from './campaigns/campaign.js';
export { collectAccountMetrics } from './collect-account-metrics.js';
export { collectDuePostMetrics } from './collect-post-metrics.js';
export { analyticsTableDeps, collectorDeps } from './dependencies.js';
export { planSnapshots } from './plan-snapshots.js';
export { reportDeps, reportReadDeps } from './reports/dependencies.js';
export { getReport } from './reports/report-store.js';
export { queryRollups } from './rollups-query.js';
export { type CampaignsRepository } from './store/campaigns-repository.js';
export { suggestQueueSlots } from './suggest-queue-slots.js';
export { collectWebAnalytics } from './web-analytics/collect-web-analytics.js';
export { receiveConversion, type ConversionWebhookDeps } from './web-analytics/conversion-webhook.js';
export { campaignDeps, webAnalyticsDeps } from './web-analytics/dependencies.js';
export { createGa4ClientsForBrands } from './web-analytics/ga4-for-brand.js';

type GenerateReport = typeof import('./reports/generate-report.js').generateReport;
type GenerateWeeklyReports = typeof import('./reports/weekly-reports.js').generateWeeklyReports;

/*
 * Building a report loads ECharts and the mail composer, seconds of a cold start. Every analytics
 * handler imports this file, so the two report builders are loaded when called, not when imported.
 */
export async function generateReport(...args: Parameters<GenerateReport>): ReturnType<GenerateReport> {
  return (await import('./reports/generate-report.js')).generateReport(...args);
}

export async function generateWeeklyReports(...args: Parameters<GenerateWeeklyReports>): ReturnType<GenerateWeeklyReports> {
  return (await import('./reports/weekly-reports.js')).generateWeeklyReports(...args);
}
