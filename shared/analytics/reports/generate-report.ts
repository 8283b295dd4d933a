/**
 * Builds one brand report end to end: reads the period from the store, writes the document as
 * HTML (charts as inline SVG) and CSVs, stores them, mails them to the brand's recipients, records
 * the report and announces it. The weekly schedule and `POST /reports` both come here.
 */
import type { OutgoingEvent } from '../../platform/events/publisher.js';
import { event } from '../../platform/events/publisher.js';
import { ReportGenerated } from '../../contracts/events/catalogue.js';
import type { AnalyticsSettingsRepository } from '../settings.js';
import { localTime } from '../periods.js';
import { readCampaignReturns, type ReadCampaignReturnsDeps } from '../campaigns/read-campaign-returns.js';
import type { ReportsRepository, ReportRecord } from '../store/reports-repository.js';
import { loadReportData, type ReportDataDeps } from './report-data.js';
import { resolvePeriod, type CreateReportInput } from './report-request.js';
import { buildReportDocument } from './build-report-document.js';
import { campaignsSection } from './sections/campaigns.js';
import { renderReportHtml } from './render-html.js';
import { renderReportCsvs } from './render-csv.js';
import { buildReportEmail } from './email.js';
import { storeReport, type ReportStoreDeps } from './report-store.js';
import { sendReport, type MailerDeps } from './mailer.js';

export interface GenerateReportDeps extends ReportDataDeps, ReadCampaignReturnsDeps {
  readonly settings: { get(brandId: string): Promise<{ timezone?: string }> };
  readonly analyticsSettings: AnalyticsSettingsRepository;
  readonly reports: ReportsRepository;
  readonly store: ReportStoreDeps;
  /** Absent where no sender identity is configured: reports are stored, not mailed. */
  readonly mail?: MailerDeps & { readonly from: string };
  readonly publish: (events: OutgoingEvent[]) => Promise<void>;
  readonly now: () => Date;
  readonly newId: () => string;
}

export interface ReportRequest {
  readonly brandId: string;
  readonly input?: CreateReportInput;
  readonly trigger: 'schedule' | 'on_demand';
  readonly requestedBy?: string;
}

export async function generateReport(deps: GenerateReportDeps, request: ReportRequest): Promise<ReportRecord> {
  const { brandId } = request;
  const now = deps.now();
  const [brandSettings, analyticsSettings] = await Promise.all([deps.settings.get(brandId), deps.analyticsSettings.get(brandId)]);
  const timezone = brandSettings.timezone ?? 'UTC';
  const { period, previous } = resolvePeriod(request.input, timezone, now);

  const localDay = (ms: number) => localTime(ms, timezone).date;
  const [data, returns] = await Promise.all([
    loadReportData(deps, brandId, period, previous, now),
    readCampaignReturns(deps, brandId, localDay(period.from.getTime()), localDay(period.to.getTime() - 1)),
  ]);
  const doc = buildReportDocument(data, brandId, [campaignsSection(data, returns)]);
  const reportId = deps.newId();
  const html = renderReportHtml(doc);
  const csvs = renderReportCsvs(doc);
  const stored = await storeReport(deps.store, { brandId, reportId, html, csvs });

  const recipients = analyticsSettings.reportRecipients ?? [];
  let mailedTo: string[] | undefined;
  if (deps.mail && recipients.length > 0) {
    const email = await buildReportEmail(doc, { from: deps.mail.from, to: recipients, date: now });
    await sendReport(deps.mail, { from: deps.mail.from, to: recipients, raw: email.raw });
    mailedTo = recipients;
  }

  const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
  const record: ReportRecord = {
    brandId, reportId, from: period.from.toISOString(), to: period.to.toISOString(), timezone,
    generatedAt: now.toISOString(), trigger: request.trigger, location: stored.index.uri, posts: data.posts.length,
    files: [
      { name: stored.index.name, contentType: 'text/html; charset=utf-8', bytes: bytes(html), location: stored.index.uri, path: stored.index.path },
      ...stored.csvs.map((c, i) => ({ name: c.name, contentType: 'text/csv; charset=utf-8', bytes: bytes(csvs[i]!.content), location: c.uri, path: c.path })),
    ],
    mailedTo, requestedBy: request.requestedBy,
  };
  await deps.reports.put(record);
  await deps.publish([event(ReportGenerated, {
    schemaVersion: 1, brandId, reportId, from: record.from, to: record.to, location: record.location, trigger: request.trigger,
  })]);
  return record;
}
