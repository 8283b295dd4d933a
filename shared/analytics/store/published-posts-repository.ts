/**
 * Analytics' own read model of published posts, built from PostPublished: what reports, rollups
 * and best times need of a post (text, link, campaign, content pillar, network, account), so that
 * analytics never reads the publishing pillar's rows. Partitioned by brand and month of publication
 * (see keys.ts); a redelivered event lands on the same item.
 */
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../platform/store/keys.js';
import { batchPut } from '../../platform/store/batch-writer.js';
import { monthsBetween } from '../../platform/store/month-partitions.js';

export interface PublishedPost {
  readonly brandId: string;
  readonly postId: string;
  readonly accountId: string;
  readonly network: string;
  readonly networkPostId: string;
  readonly publishedAt: string;
  readonly url?: string;
  readonly text?: string;
  readonly link?: string;
  readonly campaign?: string;
  readonly pillar?: string;
}

export interface PublishedPostsRepository {
  record(posts: readonly PublishedPost[]): Promise<void>;
  /** The brand's posts published in [from, to), oldest first. */
  list(brandId: string, from: Date, to: Date): Promise<PublishedPost[]>;
}

export function createPublishedPostsRepository(client: DynamoDBDocumentClient, tableName: string): PublishedPostsRepository {
  return {
    async record(posts) {
      await batchPut(client, tableName, posts.map((p) => ({
        pk: keys.publishedPosts(p.brandId, p.publishedAt.slice(0, 7)),
        sk: keys.publishedPost(p.publishedAt, p.postId),
        type: 'publishedPost', ...p,
      })));
    },
    async list(brandId, from, to) {
      const lower = from.toISOString();
      const upper = to.toISOString();
      const found: PublishedPost[] = [];
      for (const month of monthsBetween(lower, upper)) {
        let startKey: Record<string, unknown> | undefined;
        do {
          const page = await client.send(new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
            ExpressionAttributeValues: { ':pk': keys.publishedPosts(brandId, month), ':lower': lower, ':upper': `${upper}#` },
            ExclusiveStartKey: startKey,
          }));
          for (const item of page.Items ?? []) found.push(toPublishedPost(item));
          startKey = page.LastEvaluatedKey;
        } while (startKey);
      }
      return found.filter((p) => p.publishedAt < upper);
    },
  };
}

function toPublishedPost(item: Record<string, unknown>): PublishedPost {
  const { pk: _pk, sk: _sk, type: _type, ...post } = item;
  return post as unknown as PublishedPost;
}
