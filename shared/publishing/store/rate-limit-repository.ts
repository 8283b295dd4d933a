/**
 * Each account's publishing quota in the single table (see keys.ts): what the network's response
 * headers said last, and Pillars' own count of posts in the network's documented quota window.
 * The publisher reads it before calling the network and writes it after each answer.
 */
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { keys } from '../../platform/store/keys.js';
import type { NetworkLimits, RateLimitState } from '../../networks/contract.js';

export type PublishQuota = NonNullable<NetworkLimits['publishQuota']>;

export interface AccountRateLimit {
  /** Posts the network says are left until `resetAt` (its headers, or 0 after a 429). */
  readonly remaining?: number;
  readonly resetAt?: string;
  /** Start of the current documented quota window, and the posts Pillars sent in it. */
  readonly windowStart?: string;
  readonly windowCount?: number;
}

export interface RateLimitRepository {
  get(brandId: string, accountId: string): Promise<AccountRateLimit | undefined>;
  /**
   * Stores what the network's headers said. Answers can arrive out of order from concurrent
   * publishes, so an older window or a higher remaining count in the same window never
   * overwrites a newer, lower one.
   */
  recordHeaders(brandId: string, accountId: string, state: RateLimitState): Promise<void>;
  /** Counts `posts` sent now against the documented quota, opening a new window when the last one ended. */
  countPosts(brandId: string, accountId: string, posts: number, quota: PublishQuota, now: Date): Promise<void>;
}

export function createRateLimitRepository(client: DynamoDBDocumentClient, tableName: string): RateLimitRepository {
  const key = (brandId: string, accountId: string) => ({ pk: keys.brand(brandId), sk: keys.rateLimit(accountId) });
  const update = async (input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<boolean> => {
    try {
      await client.send(new UpdateCommand({ TableName: tableName, ...input }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  };

  return {
    async get(brandId, accountId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key(brandId, accountId), ConsistentRead: true }));
      if (!Item) return undefined;
      const { remaining, resetAt, windowStart, windowCount } = Item as AccountRateLimit;
      return { remaining, resetAt, windowStart, windowCount };
    },

    async recordHeaders(brandId, accountId, state) {
      await update({
        Key: key(brandId, accountId),
        UpdateExpression: 'SET #type = :type, remaining = :remaining, resetAt = :resetAt',
        ConditionExpression: 'attribute_not_exists(resetAt) OR resetAt < :resetAt OR (resetAt = :resetAt AND remaining >= :remaining)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'rateLimit', ':remaining': state.remaining, ':resetAt': state.resetAt },
      });
    },

    async countPosts(brandId, accountId, posts, quota, now) {
      const windowOpenedAfter = new Date(now.getTime() - quota.perSeconds * 1000).toISOString();
      // Two conditional writes race-free: add to the open window, or open a new one; if another
      // publisher opened it in between, the first write succeeds on the second round.
      for (let round = 0; round < 3; round++) {
        const added = await update({
          Key: key(brandId, accountId),
          UpdateExpression: 'ADD windowCount :posts',
          ConditionExpression: 'windowStart > :cutoff',
          ExpressionAttributeValues: { ':posts': posts, ':cutoff': windowOpenedAfter },
        });
        if (added) return;
        const opened = await update({
          Key: key(brandId, accountId),
          UpdateExpression: 'SET #type = :type, windowStart = :now, windowCount = :posts',
          ConditionExpression: 'attribute_not_exists(windowStart) OR windowStart <= :cutoff',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'rateLimit', ':now': now.toISOString(), ':posts': posts, ':cutoff': windowOpenedAfter },
        });
        if (opened) return;
      }
    },
  };
}
