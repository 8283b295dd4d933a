/**
 * Channel queues: each account has weekly time slots in a time zone, and "add to queue" gives
 * a post the next free slot. A slot is claimed with a conditional write, so two posts added at
 * once never share it; cancelling or moving the post frees it again.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { keys, TTL_ATTRIBUTE } from '../platform/store/keys.js';
import { localToInstant } from '../platform/time/zoned.js';
import { queueInput } from '../contracts/api/publishing.js';

import type { QueueConfig } from '../contracts/api/publishing.js';

export type { QueueConfig };

/** Posts are not put into a slot closer than this, so there is time to review them. */
const LEAD_MS = 60_000;
const HORIZON_WEEKS = 12;

export interface QueueRepository {
  get(brandId: string, accountId: string): Promise<QueueConfig | undefined>;
  put(brandId: string, accountId: string, config: QueueConfig): Promise<void>;
  /** Claims the first free slot strictly after `after`; undefined when none in the horizon. */
  claimNextSlot(brandId: string, accountId: string, postId: string, after: Date): Promise<Date | undefined>;
  release(brandId: string, accountId: string, slot: string): Promise<void>;
  upcoming(brandId: string, accountId: string, after: Date, count: number): Promise<{ at: string; taken: boolean }[]>;
}

export function createQueueRepository(client: DynamoDBDocumentClient, tableName: string): QueueRepository {
  const brand = (brandId: string) => keys.brand(brandId);
  const taken = async (brandId: string, accountId: string, from: Date, to: Date) => {
    const { Items = [] } = await client.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': brand(brandId), ':from': keys.slot(accountId, from.toISOString()), ':to': keys.slot(accountId, to.toISOString()) },
    }));
    return new Set(Items.map((i) => String(i.slot)));
  };
  const repo: QueueRepository = {
    async get(brandId, accountId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { pk: brand(brandId), sk: keys.queue(accountId) } }));
      const parsed = queueInput.safeParse(Item?.config);
      return parsed.success ? parsed.data : undefined;
    },
    async put(brandId, accountId, config) {
      await client.send(new PutCommand({ TableName: tableName, Item: { pk: brand(brandId), sk: keys.queue(accountId), type: 'queue', config } }));
    },
    async claimNextSlot(brandId, accountId, postId, after) {
      const config = await repo.get(brandId, accountId);
      if (!config) return undefined;
      const from = new Date(after.getTime() + LEAD_MS);
      const candidates = slotTimes(config, from, HORIZON_WEEKS);
      const busy = await taken(brandId, accountId, from, candidates.at(-1) ?? from);
      for (const at of candidates) {
        const slot = at.toISOString();
        if (busy.has(slot)) continue;
        try {
          await client.send(new PutCommand({
            TableName: tableName,
            Item: { pk: brand(brandId), sk: keys.slot(accountId, slot), type: 'slot', slot, postId, [TTL_ATTRIBUTE]: Math.floor(at.getTime() / 1000) + 7 * 86_400 },
            ConditionExpression: 'attribute_not_exists(pk)',
          }));
          return at;
        } catch (error) {
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        }
      }
      return undefined;
    },
    async release(brandId, accountId, slot) {
      await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: brand(brandId), sk: keys.slot(accountId, slot) } }));
    },
    async upcoming(brandId, accountId, after, count) {
      const config = await repo.get(brandId, accountId);
      if (!config) return [];
      const candidates = slotTimes(config, after, HORIZON_WEEKS).slice(0, count);
      const busy = await taken(brandId, accountId, after, candidates.at(-1) ?? after);
      return candidates.map((at) => ({ at: at.toISOString(), taken: busy.has(at.toISOString()) }));
    },
  };
  return repo;
}

/** Every slot instant from `from` on, for `weeks` weeks, in order (DST-safe through localToInstant). */
export function slotTimes(config: QueueConfig, from: Date, weeks: number): Date[] {
  const out: Date[] = [];
  const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: config.timezone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' });
  for (let d = -1; d < weeks * 7 + 1; d++) {
    const day = new Date(from.getTime() + d * 86_400_000);
    const parts = Object.fromEntries(dayFormat.formatToParts(day).map((p) => [p.type, p.value]));
    const weekday = String(parts.weekday).slice(0, 3).toLowerCase();
    for (const slot of config.slots.filter((s) => s.day === weekday).sort((a, b) => a.time.localeCompare(b.time))) {
      const at = localToInstant(`${parts.year}-${parts.month}-${parts.day}T${slot.time}`, config.timezone);
      if (at.getTime() >= from.getTime() && !out.some((o) => o.getTime() === at.getTime())) out.push(at);
    }
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}
