/**
 * Daily web analytics rows imported from GA4: one item per (day, source, campaign), in the brand's
 * partition of the day's month. A day is replaced whole, so re-importing it (GA4 keeps refining
 * recent days) never leaves duplicates nor rows that GA4 no longer reports.
 */
import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchPut } from '../../platform/store/batch-writer.js';
import { keys } from '../../platform/store/keys.js';
import { monthsBetween } from '../../platform/store/month-partitions.js';

export interface WebAnalyticsRow {
  readonly brandId: string;
  /** YYYY-MM-DD in the GA4 property's time zone. */
  readonly day: string;
  readonly source: string;
  readonly medium: string;
  readonly campaign: string;
  /** null: GA4 did not return the metric (missing, not zero). */
  readonly sessions: number | null;
  readonly conversions: number | null;
  readonly revenue: number | null;
  /** The property's currency, which revenue is in. */
  readonly currency: string;
}

export interface WebAnalyticsRepository {
  /** Makes `rows` the brand's only rows for `day`: new ones written first, then the stale ones removed. */
  replaceDay(brandId: string, day: string, rows: readonly WebAnalyticsRow[]): Promise<{ written: number; removed: number }>;
  /** Rows of the days `from`..`to` (inclusive), by day. */
  listByDays(brandId: string, from: string, to: string): Promise<WebAnalyticsRow[]>;
}

const MAX_BATCH = 25;

export function createWebAnalyticsRepository(client: DynamoDBDocumentClient, tableName: string): WebAnalyticsRepository {
  const pk = (brandId: string, day: string) => keys.webAnalytics(brandId, day.slice(0, 7));
  const query = async (brandId: string, month: string, from: string, to: string) => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.webAnalytics(brandId, month), ':from': `${from}#`, ':to': `${to}#\uffff` },
        ExclusiveStartKey: start,
      }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  };
  return {
    async replaceDay(brandId, day, rows) {
      const items = rows.map((row) => ({ pk: pk(brandId, day), sk: keys.webAnalyticsRow(day, row.source, row.campaign), type: 'webAnalytics', ...row }));
      const fresh = new Set(items.map((item) => item.sk));
      const stale = (await query(brandId, day.slice(0, 7), day, day)).map((item) => String(item.sk)).filter((sk) => !fresh.has(sk));
      await batchPut(client, tableName, items);
      for (let i = 0; i < stale.length; i += MAX_BATCH) {
        const deletes = stale.slice(i, i + MAX_BATCH).map((sk) => ({ DeleteRequest: { Key: { pk: pk(brandId, day), sk } } }));
        await deleteAll(client, tableName, deletes);
      }
      return { written: items.length, removed: stale.length };
    },
    async listByDays(brandId, from, to) {
      const rows: WebAnalyticsRow[] = [];
      for (const month of monthsBetween(from, to)) rows.push(...(await query(brandId, month, from, to)).map(toRow));
      return rows;
    },
  };
}

async function deleteAll(client: DynamoDBDocumentClient, tableName: string, requests: Record<string, unknown>[], attempt = 1): Promise<void> {
  const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
  const left = result.UnprocessedItems?.[tableName] ?? [];
  if (left.length === 0) return;
  if (attempt >= 8) throw new Error(`BatchWriteItem: ${left.length} delete(s) still unprocessed after ${attempt} attempts`);
  await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
  await deleteAll(client, tableName, left as Record<string, unknown>[], attempt + 1);
}

function toRow(item: Record<string, unknown>): WebAnalyticsRow {
  const { pk: _pk, sk: _sk, type: _type, ...row } = item;
  return { ...row, sessions: row.sessions ?? null, conversions: row.conversions ?? null, revenue: row.revenue ?? null } as unknown as WebAnalyticsRow;
}
