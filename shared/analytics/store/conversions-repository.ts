/**
 * Conversions reported by the brand's shop over the signed webhook, one item per conversion in the
 * brand's partition of the month it occurred in. A delivery retried by the sender carries the same
 * body, so it lands on the same key and the conditional put stores it once.
 */
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { keys } from '../../platform/store/keys.js';
import { monthsBetween } from '../../platform/store/month-partitions.js';

export interface Conversion {
  readonly brandId: string;
  readonly conversionId: string;
  /** ISO instant (UTC) of the conversion. */
  readonly occurredAt: string;
  readonly value: number;
  readonly currency: string;
  readonly source: string;
  readonly medium?: string;
  readonly campaign: string;
  readonly orderId?: string;
  /** The Standard Webhooks message id it arrived with. */
  readonly webhookId: string;
  readonly receivedAt: string;
}

export interface ConversionsRepository {
  /** False when this conversion was already stored. */
  putOnce(conversion: Conversion): Promise<boolean>;
  /** Conversions that occurred on the days `from`..`to` (YYYY-MM-DD, UTC, inclusive), oldest first. */
  listByDays(brandId: string, from: string, to: string): Promise<Conversion[]>;
}

export function createConversionsRepository(client: DynamoDBDocumentClient, tableName: string): ConversionsRepository {
  return {
    async putOnce(conversion) {
      try {
        await client.send(new PutCommand({
          TableName: tableName,
          Item: {
            pk: keys.conversions(conversion.brandId, conversion.occurredAt.slice(0, 7)),
            sk: keys.conversion(conversion.occurredAt, conversion.conversionId),
            type: 'conversion',
            ...conversion,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async listByDays(brandId, from, to) {
      const found: Conversion[] = [];
      for (const month of monthsBetween(from, to)) {
        let start: Record<string, unknown> | undefined;
        do {
          const page = await client.send(new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': keys.conversions(brandId, month), ':from': from, ':to': `${to}\uffff` },
            ExclusiveStartKey: start,
          }));
          found.push(...(page.Items ?? []).map(toConversion));
          start = page.LastEvaluatedKey;
        } while (start);
      }
      return found;
    },
  };
}

function toConversion(item: Record<string, unknown>): Conversion {
  const { pk: _pk, sk: _sk, type: _type, ...conversion } = item;
  return conversion as unknown as Conversion;
}
