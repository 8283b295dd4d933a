/**
 * Picking a post's metrics from its snapshot time series. Snapshots are collected at set ages
 * after publishing but may be stored out of order (retries, back-fills), so they are ordered by
 * when they were observed, never by arrival.
 */
import type { PostMetricValues } from '../contracts/metric-names.js';
import { instantOf } from './periods.js';

export interface MetricSnapshot {
  /** ISO 8601 instant the network was asked. */
  readonly observedAt: string;
  readonly values: PostMetricValues;
}

/** The latest snapshot observed at or before `instant`; undefined when none was by then. */
export function snapshotAtOrBefore(snapshots: readonly MetricSnapshot[], instant: string): MetricSnapshot | undefined {
  const limit = instantOf('instant', instant);
  let latest: { snapshot: MetricSnapshot; at: number } | undefined;
  for (const snapshot of snapshots) {
    const at = instantOf('observedAt', snapshot.observedAt);
    if (at <= limit && (!latest || at >= latest.at)) latest = { snapshot, at };
  }
  return latest?.snapshot;
}

/**
 * The values "at age X": the latest snapshot observed at or before publishedAt + ageMs, so every
 * post in a comparison is measured after the same time on the network.
 */
export function snapshotAtAge(snapshots: readonly MetricSnapshot[], publishedAt: string, ageMs: number): MetricSnapshot | undefined {
  if (!Number.isFinite(ageMs) || ageMs < 0) throw new RangeError(`ageMs must be a non-negative number of milliseconds; got ${ageMs}`);
  return snapshotAtOrBefore(snapshots, new Date(instantOf('publishedAt', publishedAt) + ageMs).toISOString());
}
