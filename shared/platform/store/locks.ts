/**
 * Short leases in the table for work that must not run twice at once across Lambda instances
 * (e.g. refreshing one credential). A lease expires on its own, so a crashed holder never
 * blocks the next one for longer than `leaseMs`.
 */
import { DeleteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { keys, TTL_ATTRIBUTE } from './keys.js';
import { PillarsError } from '../errors.js';

export type WithLock = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

export class LockBusyError extends PillarsError {
  constructor(name: string) {
    super(`lock ${name} is held by another invocation`, 503);
  }
}

export function createLocks(client: DynamoDBDocumentClient, tableName: string, options: { leaseMs?: number; waitMs?: number } = {}): WithLock {
  const leaseMs = options.leaseMs ?? 30_000;
  const waitMs = options.waitMs ?? 10_000;
  return async (name, fn) => {
    const key = { pk: keys.lock(name), sk: keys.lock(name) };
    const owner = randomUUID();
    const deadline = Date.now() + waitMs;
    for (let attempt = 0; ; attempt++) {
      const now = Date.now();
      try {
        await client.send(new PutCommand({
          TableName: tableName,
          Item: { ...key, type: 'lock', owner, leaseUntil: now + leaseMs, [TTL_ATTRIBUTE]: Math.ceil((now + leaseMs) / 1000) + 3600 },
          ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
          ExpressionAttributeValues: { ':now': now },
        }));
        break;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (Date.now() > deadline) throw new LockBusyError(name);
        await new Promise((r) => setTimeout(r, Math.min(500, 25 * 2 ** attempt)));
      }
    }
    try {
      return await fn();
    } finally {
      await client.send(new DeleteCommand({
        TableName: tableName, Key: key, ConditionExpression: '#owner = :owner',
        ExpressionAttributeNames: { '#owner': 'owner' }, ExpressionAttributeValues: { ':owner': owner },
      })).catch((error: unknown) => {
        // Our lease expired and someone else holds it now: theirs to release.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
    }
  };
}
