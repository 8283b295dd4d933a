import { describe, expect, it } from 'vitest';
import { emptyPostMetrics } from '../../../shared/contracts/metric-names.js';
import { snapshotAtAge, snapshotAtOrBefore, type MetricSnapshot } from '../../../shared/analytics/snapshots.js';

const snap = (observedAt: string, reactions: number): MetricSnapshot => ({ observedAt, values: { ...emptyPostMetrics(), reactions } });

// Stored out of order, as retries and back-fills leave them.
const snapshots = [
  snap('2026-05-08T09:00:00Z', 70), // 7 days
  snap('2026-05-01T10:00:00Z', 5), // 1 hour
  snap('2026-05-02T09:00:00Z', 40), // 24 hours
  snap('2026-05-01T15:00:00Z', 20), // 6 hours
];
const publishedAt = '2026-05-01T09:00:00Z';
const HOUR = 3_600_000;

describe('snapshotAtAge', () => {
  it('takes the latest snapshot observed by publishedAt + age, whatever the stored order', () => {
    expect(snapshotAtAge(snapshots, publishedAt, 24 * HOUR)?.values.reactions).toBe(40); // exactly at 24 h counts
    expect(snapshotAtAge(snapshots, publishedAt, 23 * HOUR)?.values.reactions).toBe(20);
    expect(snapshotAtAge(snapshots, publishedAt, 30 * 24 * HOUR)?.values.reactions).toBe(70);
  });

  it('has nothing before the first snapshot', () => {
    expect(snapshotAtAge(snapshots, publishedAt, 0)).toBeUndefined();
  });

  it('rejects a negative age', () => {
    expect(() => snapshotAtAge(snapshots, publishedAt, -1)).toThrow('ageMs must be a non-negative number');
  });
});

describe('snapshotAtOrBefore', () => {
  it('takes the latest snapshot observed at or before the instant', () => {
    expect(snapshotAtOrBefore(snapshots, '2026-05-05T00:00:00Z')?.values.reactions).toBe(40);
    expect(snapshotAtOrBefore(snapshots, '2026-05-01T11:00:00+01:00')?.values.reactions).toBe(5); // 10:00Z
    expect(snapshotAtOrBefore(snapshots, '2026-04-30T00:00:00Z')).toBeUndefined();
  });

  it('names the field that is not a date-time', () => {
    expect(() => snapshotAtOrBefore([snap('soon', 1)], '2026-05-05T00:00:00Z')).toThrow('observedAt "soon" is not an ISO 8601 date-time');
    expect(() => snapshotAtOrBefore(snapshots, 'now')).toThrow('instant "now" is not an ISO 8601 date-time');
  });
});
