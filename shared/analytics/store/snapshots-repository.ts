/**
 * Metric snapshots as time series (see keys.ts): post snapshots by age after publishing, account
 * snapshots by day, and the due items that say which post snapshots are still to take.
 *
 * Writes are batched and idempotent by key: a snapshot delivered twice lands on the same item.
 * A post snapshot's place in its series is its `observedAt`, never the order it arrived in.
 */
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GSI1, keys, TTL_ATTRIBUTE } from '../../platform/store/keys.js';
import { batchDelete, batchPut } from '../../platform/store/batch-writer.js';
import { monthsBetween } from '../../platform/store/month-partitions.js';
import type { AccountMetricValues, PostMetricValues } from '../../contracts/metric-names.js';

/** What a snapshot needs to know about its post, copied from the post so reports read one partition. */
export interface SnapshotPostRef {
  readonly brandId: string;
  readonly postId: string;
  readonly accountId: string;
  readonly network: string;
  readonly networkPostId: string;
  readonly publishedAt: string;
  readonly url?: string;
  /** The first 280 characters, for top and bottom post lists. */
  readonly text?: string;
  readonly campaign?: string;
  readonly pillar?: string;
}

export interface SnapshotDue extends SnapshotPostRef {
  readonly slot: string;
  /** The age after publishing this snapshot was planned for. */
  readonly ageSeconds: number;
  readonly dueAt: string;
  readonly attempts: number;
  readonly lastError?: string;
}

export interface PostSnapshot extends SnapshotPostRef {
  readonly slot: string;
  readonly scheduledAgeSeconds: number;
  readonly observedAt: string;
  readonly partial: boolean;
  readonly missing?: readonly string[];
  readonly values: PostMetricValues;
  readonly raw: Readonly<Record<string, number>>;
}

export interface AccountSnapshot {
  readonly brandId: string;
  readonly accountId: string;
  readonly network: string;
  /** The UTC day the snapshot describes (YYYY-MM-DD). */
  readonly day: string;
  readonly observedAt: string;
  readonly partial: boolean;
  readonly missing?: readonly string[];
  readonly values: AccountMetricValues;
  readonly raw: Readonly<Record<string, number>>;
}

export interface SnapshotsRepository {
  planDue(dues: readonly SnapshotDue[]): Promise<void>;
  /** Every brand's snapshots due at or before `now`, earliest first. */
  listDue(now: Date, limit: number): Promise<SnapshotDue[]>;
  /**
   * Puts a due snapshot back later, with the reason: after a failed attempt, or (`attempted`
   * false) without calling the network because its account is rate limited, which costs no attempt.
   */
  deferDue(due: SnapshotDue, nextDueAt: Date, error: string, attempted?: boolean): Promise<void>;
  completeDue(dues: readonly Pick<SnapshotDue, 'brandId' | 'postId' | 'slot'>[]): Promise<void>;
  putPostSnapshots(snapshots: readonly PostSnapshot[]): Promise<void>;
  /** Snapshots of the brand's posts published in [from, to), every slot, in key order. */
  listPostSnapshots(brandId: string, from: Date, to: Date): Promise<PostSnapshot[]>;
  putAccountSnapshots(snapshots: readonly AccountSnapshot[]): Promise<void>;
  /** Account snapshots for the days in [fromDay, toDay] (inclusive, YYYY-MM-DD). */
  listAccountSnapshots(brandId: string, fromDay: string, toDay: string): Promise<AccountSnapshot[]>;
}

/** A due item nobody took (its post deleted, the pillar removed) expires instead of lingering. */
const DUE_TTL_SECONDS = 7 * 86_400;

/** Zero-padded so slots sort by age: A00003600 is one hour. */
export function slotForAge(ageSeconds: number): string {
  return `A${String(ageSeconds).padStart(8, '0')}`;
}

