/**
 * Takes every post snapshot that is due (on a schedule, every few minutes): reads each post's
 * metrics from its network, stores the readings in batches, then announces them.
 *
 * Per account, calls run one after another, and a rate limit (429 or an exhausted quota in the
 * response headers) stops calls to that account until it resets; its remaining snapshots are
 * deferred, not dropped. A snapshot that keeps failing, or whose post is gone, is stored as
 * missing (every metric null, `partial`, with the reason) so reports show the gap.
 *
 * Crash-safe by order: snapshots are stored, then announced, then their due items deleted. A
 * crash in between re-takes them on the next run, and they land on the same keys.
 */
import { event, type OutgoingEvent } from '../platform/events/publisher.js';
import { PostMetricsCollected } from '../contracts/events/catalogue.js';
import type { AdapterRegistry } from '../networks/registry.js';
import { NetworkError, type NetworkAccount, type PostMetricsReading } from '../networks/contract.js';
import { forEachLimited } from '../platform/concurrency.js';
import { emptyPostMetrics } from '../contracts/metric-names.js';
import { callWithFreshCredentials, type CredentialDeps } from './network-call.js';
import type { PostSnapshot, SnapshotDue, SnapshotsRepository } from './store/snapshots-repository.js';

export interface CollectPostMetricsDeps extends CredentialDeps {
  readonly snapshots: SnapshotsRepository;
  readonly accounts: { get(brandId: string, accountId: string): Promise<NetworkAccount | undefined> };
  readonly adapters: AdapterRegistry;
  readonly publish: (events: OutgoingEvent[]) => Promise<void>;
  readonly now: () => Date;
}

export interface CollectPolicy {
  /** Due snapshots read per round. @default 200 */
  readonly batchSize: number;
  /** Rounds per run, so one run ends well inside its timeout. @default 10 */
  readonly maxRounds: number;
  /** Attempts before a snapshot is stored as missing. @default 6 */
  readonly maxAttempts: number;
  /** Accounts read in parallel (calls within one account stay sequential). @default 4 */
  readonly accountConcurrency: number;
  /** First retry delay without Retry-After; doubles per attempt. @default 60 s */
  readonly baseRetryMs: number;
}

export const DEFAULT_COLLECT_POLICY: CollectPolicy = { batchSize: 200, maxRounds: 10, maxAttempts: 6, accountConcurrency: 4, baseRetryMs: 60_000 };

export interface CollectReport {
  taken: number;
  partial: number;
  deferred: number;
  /** Stored as missing after too many attempts, or because the post or account is gone. */
  missing: number;
}

export async function collectDuePostMetrics(deps: CollectPostMetricsDeps, policy: CollectPolicy = DEFAULT_COLLECT_POLICY): Promise<CollectReport> {
  const report: CollectReport = { taken: 0, partial: 0, deferred: 0, missing: 0 };
  for (let round = 0; round < policy.maxRounds; round++) {
    const dues = await deps.snapshots.listDue(deps.now(), policy.batchSize);
    if (dues.length === 0) break;
    const groups = [...groupByAccount(dues).values()];
    const results: Awaited<ReturnType<typeof collectAccount>>[] = [];
    await forEachLimited(groups, policy.accountConcurrency, async (group, i) => { results[i] = await collectAccount(deps, policy, group); });
    const stored = results.flatMap((r) => r.snapshots);
    for (const r of results) report.deferred += r.deferred;
    for (const s of stored) {
      if (s.missing?.some((m) => m.startsWith(GAVE_UP))) report.missing++;
      else { report.taken++; if (s.partial) report.partial++; }
    }
    await deps.snapshots.putPostSnapshots(stored);
    await deps.publish(stored.map(toEvent));
    await deps.snapshots.completeDue(stored);
    if (dues.length < policy.batchSize) break;
  }
  return report;
}

const GAVE_UP = 'not collected: ';

