/**
 * Reading what an account already posted, shared by the Meta adapters: Graph timestamps, newest-first edge
 * listing with `since`, and the publishing-quota error that needs both to say when the next slot frees.
 */
import { NetworkError, type NetworkName } from '../contract.js';
import { bestEffort } from './adapter-helpers.js';
import type { GraphClient, GraphParams } from './graph-client.js';
import { networkLabel } from './graph-errors.js';

/** Graph timestamps (`2025-03-01T12:00:00+0000`, or unix seconds) as ISO 8601; undefined when unreadable. */
export function graphTime(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000).toISOString();
  if (typeof value !== 'string') return undefined;
  const normalized = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const at = Date.parse(normalized);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/**
 * When the next publishing slot frees in a moving window: the `usage - total + 1`-th oldest post of the
 * window, plus the window. `timestamps` (ms) may include posts that do not count against the quota (posted
 * from the app): the answer is then a lower bound, and a retry at that time meets the quota again at worst.
 */
export function quotaResetAt(timestamps: readonly number[], usage: number, total: number, windowMs: number): number | undefined {
  const sorted = [...timestamps].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, usage - total));
  const oldest = sorted[index];
  return oldest === undefined ? undefined : oldest + windowMs;
}

export interface ListedItem {
  readonly id: string;
  readonly createdAt: string;
  readonly raw: Record<string, unknown>;
}

/**
 * Reads an edge newest first (`/{id}/posts`, `/{id}/media`, `/{id}/threads`) with `since` (unix seconds), following
 * `paging.cursors.after` while items are at or after `since`, at most `maxPages` pages. Graph timestamps have
 * second precision, so `since` is compared at second precision too: a post made 300 ms after `since` is kept.
 */
export async function listSince(
  graph: GraphClient,
  path: string,
  params: GraphParams,
  timeField: string,
  since: Date,
  maxPages = 10,
): Promise<ListedItem[]> {
  const sinceSeconds = Math.floor(since.getTime() / 1000);
  const items: ListedItem[] = [];
  let after: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const { body } = await graph.request<{ data?: unknown; paging?: { cursors?: { after?: unknown }; next?: unknown } }>({
      path, params: { ...params, since: sinceSeconds, ...(after ? { after } : {}) },
    });
    const data = Array.isArray(body.data) ? body.data.filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null) : [];
    let older = false;
    for (const raw of data) {
      const createdAt = graphTime(raw[timeField]);
      if (typeof raw.id !== 'string' || !createdAt) continue;
      if (Date.parse(createdAt) < sinceSeconds * 1000) {
        older = true;
        continue;
      }
      items.push({ id: raw.id, createdAt, raw });
    }
    const cursor = body.paging?.cursors?.after;
    if (older || data.length === 0 || typeof body.paging?.next !== 'string' || typeof cursor !== 'string') break;
    after = cursor;
  }
  return items.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/**
 * The `retry_later` error for a publishing quota answer (Instagram 50, Threads 250 posts per moving 24 h),
 * with `retryAfterMs` until the next slot frees: the quota from `limitPath` (`quota_usage`,
 * `config.quota_total`, `config.quota_duration`) and the window's posts from `listPath`. Both reads are
 * best effort; without them the wait falls back to the usage headers, if any.
 */
export async function publishingQuotaError(
  graph: GraphClient,
  network: NetworkName,
  error: NetworkError,
  input: { limitPath: string; listPath: string; timeField: string; defaultTotal: number; now: () => number },
): Promise<NetworkError> {
  const limit = await bestEffort(() => graph.request<{ data?: unknown }>({ path: input.limitPath, params: { fields: 'quota_usage,config' } }));
  const entry = Array.isArray(limit?.body.data) ? (limit.body.data[0] as Record<string, unknown> | undefined) : undefined;
  const config = (typeof entry?.config === 'object' && entry.config !== null ? entry.config : {}) as Record<string, unknown>;
  const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
  const total = num(config.quota_total, input.defaultTotal);
  const windowSeconds = num(config.quota_duration, 86_400);
  const usage = num(entry?.quota_usage, total);
  const recent = await bestEffort(() => listSince(graph, input.listPath, { fields: `id,${input.timeField}`, limit: 100 }, input.timeField,
    new Date(input.now() - windowSeconds * 1000)));
  const resetAt = recent && quotaResetAt(recent.map((r) => Date.parse(r.createdAt)), usage, total, windowSeconds * 1000);
  const retryAfterMs = resetAt === undefined ? error.retryAfterMs : Math.max(0, resetAt - input.now());
  const next = resetAt === undefined ? 'unknown' : new Date(resetAt).toISOString();
  return new NetworkError(network, 'retry_later',
    `${networkLabel(network)} publishing quota reached (${usage} of ${total} posts per ${windowSeconds / 3600} h); next slot at ${next}`,
    { retryAfterMs, httpStatus: error.httpStatus, cause: error.cause ?? error });
}
