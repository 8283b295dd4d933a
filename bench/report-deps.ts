/** generateReport's dependencies on a bench table and the local S3, with no mail and a bus that only checks each event. */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { ulid } from 'ulid';
import { createAnalyticsSettingsRepository } from '../shared/analytics/settings.js';
import { createSettingsRepository } from '../shared/platform/brand-settings.js';
import type { OutgoingEvent } from '../shared/platform/events/publisher.js';
import type { GenerateReportDeps } from '../shared/analytics/reports/generate-report.js';
import { createAccountsRepository } from '../shared/networks/accounts/accounts-repository.js';
import { createCampaignsRepository } from '../shared/analytics/store/campaigns-repository.js';
import { createConversionsRepository } from '../shared/analytics/store/conversions-repository.js';
import { createPublishedPostsRepository } from '../shared/analytics/store/published-posts-repository.js';
import { createReportsRepository } from '../shared/analytics/store/reports-repository.js';
import { createSnapshotsRepository } from '../shared/analytics/store/snapshots-repository.js';
import { createWebAnalyticsRepository } from '../shared/analytics/store/web-analytics-repository.js';

export const REPORTS_BUCKET = 'bench-reports';

export function reportBenchDeps(doc: DynamoDBDocumentClient, tableName: string, s3: S3Client, now: Date): GenerateReportDeps {
  return {
    publishedPosts: createPublishedPostsRepository(doc, tableName),
    snapshots: createSnapshotsRepository(doc, tableName),
    accounts: createAccountsRepository(doc, tableName),
    settings: createSettingsRepository(doc, tableName),
    analyticsSettings: createAnalyticsSettingsRepository(doc, tableName),
    reports: createReportsRepository(doc, tableName),
    campaigns: createCampaignsRepository(doc, tableName),
    conversions: createConversionsRepository(doc, tableName),
    webAnalytics: createWebAnalyticsRepository(doc, tableName),
    store: { s3, bucket: REPORTS_BUCKET },
    publish: async (events: OutgoingEvent[]) => {
      for (const e of events) e.entry.schema.parse(e.detail);
    },
    now: () => now,
    newId: () => ulid(),
  };
}
