/** Posts in the single table; see keys.ts for the key layout. */
import {
  GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, DeleteCommand, type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GSI1, keys, TTL_ATTRIBUTE } from '../../platform/store/keys.js';
import { batchPut } from '../../platform/store/batch-writer.js';
import type { Post, PostStatus } from '../post.js';
import { ConflictError, PillarsError } from '../../platform/errors.js';

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/** A request with this Idempotency-Key already created a post. */
export class DuplicateRequestError extends PillarsError {
  constructor(idempotencyKey: string, options?: ErrorOptions) {
    super(`Idempotency-Key ${idempotencyKey} was already used`, 409, options);
  }
}

export interface PostsRepository {
  /**
   * Stores a new post. With an idempotency key, the post and the key are written in one
   * transaction; a key already used by this brand throws DuplicateRequestError instead.
   */
  create(post: Post, options?: { idempotencyKey?: string }): Promise<void>;
  /** Stores many new posts in batches (imports); no condition per item, so ids must be fresh. */
  createMany(posts: readonly Post[]): Promise<void>;
  /** The post an earlier request with this Idempotency-Key created, within the last 24 hours. */
  findByIdempotencyKey(brandId: string, idempotencyKey: string, now: Date): Promise<Post | undefined>;
  get(brandId: string, postId: string): Promise<Post | undefined>;
  /** Removes a post, and the request item of the Idempotency-Key that created it, if given. */
  remove(brandId: string, postId: string, idempotencyKey?: string): Promise<void>;
  list(brandId: string, options?: { limit?: number; cursor?: string; status?: PostStatus }): Promise<{ items: Post[]; cursor?: string }>;
  listDue(brandId: string, from: string, to: string): Promise<Post[]>;
  /** All of a brand's posts in one status (reads the due-time index, filtered). */
  listByStatus(brandId: string, status: PostStatus): Promise<Post[]>;
  /**
   * Moves a post from one of `from` to `to` only if it is still in `from` (and, when given,
   * still fenced by `attemptId`). Returns the new post, or undefined when the condition failed:
   * someone else moved it first.
   */
  transition(
    brandId: string,
    postId: string,
    change: {
      from: readonly PostStatus[];
      to: PostStatus;
      attemptId?: string;
      /** Optimistic concurrency: only if nobody changed the post since it had this `version`. */
      ifVersion?: number;
      set?: Partial<Post>;
      remove?: (keyof Post)[];
    },
  ): Promise<Post | undefined>;
}

