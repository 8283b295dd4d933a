/**
 * Reading Graph insights edges for the Facebook, Instagram and Threads metrics: `{data: [{name, period,
 * values: [{value, end_time}] | total_value: {value}}]}` (https://developers.facebook.com/docs/graph-api/reference/insights,
 * the Instagram and Threads insights references), and running the optional parts of a reading.
 */
import { NetworkError, type RateLimitState } from '../contract.js';
import type { GraphClient, GraphParams } from './graph-client.js';

interface InsightsBody {
  readonly data?: ReadonlyArray<{
    readonly name?: unknown;
    readonly values?: ReadonlyArray<{ readonly value?: unknown }>;
    readonly total_value?: { readonly value?: unknown };
  }>;
}

/**
 * Each metric's latest number: `total_value.value`, else the last of `values` (a daily series ends with
 * the latest day). Breakdown objects and absent metrics are left out, so they read as missing.
 */
export function insightValues(body: InsightsBody): Record<string, number> {
  const raw: Record<string, number> = {};
  for (const metric of body.data ?? []) {
    const value = metric.total_value?.value ?? metric.values?.at(-1)?.value;
    if (typeof metric.name === 'string' && typeof value === 'number' && Number.isFinite(value)) raw[metric.name] = value;
  }
  return raw;
}

export async function readInsights(api: GraphClient, path: string, params: GraphParams): Promise<{ raw: Record<string, number>; rateLimit?: RateLimitState }> {
  const res = await api.request<InsightsBody>({ path, params });
  return { raw: insightValues(res.body), rateLimit: res.rateLimit };
}

/**
 * Runs an optional part of a reading (insights next to basic fields that already worked). A refusal of
 * that part alone — missing permission (#10/#200 → disconnected), an unknown or unavailable metric
 * (#100 → bad_content) — becomes a reason in `missing` and undefined, so the reading is partial. Token,
 * throttling and transport failures are thrown: they would fail the whole reading on a retry too.
 */
export async function optionalPart<T>(label: string, missing: string[], task: () => Promise<T>): Promise<T | undefined> {
  try {
    return await task();
  } catch (error) {
    if (error instanceof NetworkError && (error.kind === 'bad_content' || error.kind === 'disconnected')) {
      missing.push(`${label}: ${error.httpStatus ?? 'error'} (${error.message})`);
      return undefined;
    }
    throw error;
  }
}