export function createSnapshotsRepository(client: DynamoDBDocumentClient, tableName: string): SnapshotsRepository {
  const dueKey = (d: Pick<SnapshotDue, 'brandId' | 'postId' | 'slot'>) => ({ pk: keys.brand(d.brandId), sk: keys.snapshotDue(d.postId, d.slot) });
  const dueSort = (d: SnapshotDue, dueAt: string) => keys.snapshotDueSort(dueAt, d.brandId, d.postId, d.slot);

  const queryAll = async (input: ConstructorParameters<typeof QueryCommand>[0]) => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  };

  return {
    async planDue(dues) {
      await batchPut(client, tableName, dues.map((d) => ({
        ...dueKey(d), type: 'snapshotDue', ...d,
        gsi1pk: keys.snapshotsDue, gsi1sk: dueSort(d, d.dueAt),
        [TTL_ATTRIBUTE]: Math.floor(Date.parse(d.dueAt) / 1000) + DUE_TTL_SECONDS,
      })));
    },
    async listDue(now, limit) {
      const { Items = [] } = await client.send(new QueryCommand({
        TableName: tableName, IndexName: GSI1, Limit: limit,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk <= :upper',
        ExpressionAttributeValues: { ':pk': keys.snapshotsDue, ':upper': `${now.toISOString()}#\uffff` },
      }));
      return Items.map(toDue);
    },
    async deferDue(due, nextDueAt, error, attempted = true) {
      const dueAt = nextDueAt.toISOString();
      await client.send(new UpdateCommand({
        TableName: tableName, Key: dueKey(due),
        UpdateExpression: 'SET attempts = attempts + :attempt, lastError = :error, dueAt = :dueAt, gsi1sk = :sort',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':attempt': attempted ? 1 : 0, ':error': error.slice(0, 500), ':dueAt': dueAt, ':sort': dueSort(due, dueAt) },
      })).catch((e: unknown) => {
        // Taken meanwhile by an overlapping run: nothing left to defer.
        if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
      });
    },
    async completeDue(dues) {
      await batchDelete(client, tableName, dues.map(dueKey));
    },
    async putPostSnapshots(snapshots) {
      await batchPut(client, tableName, snapshots.map((s) => ({
        pk: keys.postMetrics(s.brandId, s.publishedAt.slice(0, 7)),
        sk: keys.postSnapshot(s.publishedAt, s.postId, s.slot),
        type: 'postSnapshot', ...s,
      })));
    },
    async listPostSnapshots(brandId, from, to) {
      const lower = from.toISOString();
      const upper = to.toISOString();
      const items: Record<string, unknown>[] = [];
      for (const month of monthsBetween(lower, upper)) {
        items.push(...await queryAll({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
          // The upper bound excludes `to` itself: sort keys start with publishedAt then '#'.
          ExpressionAttributeValues: { ':pk': keys.postMetrics(brandId, month), ':lower': lower, ':upper': `${upper}#` },
        }));
      }
      return items.map(toPostSnapshot).filter((s) => s.publishedAt < upper);
    },
    async putAccountSnapshots(snapshots) {
      await batchPut(client, tableName, snapshots.map((s) => ({
        pk: keys.accountMetrics(s.brandId, s.day.slice(0, 7)),
        sk: keys.accountSnapshot(s.day, s.accountId),
        type: 'accountSnapshot', ...s,
      })));
    },
    async listAccountSnapshots(brandId, fromDay, toDay) {
      const items: Record<string, unknown>[] = [];
      for (const month of monthsBetween(fromDay, toDay)) {
        items.push(...await queryAll({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
          ExpressionAttributeValues: { ':pk': keys.accountMetrics(brandId, month), ':lower': fromDay, ':upper': `${toDay}#\uffff` },
        }));
      }
      return items.map(toAccountSnapshot);
    },
  };
}

function strip(item: Record<string, unknown>) {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _type, [TTL_ATTRIBUTE]: _ttl, ...rest } = item;
  return rest;
}

const toDue = (item: Record<string, unknown>) => strip(item) as unknown as SnapshotDue;
const toPostSnapshot = (item: Record<string, unknown>) => strip(item) as unknown as PostSnapshot;
const toAccountSnapshot = (item: Record<string, unknown>) => strip(item) as unknown as AccountSnapshot;