async function collectAccount(deps: CollectPostMetricsDeps, policy: CollectPolicy, group: SnapshotDue[]) {
  const snapshots: PostSnapshot[] = [];
  let deferred = 0;
  const first = group[0]!;
  const account = await deps.accounts.get(first.brandId, first.accountId);
  if (!account) return { snapshots: group.map((d) => missingSnapshot(d, deps.now(), `account ${d.accountId} is no longer connected`)), deferred };
  const adapter = deps.adapters(account.network);
  if (!adapter) return { snapshots: group.map((d) => missingSnapshot(d, deps.now(), `no adapter for network ${account.network}`)), deferred };

  let blocked: { until: Date; reason: string } | undefined;
  for (const due of group) {
    if (blocked) {
      // Not called, so no attempt spent: a busy account must not use up a snapshot's attempts.
      await deps.snapshots.deferDue(due, blocked.until, blocked.reason, false);
      deferred++;
      continue;
    }
    try {
      const reading = await callWithFreshCredentials(deps, account, adapter, (c) => adapter.fetchPostMetrics(account, c, due.networkPostId));
      snapshots.push(toSnapshot(due, reading));
      const limit = reading.rateLimit;
      if (limit && limit.remaining <= 0 && Date.parse(limit.resetAt) > deps.now().getTime()) {
        blocked = { until: new Date(limit.resetAt), reason: `rate limit used up until ${limit.resetAt}` };
      }
    } catch (error) {
      const kind = error instanceof NetworkError ? error.kind : 'internal';
      const reason = `${kind}: ${(error as Error).message}`;
      const permanent = kind === 'bad_content' || kind === 'disconnected';
      if (permanent || due.attempts + 1 >= policy.maxAttempts) {
        snapshots.push(missingSnapshot(due, deps.now(), permanent ? reason : `${reason} (after ${due.attempts + 1} attempts)`));
        continue;
      }
      const delay = (error instanceof NetworkError ? error.retryAfterMs : undefined) ?? policy.baseRetryMs * 2 ** due.attempts;
      const until = new Date(deps.now().getTime() + delay);
      await deps.snapshots.deferDue(due, until, reason);
      deferred++;
      // The network asked us to slow down: the account's other snapshots wait too.
      if (kind === 'retry_later') blocked = { until, reason };
    }
  }
  return { snapshots, deferred };
}

function toSnapshot(due: SnapshotDue, reading: PostMetricsReading): PostSnapshot {
  const { attempts: _a, dueAt: _d, lastError: _l, ageSeconds, ...ref } = due;
  return {
    ...ref, scheduledAgeSeconds: ageSeconds, observedAt: reading.observedAt, partial: reading.partial,
    missing: reading.missing?.length ? reading.missing : undefined, values: reading.values, raw: reading.raw,
  };
}

function missingSnapshot(due: SnapshotDue, now: Date, reason: string): PostSnapshot {
  const { attempts: _a, dueAt: _d, lastError: _l, ageSeconds, ...ref } = due;
  return { ...ref, scheduledAgeSeconds: ageSeconds, observedAt: now.toISOString(), partial: true, missing: [`${GAVE_UP}${reason}`], values: emptyPostMetrics(), raw: {} };
}

function toEvent(s: PostSnapshot): OutgoingEvent {
  return event(PostMetricsCollected, {
    schemaVersion: 1, brandId: s.brandId, postId: s.postId, accountId: s.accountId, network: s.network,
    slot: s.slot, ageMinutes: Math.max(0, (Date.parse(s.observedAt) - Date.parse(s.publishedAt)) / 60_000),
    observedAt: s.observedAt, partial: s.partial, values: { ...s.values },
  });
}

function groupByAccount(dues: readonly SnapshotDue[]) {
  const groups = new Map<string, SnapshotDue[]>();
  for (const due of dues) {
    const key = `${due.brandId}#${due.accountId}`;
    groups.set(key, [...(groups.get(key) ?? []), due]);
  }
  return groups;
}
