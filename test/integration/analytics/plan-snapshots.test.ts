/**
 * Planning a published post's metric snapshots against DynamoDB Local: one due item per age, at
 * publishedAt + age, and a redelivered PostPublished lands on the same items.
 */
import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { planSnapshots, type PlanSnapshotsDeps } from '../../../shared/analytics/plan-snapshots.js';
import { createAnalyticsSettingsRepository } from '../../../shared/analytics/settings.js';
import type { DetailOf, PostPublished, PostPublishedV1 } from '../../../shared/contracts/events/catalogue.js';
import { GSI1, keys } from '../../../shared/platform/store/keys.js';
import { createPublishedPostsRepository, type PublishedPostsRepository } from '../../../shared/analytics/store/published-posts-repository.js';
import { createSnapshotsRepository } from '../../../shared/analytics/store/snapshots-repository.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';

const PUBLISHED_AT = '2026-06-01T09:00:00.000Z';
const HOUR = 3600;
const DAY = 24 * HOUR;

let table: TestTable;

beforeAll(async () => {
  table = await createTestTable('plan-snapshots');
});

afterAll(async () => {
  await table?.drop();
});

describe('Function: planSnapshots', () => {
  let brandId: string;
  let deps: PlanSnapshotsDeps & { publishedPosts: PublishedPostsRepository };
  let published: DetailOf<typeof PostPublished>;

  beforeEach(async () => {
    brandId = `brand-${randomUUID()}`;
    deps = {
      publishedPosts: createPublishedPostsRepository(table.documentClient, table.tableName),
      analyticsSettings: createAnalyticsSettingsRepository(table.documentClient, table.tableName),
      snapshots: createSnapshotsRepository(table.documentClient, table.tableName),
    };
    published = {
      schemaVersion: 2, brandId, postId: 'post-1', accountId: 'mastodon-main', network: 'mastodon', networkPostId: '110000000000000001',
      url: 'https://mastodon.example/@pillars/110000000000000001', dueAt: PUBLISHED_AT, publishedAt: PUBLISHED_AT,
      text: 'x'.repeat(300), link: 'https://shop.example/spring', campaign: 'spring-launch', pillar: 'education',
    };
  });

  /** Every due item stored in the brand's partition, in key order. */
  async function storedDues() {
    const { Items = [] } = await table.documentClient.send(new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.brand(brandId), ':prefix': 'SNAPDUE#' },
    }));
    return Items;
  }

  it('plans snapshots at 1 h, 24 h, 7 d and 30 d after publishing when the brand set no ages', async () => {
    const dues = await planSnapshots(deps, published);

    const stored = await storedDues();
    expect(stored.map((d) => [d.ageSeconds, d.dueAt, d.attempts])).toEqual([
      [HOUR, '2026-06-01T10:00:00.000Z', 0],
      [DAY, '2026-06-02T09:00:00.000Z', 0],
      [7 * DAY, '2026-06-08T09:00:00.000Z', 0],
      [30 * DAY, '2026-07-01T09:00:00.000Z', 0],
    ]);
    expect(dues.map((d) => d.dueAt)).toEqual(stored.map((d) => d.dueAt));
    expect(stored[0]).toMatchObject({
      networkPostId: published.networkPostId, url: published.url, publishedAt: PUBLISHED_AT,
      campaign: 'spring-launch', pillar: 'education', text: 'x'.repeat(280),
    });
  });

  it("records the post in analytics' own read model with what PostPublished carries", async () => {
    await planSnapshots(deps, published);

    const posts = await deps.publishedPosts.list(brandId, new Date('2026-06-01T00:00:00Z'), new Date('2026-06-02T00:00:00Z'));
    expect(posts).toEqual([{
      brandId, postId: 'post-1', accountId: 'mastodon-main', network: 'mastodon', networkPostId: published.networkPostId,
      publishedAt: PUBLISHED_AT, url: published.url, text: 'x'.repeat(300), link: 'https://shop.example/spring',
      campaign: 'spring-launch', pillar: 'education',
    }]);
  });

  it('still reads version 1 of PostPublished, which carries no text, campaign or pillar', async () => {
    const v1: DetailOf<typeof PostPublishedV1> = {
      schemaVersion: 1, brandId, postId: 'post-v1', accountId: 'mastodon-main', network: 'mastodon', networkPostId: '110000000000000002',
      dueAt: PUBLISHED_AT, publishedAt: PUBLISHED_AT,
    };

    const dues = await planSnapshots(deps, v1);

    expect(dues).toHaveLength(4);
    expect(dues[0]).toMatchObject({ postId: 'post-v1', text: undefined, campaign: undefined, pillar: undefined });
    const posts = await deps.publishedPosts.list(brandId, new Date('2026-06-01T00:00:00Z'), new Date('2026-06-02T00:00:00Z'));
    expect(posts.map((p) => [p.postId, p.text])).toEqual([['post-v1', undefined]]);
  });

  it('plans the ages the brand configured instead of the defaults', async () => {
    await deps.analyticsSettings.put(brandId, { snapshotAges: ['3d', '15m'] });

    await planSnapshots(deps, published);

    expect((await storedDues()).map((d) => [d.ageSeconds, d.dueAt])).toEqual([
      [15 * 60, '2026-06-01T09:15:00.000Z'],
      [3 * DAY, '2026-06-04T09:00:00.000Z'],
    ]);
  });

  it('writes the same items again when PostPublished is delivered twice, so each age is taken once', async () => {
    await planSnapshots(deps, published);
    const first = await storedDues();

    await planSnapshots(deps, published);

    const second = await storedDues();
    expect(second).toHaveLength(4);
    expect(second.map((d) => d.sk)).toEqual(first.map((d) => d.sk));
    const { Items = [] } = await table.documentClient.send(new QueryCommand({
      TableName: table.tableName, IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.snapshotsDue },
    }));
    expect(Items.filter((d) => d.brandId === brandId)).toHaveLength(4);
  });
});
