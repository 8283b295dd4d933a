/**
 * Post snapshot ingestion: `putPostSnapshots` (item keys built by the repository, the batch writer
 * sending them) against raw BatchWriteItem calls carrying the very same items, keys built before
 * the clock starts. Two baselines: the calls one after another, as a hand-written loop sends them
 * (the goal: ≥ 0.8 of it), and as many in flight as the batch writer keeps, which leaves only what
 * the repository itself costs. Every side writes fresh keys into the same table on the same
 * DynamoDB Local, after a warm-up, with the order rotating between rounds.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { DEFAULT_BATCH_CONCURRENCY } from '../shared/platform/store/batch-writer.js';
import { keys } from '../shared/platform/store/keys.js';
import { createSnapshotsRepository, slotForAge, type PostSnapshot } from '../shared/analytics/store/snapshots-repository.js';
import { createBenchTable } from './table.js';

export interface SnapshotIngestResult {
  readonly snapshots: number;
  readonly rounds: number;
  /** How many BatchWriteItem calls the batch writer keeps in flight. */
  readonly concurrency: number;
  readonly repositoryItemsPerSecond: number;
  /** Raw calls one after another, as a hand-written loop sends them: the goal's baseline. */
  readonly rawSequentialItemsPerSecond: number;
  /** Raw calls as many in flight as the batch writer keeps: what the repository itself costs. */
  readonly rawParallelItemsPerSecond: number;
  readonly ratio: number;
  readonly parallelRatio: number;
}

const ROUNDS = 3;
const AGES = [3_600, 86_400, 7 * 86_400, 30 * 86_400];
const CHANNELS = 10;

export async function benchSnapshotIngest(endpoint: string, snapshots = 10_000): Promise<SnapshotIngestResult> {
  const table = await createBenchTable(endpoint, 'bench-snapshots');
  try {
    const repository = createSnapshotsRepository(table.doc, table.name);
    const sides = {
      repository: async (batch: readonly PostSnapshot[]) => time(() => repository.putPostSnapshots(batch)),
      rawSequential: async (batch: readonly PostSnapshot[]) => {
        const items = batch.map(asStored);
        return time(() => rawWrite(table.doc, table.name, items, 1));
      },
      rawParallel: async (batch: readonly PostSnapshot[]) => {
        const items = batch.map(asStored);
        return time(() => rawWrite(table.doc, table.name, items, DEFAULT_BATCH_CONCURRENCY));
      },
    };
    type Side = keyof typeof sides;
    const order = Object.keys(sides) as Side[];

    // Warm connections, JIT and DynamoDB Local on every path before measuring.
    for (const side of order) await sides[side](postSnapshots(`warm-${side}`, 1_000));

    const times: Record<Side, number[]> = { repository: [], rawSequential: [], rawParallel: [] };
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts with another side, so drift in the machine's load favours none; every
      // side writes fresh keys, as ingestion does.
      for (let i = 0; i < order.length; i++) {
        const side = order[(round + i) % order.length]!;
        times[side].push(await sides[side](postSnapshots(`${side}${round}`, snapshots)));
      }
    }
    const rate = (side: Side) => snapshots / (median(times[side]) / 1000);
    const repositoryItemsPerSecond = rate('repository');
    return {
      snapshots, rounds: ROUNDS, concurrency: DEFAULT_BATCH_CONCURRENCY, repositoryItemsPerSecond,
      rawSequentialItemsPerSecond: rate('rawSequential'), rawParallelItemsPerSecond: rate('rawParallel'),
      ratio: repositoryItemsPerSecond / rate('rawSequential'), parallelRatio: repositoryItemsPerSecond / rate('rawParallel'),
    };
  } finally {
    await table.drop();
  }
}

/**
 * Snapshots as the collector stores them: 10 channels of X posts (the network with the most
 * metrics), 4 ages per post, every common value and the native ones in `raw`, the post's refs.
 */
function postSnapshots(prefix: string, count: number): PostSnapshot[] {
  const start = Date.UTC(2026, 8, 1);
  return Array.from({ length: count }, (_, i) => {
    const post = Math.floor(i / AGES.length);
    const age = AGES[i % AGES.length]!;
    const publishedAt = new Date(start + post * 17 * 60_000).toISOString();
    const n = (base: number) => base + ((post * 7919 + age) % 97);
    const values = { impressions: n(4_000), reach: n(2_600), reactions: n(120), comments: n(14), shares: n(9), saves: n(6), clicks: n(40), videoViews: n(300) };
    return {
      brandId: 'bench', postId: `${prefix}-${ulid()}-${post}`, accountId: `x-${post % CHANNELS}`, network: 'x',
      networkPostId: String(1_850_000_000_000_000_000n + BigInt(post)), publishedAt,
      url: `https://x.com/bench/status/${1_850_000_000_000_000_000n + BigInt(post)}`,
      text: `Post ${post}: our autumn range is in, with new colours and fabrics for every season. Come and see it in store or online, this week only. #autumn`,
      campaign: `autumn-${post % 3}`, pillar: ['product', 'community', 'education'][post % 3],
      slot: slotForAge(age), scheduledAgeSeconds: age,
      observedAt: new Date(Date.parse(publishedAt) + age * 1000 + 4_000).toISOString(), partial: false,
      values,
      raw: {
        impression_count: values.impressions, like_count: values.reactions, reply_count: values.comments, retweet_count: values.shares,
        quote_count: n(2), bookmark_count: values.saves, url_link_clicks: values.clicks, user_profile_clicks: n(11),
      },
    } satisfies PostSnapshot;
  });
}

/** The item `putPostSnapshots` writes for a snapshot, built before the baseline's clock starts. */
function asStored(s: PostSnapshot): Record<string, unknown> {
  return { pk: keys.postMetrics(s.brandId, s.publishedAt.slice(0, 7)), sk: keys.postSnapshot(s.publishedAt, s.postId, s.slot), type: 'postSnapshot', ...s };
}

/** The baseline: BatchWriteItem calls of 25, `inFlight` at a time, unprocessed items sent again. */
async function rawWrite(doc: DynamoDBDocumentClient, tableName: string, items: readonly Record<string, unknown>[], inFlight: number) {
  let next = 0;
  const sender = async () => {
    for (let i = next; i < items.length; i = next) {
      next += 25;
      let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length) {
        const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, sender));
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