export function createPostsRepository(client: DynamoDBDocumentClient, tableName: string): PostsRepository {
  const key = (brandId: string, postId: string) => ({ pk: keys.brand(brandId), sk: keys.post(postId) });

  return {
    async create(post, options = {}) {
      const put = { TableName: tableName, Item: toItem(post), ConditionExpression: 'attribute_not_exists(pk)' };
      try {
        if (!options.idempotencyKey) {
          await client.send(new PutCommand(put));
          return;
        }
        await client.send(new TransactWriteCommand({
          TransactItems: [
            { Put: put },
            {
              Put: {
                TableName: tableName,
                Item: {
                  pk: keys.brand(post.brandId), sk: keys.idempotency(options.idempotencyKey), type: 'request', postId: post.postId,
                  [TTL_ATTRIBUTE]: Math.floor(Date.parse(post.createdAt) / 1000) + IDEMPOTENCY_TTL_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }));
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) throw new ConflictError(`post ${post.postId} already exists`, { cause: error });
        if (error instanceof TransactionCanceledException && error.CancellationReasons?.[1]?.Code === 'ConditionalCheckFailed') {
          throw new DuplicateRequestError(options.idempotencyKey!, { cause: error });
        }
        throw error;
      }
    },

    async createMany(posts) {
      await batchPut(client, tableName, posts.map(toItem));
    },

    async findByIdempotencyKey(brandId, idempotencyKey, now) {
      const { Item } = await client.send(new GetCommand({
        TableName: tableName, Key: { pk: keys.brand(brandId), sk: keys.idempotency(idempotencyKey) }, ConsistentRead: true,
      }));
      // TTL deletion lags by up to days, so an expired item is treated as absent.
      if (!Item || Number(Item[TTL_ATTRIBUTE]) * 1000 < now.getTime()) return undefined;
      return this.get(brandId, String(Item.postId));
    },

    async get(brandId, postId) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key(brandId, postId), ConsistentRead: true }));
      return Item ? toPost(Item) : undefined;
    },

    async remove(brandId, postId, idempotencyKey) {
      await client.send(new DeleteCommand({ TableName: tableName, Key: key(brandId, postId) }));
      if (idempotencyKey) {
        await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: keys.brand(brandId), sk: keys.idempotency(idempotencyKey) } }));
      }
    },

    async list(brandId, options = {}) {
      const { Items = [], LastEvaluatedKey } = await client.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: options.status ? '#status = :status' : undefined,
        ExpressionAttributeNames: options.status ? { '#status': 'status' } : undefined,
        ExpressionAttributeValues: { ':pk': keys.brand(brandId), ':prefix': keys.postPrefix, ...(options.status ? { ':status': options.status } : {}) },
        ScanIndexForward: false,
        Limit: options.limit ?? 50,
        ExclusiveStartKey: options.cursor ? decodeCursor(options.cursor, brandId) : undefined,
      }));
      return { items: Items.map(toPost), cursor: LastEvaluatedKey ? encodeCursor(LastEvaluatedKey) : undefined };
    },

    async listDue(brandId, from, to) {
      // Due times are stored as UTC ISO strings with milliseconds; bounds in any offset or
      // precision are normalised to that form so the string range is the instant range.
      const [lo, hi] = [from, to].map((bound) => {
        const instant = new Date(bound);
        if (Number.isNaN(instant.getTime())) throw new RangeError(`listDue: "${bound}" is not a date-time`);
        return instant.toISOString();
      });
      const items: Post[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(new QueryCommand({
          TableName: tableName,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': keys.postsByDue(brandId), ':from': lo, ':to': `${hi}~` },
          ExclusiveStartKey: start,
        }));
        items.push(...(page.Items ?? []).map(toPost));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },

    async listByStatus(brandId, status) {
      const items: Post[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await client.send(new QueryCommand({
          TableName: tableName,
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :pk',
          FilterExpression: '#status = :status',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pk': keys.postsByDue(brandId), ':status': status },
          ExclusiveStartKey: start,
        }));
        items.push(...(page.Items ?? []).map(toPost));
        start = page.LastEvaluatedKey;
      } while (start);
      return items;
    },

    async transition(brandId, postId, change) {
      // Undefined fields are left out: the client drops undefined values, which would leave the
      // expression naming a value that is not there.
      // The due-time index key follows the due time.
      const dueKey = change.set?.dueAt ? { gsi1sk: keys.postDueSort(change.set.dueAt, postId) } : {};
      const set: Record<string, unknown> = Object.fromEntries(
        Object.entries({ ...change.set, ...dueKey, status: change.to, updatedAt: new Date().toISOString() }).filter(([, v]) => v !== undefined),
      );
      const names: Record<string, string> = { '#status': 'status', '#version': 'version' };
      const values: Record<string, unknown> = { ':zero': 0, ':one': 1 };
      const assignments = Object.entries(set).map(([field, value], i) => {
        names[`#f${i}`] = field;
        values[`:v${i}`] = value;
        return `#f${i} = :v${i}`;
      });
      const removals = (change.remove ?? []).map((field, i) => {
        names[`#r${i}`] = field;
        return `#r${i}`;
      });
      const fromList = change.from.map((status, i) => {
        values[`:from${i}`] = status;
        return `:from${i}`;
      });
      let condition = `attribute_exists(pk) AND #status IN (${fromList.join(', ')})`;
      if (change.ifVersion !== undefined) {
        values[':ifVersion'] = change.ifVersion;
        condition += change.ifVersion === 0 ? ' AND (attribute_not_exists(#version) OR #version = :ifVersion)' : ' AND #version = :ifVersion';
      }
      if (change.attemptId !== undefined) {
        names['#attemptId'] = 'attemptId';
        values[':attemptId'] = change.attemptId;
        condition += ' AND #attemptId = :attemptId';
      }
      try {
        const { Attributes } = await client.send(new UpdateCommand({
          TableName: tableName,
          Key: key(brandId, postId),
          // Every change bumps the version, which edits use to detect a concurrent change.
          UpdateExpression: `SET ${[...assignments, '#version = if_not_exists(#version, :zero) + :one'].join(', ')}${removals.length ? ` REMOVE ${removals.join(', ')}` : ''}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }));
        return Attributes ? toPost(Attributes) : undefined;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return undefined;
        throw error;
      }
    },
  };
}

function toItem(post: Post): Record<string, unknown> {
  return {
    pk: keys.brand(post.brandId), sk: keys.post(post.postId),
    gsi1pk: keys.postsByDue(post.brandId), gsi1sk: keys.postDueSort(post.dueAt, post.postId), type: 'post', ...post,
  };
}

function toPost(item: Record<string, unknown>): Post {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, type: _type, ...post } = item;
  return post as unknown as Post;
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor is only honoured for the brand that asked; a forged one cannot page another brand. */
function decodeCursor(cursor: string, brandId: string): Record<string, unknown> | undefined {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Record<string, unknown>;
    return key.pk === keys.brand(brandId) ? key : undefined;
  } catch {
    return undefined;
  }
}
