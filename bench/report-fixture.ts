/**
 * A brand's quarter in the store, seeded through the repositories in batches, for the report
 * benchmark: `channels` accounts across the networks, 3 posts per channel per day, each with its
 * 4 snapshots (1 h, 24 h, 7 d, 30 d) carrying exactly the metrics its network reports (the others
 * missing), a daily account snapshot per channel, 3 campaigns with GA4 rows and webhook conversions.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { POST_METRICS, ACCOUNT_METRICS, type AccountMetricValues, type PostMetricValues } from '../shared/contracts/metric-names.js';
import { createSettingsRepository } from '../shared/platform/brand-settings.js';
import type { NetworkAccount, NetworkName } from '../shared/networks/contract.js';
import { METRIC_CATALOGUE } from '../shared/networks/metric-catalogue.js';
import { createAccountsRepository } from '../shared/networks/accounts/accounts-repository.js';
import { createCampaignsRepository } from '../shared/analytics/store/campaigns-repository.js';
import { createConversionsRepository } from '../shared/analytics/store/conversions-repository.js';
import { createPublishedPostsRepository, type PublishedPost } from '../shared/analytics/store/published-posts-repository.js';
import { createSnapshotsRepository, slotForAge, type AccountSnapshot, type PostSnapshot } from '../shared/analytics/store/snapshots-repository.js';
import { createWebAnalyticsRepository, type WebAnalyticsRow } from '../shared/analytics/store/web-analytics-repository.js';

export interface ReportFixture {
  readonly brandId: string;
  readonly channels: number;
  /** The first and last local day of the seeded period (YYYY-MM-DD). */
  readonly from: string;
  readonly to: string;
  readonly timezone: string;
  readonly posts: number;
  readonly snapshots: number;
  readonly accountDays: number;
}

const DAY_MS = 86_400_000;
const POSTS_PER_DAY = 3;
/** Local posting hours, as UTC hours in Berlin summer time. */
const POSTING_HOURS_UTC = [7, 11, 16];
const AGES = [3_600, 86_400, 7 * 86_400, 30 * 86_400];
const NETWORKS: readonly NetworkName[] = ['x', 'facebook', 'instagram', 'linkedin', 'threads', 'mastodon', 'bluesky'];
const CAMPAIGNS = ['autumn-launch', 'black-friday', 'newsletter'];
const PILLARS = ['product', 'community', 'education', 'behind-the-scenes'];
/** Posts that carry a campaign: every other one. */
const campaignOf = (n: number) => (n % 2 === 0 ? CAMPAIGNS[(n / 2) % CAMPAIGNS.length] : undefined);

/** Seeds `days` days ending on `lastDay` (UTC calendar days, Europe/Berlin brand). */
export async function seedReportFixture(doc: DynamoDBDocumentClient, tableName: string, options: { channels: number; days: number; lastDay: string }): Promise<ReportFixture> {
  const brandId = `bench-${options.channels}ch-${ulid()}`;
  const timezone = 'Europe/Berlin';
  const lastMs = Date.parse(`${options.lastDay}T00:00:00Z`);
  const firstMs = lastMs - (options.days - 1) * DAY_MS;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  await createSettingsRepository(doc, tableName).put(brandId, { requireApproval: false, timezone });
  const accounts: NetworkAccount[] = Array.from({ length: options.channels }, (_, c) => {
    const network = NETWORKS[c % NETWORKS.length]!;
    return { brandId, accountId: `${network}-${c}`, network, handle: `@brand${c}`, baseUrl: `https://${network}.example` };
  });
  const accountsRepository = createAccountsRepository(doc, tableName);
  for (const account of accounts) await accountsRepository.put(account);

  const posts: PublishedPost[] = [];
  const snapshots: PostSnapshot[] = [];
  for (let t = firstMs, d = 0; t <= lastMs; t += DAY_MS, d++) {
    for (const [c, account] of accounts.entries()) {
      for (let k = 0; k < POSTS_PER_DAY; k++) {
        const n = (d * accounts.length + c) * POSTS_PER_DAY + k;
        const publishedAt = new Date(t + POSTING_HOURS_UTC[k]! * 3_600_000 + c * 60_000).toISOString();
        const post = publishedPost(brandId, account, n, publishedAt);
        posts.push(post);
        snapshots.push(...AGES.map((age) => snapshotOf(post, account.network, age, n)));
      }
    }
  }
  const accountSnapshots: AccountSnapshot[] = [];
  // The day before the period too: growth needs a starting count.
  for (let t = firstMs - DAY_MS, d = 0; t <= lastMs; t += DAY_MS, d++) {
    for (const [c, account] of accounts.entries()) accountSnapshots.push(accountSnapshotOf(account, day(t), 5_000 + c * 1_000 + d * 7));
  }
  await createPublishedPostsRepository(doc, tableName).record(posts);
  const snapshotsRepository = createSnapshotsRepository(doc, tableName);
  await snapshotsRepository.putPostSnapshots(snapshots);
  await snapshotsRepository.putAccountSnapshots(accountSnapshots);
  await seedCampaigns(doc, tableName, brandId, firstMs, lastMs);
  return {
    brandId, channels: options.channels, from: day(firstMs), to: options.lastDay, timezone,
    posts: posts.length, snapshots: snapshots.length, accountDays: accountSnapshots.length,
  };
}

