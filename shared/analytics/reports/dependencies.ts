/**
 * The report functions' production dependencies: the table, the reports bucket (REPORTS_BUCKET_NAME)
 * and, when a sender identity is configured (REPORT_SENDER), SES for mailing.
 */
import { ulid } from 'ulid';
import { documentClient, s3, sesv2 } from '../../platform/clients.js';
import { getStringFromEnv } from '../../platform/config.js';
import { busPublisher } from '../../platform/dependencies.js';
import { analyticsTableDeps } from '../dependencies.js';
import { createReportsRepository } from '../store/reports-repository.js';
import { createCampaignsRepository } from '../store/campaigns-repository.js';
import { createConversionsRepository } from '../store/conversions-repository.js';
import { createWebAnalyticsRepository } from '../store/web-analytics-repository.js';
import type { WeeklyReportsDeps } from './weekly-reports.js';

export function reportDeps(): WeeklyReportsDeps {
  const tableName = getStringFromEnv('TABLE_NAME');
  const sender = process.env.REPORT_SENDER;
  return {
    ...analyticsTableDeps(),
    reports: createReportsRepository(documentClient, tableName),
    campaigns: createCampaignsRepository(documentClient, tableName),
    conversions: createConversionsRepository(documentClient, tableName),
    webAnalytics: createWebAnalyticsRepository(documentClient, tableName),
    // Set only by the local runtime, so the report's files can be named by their path on disk.
    store: { s3, bucket: getStringFromEnv('REPORTS_BUCKET_NAME'), localRoot: process.env.PILLARS_LOCAL_S3_ROOT },
    mail: sender ? { sesv2, from: sender } : undefined,
    publish: busPublisher(),
    now: () => new Date(),
    newId: () => ulid(),
  };
}

/** For the read routes: the report records and the bucket, nothing that writes or mails. */
export function reportReadDeps() {
  const tableName = getStringFromEnv('TABLE_NAME');
  return {
    reports: createReportsRepository(documentClient, tableName),
    store: { s3, bucket: getStringFromEnv('REPORTS_BUCKET_NAME') },
  };
}
