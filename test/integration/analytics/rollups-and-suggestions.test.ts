/**
 * GET /analytics/rollups and GET /accounts/{id}/queue/suggestions over a brand seeded through the
 * real repositories in DynamoDB Local: what the routes answer is computed from the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRollups } from '../../../shared/analytics/rollups-query.js';
import { suggestQueueSlots } from '../../../shared/analytics/suggest-queue-slots.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';
import { reportHarness, seedAccount, seedFollowers, seedPublishedPost, type ReportHarness } from '../../helpers/report-store.js';
import { NotFoundError } from '../../../shared/platform/errors.js';
import { rollupsQuery } from '../../../shared/contracts/api/analytics.js';

let table: TestTable;
let harness: ReportHarness;

beforeAll(async () => {
  table = await createTestTable('rollups');
  // No report is built here, so the S3 and SES clients are never called.
  harness = reportHarness(table, { s3: undefined as never, sesv2: undefined as never, s3Root: '' });
  const { repos } = harness;
  await repos.settings.put('acme', { requireApproval: false, timezone: 'Europe/Berlin' });
  const x = await seedAccount(repos, 'acme', 'x-main', 'x', '@acme');
  const mastodon = await seedAccount(repos, 'acme', 'mastodon-main', 'mastodon', '@acme');
  // Monday 16 November 2026, 10:00 Berlin = 09:00 UTC; one X post a day for 14 days, at 10:00 or 18:00 Berlin.
  for (let day = 0; day < 14; day++) {
    const evening = day % 2 === 1;
    const publishedAt = new Date(Date.UTC(2026, 10, 16 + day, evening ? 17 : 9)).toISOString();
    // Evening posts do better: 45 engagements (30 + 5 + 10) vs 25 (15 + 5 + 5) on 1,000 impressions.
    const reactions = evening ? 30 : 15;
    await seedPublishedPost(repos, {
      postId: `x${day}`, account: x, publishedAt, campaign: day < 7 ? 'launch' : undefined, pillar: 'product',
      snapshots: [{ observedAt: new Date(Date.parse(publishedAt) + 86_400_000).toISOString(), values: { impressions: 1000, reactions, comments: 5, shares: evening ? 10 : 5 } }],
    });
  }
  // A Mastodon post without impressions (the network has none).
  await seedPublishedPost(repos, {
    postId: 'm1', account: mastodon, publishedAt: '2026-11-17T08:00:00.000Z',
    snapshots: [{ observedAt: '2026-11-18T08:00:00.000Z', values: { reactions: 7, comments: 2, shares: 1 } }],
  });
  await seedFollowers(repos, x, '2026-11-16T05:30:00.000Z', 1000);
  await seedFollowers(repos, x, '2026-11-22T05:30:00.000Z', 1100);
  harness.setNow('2026-12-01T12:00:00.000Z');
}, 60_000);

afterAll(async () => {
  await table?.drop();
});

const deps = () => ({ ...harness.repos, now: () => new Date('2026-12-01T12:00:00.000Z') });

describe('GET /analytics/rollups (queryRollups)', () => {
  it('sums the posts by ISO week per channel in the brand time zone, with KPIs and missing counts', async () => {
    const result = await queryRollups(deps(), 'acme', rollupsQuery.parse({ from: '2026-11-16', to: '2026-11-29', granularity: 'week', by: 'channel' }));

    expect(result.timezone).toBe('Europe/Berlin');
    const week47x = result.posts.find((b) => b.period === '2026-W47' && b.key === 'x-main')!;
    // Mon 16 – Sun 22: days 0–6, mornings 0, 2, 4, 6 (25 engagements each) and evenings 1, 3, 5 (45 each).
    expect(week47x.posts).toBe(7);
    expect(week47x.totals.engagements.sum).toBe(4 * 25 + 3 * 45);
    expect(week47x.totals.impressions).toEqual({ sum: 7000, known: 7, missing: 0 });
    // (4 × 25 + 3 × 45) / 7,000 × 100 = 235 / 7,000 × 100 ≈ 3.357 %
    expect(week47x.kpis.engagementRateByImpressions.value).toBeCloseTo((235 / 7000) * 100, 10);
    const week47m = result.posts.find((b) => b.period === '2026-W47' && b.key === 'mastodon-main')!;
    expect(week47m.totals.impressions).toEqual({ sum: null, known: 0, missing: 1 });
    expect(week47m.kpis.engagementRateByImpressions.value).toBeNull();
    expect(result.posts.filter((b) => b.period === '2026-W48').map((b) => b.key)).toEqual(['x-main']);
  });

  it('groups by campaign, with posts outside any campaign under "(no campaign)"', async () => {
    const result = await queryRollups(deps(), 'acme', rollupsQuery.parse({ from: '2026-11-16', to: '2026-11-29', granularity: 'month', by: 'campaign' }));

    expect(result.posts.map((b) => [b.period, b.key, b.posts])).toEqual([['2026-11', '(no campaign)', 8], ['2026-11', 'launch', 7]]);
  });

  it('reports audience growth by week from the daily follower counts', async () => {
    const result = await queryRollups(deps(), 'acme', rollupsQuery.parse({ from: '2026-11-16', to: '2026-11-29', granularity: 'week' }));

    // (1,100 − 1,000) / 1,000 × 100 = 10 %
    expect(result.audience).toEqual([expect.objectContaining({ period: '2026-W47', accountId: 'x-main', followersAtStart: 1000, followersAtEnd: 1100, audienceGrowthRate: 10 })]);
  });

  it('refuses a granularity it does not know, naming the field', () => {
    const parsed = rollupsQuery.safeParse({ granularity: 'year' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['granularity'], message: 'must be day, week or month' });
  });
});

describe('GET /accounts/{id}/queue/suggestions (suggestQueueSlots)', () => {
  it('offers the evening slots first, where this channel does better, in the queue format', async () => {
    const result = await suggestQueueSlots(deps(), 'acme', 'x-main');

    expect(result).toMatchObject({ accountId: 'x-main', basis: 'engagementRateByImpressions', postsScored: 14 });
    if (!('queue' in result) || !result.queue) throw new Error('expected suggestions');
    expect(result.slots[0]).toMatchObject({ hour: 18 });
    expect(result.queue.timezone).toBe('Europe/Berlin');
    expect(result.queue.slots.every((s) => s.time === '18:00' || s.time === '10:00')).toBe(true);
    expect(result.queue.slots.find((s) => s.time === '18:00')).toBeDefined();
  });

  it('says why there is no suggestion for a channel with too little history', async () => {
    const result = await suggestQueueSlots(deps(), 'acme', 'mastodon-main');

    expect(result.slots).toEqual([]);
    expect(result).toMatchObject({ reason: expect.stringContaining('at least 12') });
  });

  it('answers 404 for an account the brand does not have', async () => {
    await expect(suggestQueueSlots(deps(), 'acme', 'nope')).rejects.toBeInstanceOf(NotFoundError);
  });
});