function publishedPost(brandId: string, account: NetworkAccount, n: number, publishedAt: string): PublishedPost {
  return {
    brandId, postId: ulid(Date.parse(publishedAt)), accountId: account.accountId, network: account.network,
    text: `Post ${n}: our autumn range is in, with new colours and fabrics for every season. Come and see it in store or online, this week only.`,
    campaign: campaignOf(n), pillar: PILLARS[n % PILLARS.length],
    networkPostId: `np-${n}`, url: `${account.baseUrl}/posts/np-${n}`, publishedAt,
  };
}

/** The post's metrics at `age`, growing with age; a metric its network does not report is missing. */
function snapshotOf(post: PublishedPost, network: NetworkName, age: number, n: number): PostSnapshot {
  const catalogue = METRIC_CATALOGUE[network].post;
  const growth = Math.log10(age);
  const base: Record<string, number> = { impressions: 900, reach: 600, reactions: 30, comments: 4, shares: 3, saves: 2, clicks: 12, videoViews: 80 };
  const values = Object.fromEntries(POST_METRICS.map((m) => [m, catalogue[m] ? Math.round(base[m]! * growth * (1 + (n % 17) / 10)) : null])) as unknown as PostMetricValues;
  const raw = Object.fromEntries(POST_METRICS.flatMap((m) => (catalogue[m] ? [[catalogue[m], values[m]!]] : [])));
  return {
    brandId: post.brandId, postId: post.postId, accountId: post.accountId, network, networkPostId: post.networkPostId,
    publishedAt: post.publishedAt, url: post.url, text: post.text?.slice(0, 280), campaign: post.campaign, pillar: post.pillar,
    slot: slotForAge(age), scheduledAgeSeconds: age,
    observedAt: new Date(Date.parse(post.publishedAt) + age * 1000 + 5_000).toISOString(), partial: false,
    values, raw,
  };
}

function accountSnapshotOf(account: NetworkAccount, day: string, followers: number): AccountSnapshot {
  const catalogue = METRIC_CATALOGUE[account.network].account;
  const base: Record<string, number> = { followers, reach: followers * 3, impressions: followers * 5, profileVisits: Math.round(followers / 20) };
  const values = Object.fromEntries(ACCOUNT_METRICS.map((m) => [m, catalogue[m] ? base[m]! : null])) as unknown as AccountMetricValues;
  const raw = Object.fromEntries(ACCOUNT_METRICS.flatMap((m) => (catalogue[m] ? [[catalogue[m], values[m]!]] : [])));
  return {
    brandId: account.brandId, accountId: account.accountId, network: account.network, day,
    observedAt: `${day}T04:00:00.000Z`, partial: false, values, raw,
  };
}

/** Each campaign's entered cost, a GA4 row per day, campaign and source, and a webhook conversion a day. */
async function seedCampaigns(doc: DynamoDBDocumentClient, tableName: string, brandId: string, firstMs: number, lastMs: number) {
  const campaigns = createCampaignsRepository(doc, tableName);
  for (const [i, name] of CAMPAIGNS.entries()) {
    await campaigns.put(brandId, { name, cost: 1_500 * (i + 1), currency: 'EUR', updatedAt: new Date(firstMs).toISOString(), updatedBy: 'bench' });
  }
  const webAnalytics = createWebAnalyticsRepository(doc, tableName);
  const conversions = createConversionsRepository(doc, tableName);
  for (let t = firstMs, d = 0; t <= lastMs; t += DAY_MS, d++) {
    const day = new Date(t).toISOString().slice(0, 10);
    const rows: WebAnalyticsRow[] = CAMPAIGNS.flatMap((campaign, i) => ['facebook', 'x'].map((source) => ({
      brandId, day, source, medium: 'social', campaign, sessions: 40 + i * 10 + (d % 7), conversions: i + (d % 3), revenue: (i + (d % 3)) * 49.9, currency: 'EUR',
    })));
    await webAnalytics.replaceDay(brandId, day, rows);
    await conversions.putOnce({
      brandId, conversionId: `order-${day}`, occurredAt: `${day}T15:30:00.000Z`, value: 89.9, currency: 'EUR', source: 'instagram', medium: 'social',
      campaign: 'black-friday', orderId: `order-${day}`, webhookId: `msg_${d}`, receivedAt: `${day}T15:30:02.000Z`,
    });
  }
}
