/**
 * A brand's report inputs written through the real repositories into DynamoDB Local, and
 * generateReport's dependencies pointed at that table and at the local S3 and SES v2. Report tests
 * seed what a brand did and read back what the report says about it.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { OutgoingEvent } from '../../shared/platform/events/publisher.js';
import type { NetworkAccount, NetworkName } from '../../shared/networks/contract.js';
import type { PostMetricValues } from '../../shared/contracts/metric-names.js';
import { emptyAccountMetrics, emptyPostMetrics } from '../../shared/contracts/metric-names.js';
import { createAnalyticsSettingsRepository } from '../../shared/analytics/settings.js';
import { createSettingsRepository } from '../../shared/platform/brand-settings.js';
import { createAccountsRepository } from '../../shared/networks/accounts/accounts-repository.js';
import { createCampaignsRepository } from '../../shared/analytics/store/campaigns-repository.js';
import { createConversionsRepository } from '../../shared/analytics/store/conversions-repository.js';
import { createPublishedPostsRepository } from '../../shared/analytics/store/published-posts-repository.js';
import { createReportsRepository } from '../../shared/analytics/store/reports-repository.js';
import { createSnapshotsRepository, slotForAge } from '../../shared/analytics/store/snapshots-repository.js';
import { createWebAnalyticsRepository } from '../../shared/analytics/store/web-analytics-repository.js';
import type { WeeklyReportsDeps } from '../../shared/analytics/reports/weekly-reports.js';
import { startAwsServices, type AwsServices, type SentEmail } from '../../local/aws/server.js';
import { createTestTable, type TestTable } from './table.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local-clients.js';

export const REPORTS_BUCKET = 'pillars-core-reportsbucket';
export const REPORT_SENDER = 'Pillars <reports@pillars.example>';

export interface ReportHarness {
  readonly deps: WeeklyReportsDeps;
  /** Every event generateReport published, in order. */
  readonly published: OutgoingEvent[];
  setNow(iso: string): void;
  readonly repos: ReturnType<typeof repositories>;
}

function repositories(client: DynamoDBDocumentClient, tableName: string) {
  return {
    publishedPosts: createPublishedPostsRepository(client, tableName),
    accounts: createAccountsRepository(client, tableName),
    settings: createSettingsRepository(client, tableName),
    analyticsSettings: createAnalyticsSettingsRepository(client, tableName),
    snapshots: createSnapshotsRepository(client, tableName),
    reports: createReportsRepository(client, tableName),
    campaigns: createCampaignsRepository(client, tableName),
    conversions: createConversionsRepository(client, tableName),
    webAnalytics: createWebAnalyticsRepository(client, tableName),
  };
}

export function reportHarness(
  table: { documentClient: DynamoDBDocumentClient; tableName: string },
  aws: { s3: S3Client; sesv2: SESv2Client; s3Root: string },
): ReportHarness {
  const repos = repositories(table.documentClient, table.tableName);
  const published: OutgoingEvent[] = [];
  let now = new Date();
  return {
    repos, published,
    setNow: (iso) => { now = new Date(iso); },
    deps: {
      ...repos,
      store: { s3: aws.s3, bucket: REPORTS_BUCKET, localRoot: aws.s3Root },
      mail: { sesv2: aws.sesv2, from: REPORT_SENDER },
      publish: async (events) => { published.push(...events); },
      now: () => now,
      newId: () => ulid(),
    },
  };
}

export async function seedAccount(repos: ReportHarness['repos'], brandId: string, accountId: string, network: NetworkName, handle: string): Promise<NetworkAccount> {
  const account: NetworkAccount = { brandId, accountId, network, handle, baseUrl: `http://127.0.0.1:1/${network}` };
  await repos.accounts.put(account);
  return account;
}

export interface SeededPost {
  readonly postId: string;
  readonly account: NetworkAccount;
  readonly publishedAt: string;
  readonly campaign?: string;
  readonly pillar?: string;
  /** Each snapshot's observation time and the metrics it carried (unlisted metrics are missing). */
  readonly snapshots?: readonly { readonly observedAt: string; readonly values: Partial<PostMetricValues> }[];
}

/** A published post and its metric snapshots, as analytics stores them from PostPublished and the snapshot sweeper. */
export async function seedPublishedPost(repos: ReportHarness['repos'], post: SeededPost): Promise<void> {
  const { account } = post;
  const url = `https://${account.network}.example/${account.handle}/${post.postId}`;
  const text = `Post ${post.postId}`;
  await repos.publishedPosts.record([{
    brandId: account.brandId, postId: post.postId, accountId: account.accountId, network: account.network, text,
    campaign: post.campaign, pillar: post.pillar, networkPostId: `net-${post.postId}`, url, publishedAt: post.publishedAt,
  }]);
  await repos.snapshots.putPostSnapshots((post.snapshots ?? []).map((s) => {
    const values = { ...emptyPostMetrics(), ...s.values };
    const ageSeconds = Math.round((Date.parse(s.observedAt) - Date.parse(post.publishedAt)) / 1000);
    return {
      brandId: account.brandId, postId: post.postId, accountId: account.accountId, network: account.network,
      networkPostId: `net-${post.postId}`, publishedAt: post.publishedAt, url, text, campaign: post.campaign, pillar: post.pillar,
      slot: slotForAge(ageSeconds), scheduledAgeSeconds: ageSeconds, observedAt: s.observedAt,
      partial: Object.values(values).some((v) => v === null),
      values, raw: {},
    };
  }));
}

/** The daily account snapshot, observed early on `observedAt`'s day; followers null means the network did not report them. */
export async function seedFollowers(repos: ReportHarness['repos'], account: NetworkAccount, observedAt: string, followers: number | null): Promise<void> {
  await repos.snapshots.putAccountSnapshots([{
    brandId: account.brandId, accountId: account.accountId, network: account.network, day: observedAt.slice(0, 10), observedAt,
    partial: followers === null, values: { ...emptyAccountMetrics(), followers }, raw: {},
  }]);
}

/** A table in DynamoDB Local, the local S3 and SES v2 with real clients, and a harness over them. */
export interface ReportEnvironment {
  readonly table: TestTable;
  readonly services: AwsServices;
  readonly s3: S3Client;
  readonly harness: ReportHarness;
  /** Every e-mail the local SES v2 accepted, in order. */
  readonly sent: SentEmail[];
  stop(): Promise<void>;
}

export async function startReportEnvironment(tableName: string): Promise<ReportEnvironment> {
  const sent: SentEmail[] = [];
  const [table, services] = await Promise.all([
    createTestTable(tableName),
    startAwsServices({ onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => undefined, buckets: [REPORTS_BUCKET], onEmail: (e) => { sent.push(e); } }),
  ]);
  const local = { endpoint: services.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const s3 = new S3Client({ ...local, forcePathStyle: true });
  const sesv2 = new SESv2Client(local);
  return {
    table, services, s3, sent,
    harness: reportHarness(table, { s3, sesv2, s3Root: services.s3Root }),
    async stop() {
      s3.destroy();
      sesv2.destroy();
      await services.close();
      await table.drop();
    },
  };
}
