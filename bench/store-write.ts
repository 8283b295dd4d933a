/**
 * The store's batched writer (25-item batches, parallel, UnprocessedItems retried) against the
 * baseline of raw BatchWriteItem calls issued one after another, on the same DynamoDB Local.
 */
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchPut } from '../shared/platform/store/batch-writer.js';

export interface StoreWriteResult {
  readonly items: number;
  readonly rawItemsPerSecond: number;
  readonly storeItemsPerSecond: number;
  readonly ratio: number;
}

const ROUNDS = 5;

export async function benchStoreWrite(endpoint: string, items = 2_000): Promise<StoreWriteResult> {
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const doc = DynamoDBDocumentClient.from(client);
  const rows = (prefix: string) => Array.from({ length: items }, (_, i) => ({
    pk: `BRAND#bench`, sk: `${prefix}#${String(i).padStart(6, '0')}`, n: i, text: 'x'.repeat(200),
  }));
  const table = async (name: string) => {
    await client.send(new CreateTableCommand({
      TableName: name, BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
    }));
    return name;
  };

  const rawTable = await table('bench-raw');
  const storeTable = await table('bench-store');
  // Warm both paths (connections, JIT) before measuring.
  await batchPut(doc, storeTable, rows('warm').slice(0, 250));
  await rawWrite(doc, rawTable, rows('warm').slice(0, 250));
  await batchPut(doc, storeTable, rows('warm2'));
  await rawWrite(doc, rawTable, rows('warm2'));

  // Alternate the two sides over several rounds and take each side's median, so drift in the
  // machine's load or in DynamoDB Local's JIT does not favour whichever ran last.
  const rawTimes: number[] = [];
  const storeTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rawTimes.push(await time(() => rawWrite(doc, rawTable, rows(`raw${round}`))));
    storeTimes.push(await time(() => batchPut(doc, storeTable, rows(`store${round}`))));
  }
  const rawMs = median(rawTimes);
  const storeMs = median(storeTimes);

  await client.send(new DeleteTableCommand({ TableName: rawTable }));
  await client.send(new DeleteTableCommand({ TableName: storeTable }));
  client.destroy();
  const raw = items / (rawMs / 1000);
  const store = items / (storeMs / 1000);
  return { items, rawItemsPerSecond: raw, storeItemsPerSecond: store, ratio: store / raw };
}

/** The baseline: one BatchWriteItem of 25 after another, as a hand-written loop would do it. */
async function rawWrite(doc: DynamoDBDocumentClient, tableName: string, rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += 25) {
    let pending = rows.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length) {
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  }
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
