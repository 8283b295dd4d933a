/**
 * Batched writes: BatchWriteItem takes at most 25 items, and DynamoDB may hand some back as
 * UnprocessedItems under throttling; those are retried with backoff rather than lost.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const MAX_BATCH = 25;
/** BatchWriteItem calls kept in flight at once unless a caller says otherwise. */
export const DEFAULT_BATCH_CONCURRENCY = 4;

export interface BatchWriteOptions {
  readonly concurrency?: number;
  readonly maxAttempts?: number;
}

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

export function batchPut(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
  options: BatchWriteOptions = {},
): Promise<void> {
  return batchWrite(client, tableName, items.map((Item) => ({ PutRequest: { Item } })), options);
}

/** Deletes items by key (`{ pk, sk }`) in batches; deleting an absent item is not an error. */
export function batchDelete(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
  options: BatchWriteOptions = {},
): Promise<void> {
  return batchWrite(client, tableName, keys.map((Key) => ({ DeleteRequest: { Key } })), options);
}

async function batchWrite(client: DynamoDBDocumentClient, tableName: string, requests: WriteRequest[], options: BatchWriteOptions): Promise<void> {
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < requests.length; i += MAX_BATCH) chunks.push(requests.slice(i, i + MAX_BATCH));
  const concurrency = options.concurrency ?? DEFAULT_BATCH_CONCURRENCY;
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      await writeChunk(client, tableName, chunk, options.maxAttempts ?? 8);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
}

async function writeChunk(client: DynamoDBDocumentClient, tableName: string, chunk: WriteRequest[], maxAttempts: number) {
  let requests = chunk;
  for (let attempt = 1; requests.length > 0; attempt++) {
    if (attempt > maxAttempts) throw new Error(`BatchWriteItem: ${requests.length} item(s) still unprocessed after ${maxAttempts} attempts`);
    if (attempt > 1) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
    const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
    requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
  }
}
