/**
 * Daily (on a schedule): one snapshot per connected account of its audience metrics — followers,
 * and reach, impressions and profile visits where the network gives them — for growth curves
 * and engagement rate by followers.
 *
 * A network that asks to retry later is retried a few times within the run (Retry-After honoured,
 * capped); an account that still fails gets a snapshot with every metric missing and the reason,
 * so a gap in the curve is visible, not silent. Running twice in a day overwrites that day's item.
 */
import { event, type OutgoingEvent } from '../platform/events/publisher.js';
import { AccountMetricsCollected } from '../contracts/events/catalogue.js';
import type { AdapterRegistry } from '../networks/registry.js';
import { NetworkError, type NetworkAccount } from '../networks/contract.js';
import { emptyAccountMetrics } from '../contracts/metric-names.js';
import { callWithFreshCredentials, type CredentialDeps } from './network-call.js';
import { forEachLimited } from '../platform/concurrency.js';
import type { AccountSnapshot, SnapshotsRepository } from './store/snapshots-repository.js';

export interface CollectAccountMetricsDeps extends CredentialDeps {
  readonly snapshots: Pick<SnapshotsRepository, 'putAccountSnapshots'>;
  readonly accounts: { listAll(): Promise<NetworkAccount[]> };
  readonly adapters: AdapterRegistry;
  readonly publish: (events: OutgoingEvent[]) => Promise<void>;
  readonly now: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface AccountCollectPolicy {
  /** @default 3 */
  readonly attempts: number;
  /** Longest wait for one retry; a longer Retry-After gives up for today. @default 30 s */
  readonly maxWaitMs: number;
  /** @default 4 */
  readonly concurrency: number;
}

const DEFAULT_POLICY: AccountCollectPolicy = { attempts: 3, maxWaitMs: 30_000, concurrency: 4 };

export async function collectAccountMetrics(deps: CollectAccountMetricsDeps, policy: AccountCollectPolicy = DEFAULT_POLICY) {
  const accounts = await deps.accounts.listAll();
  const day = deps.now().toISOString().slice(0, 10);
  const snapshots: AccountSnapshot[] = [];
  await forEachLimited(accounts, policy.concurrency, async (account) => {
    snapshots.push(await snapshotAccount(deps, policy, account, day));
  });
  await deps.snapshots.putAccountSnapshots(snapshots);
  await deps.publish(snapshots.map((s) => event(AccountMetricsCollected, {
    schemaVersion: 1, brandId: s.brandId, accountId: s.accountId, network: s.network, day: s.day,
    observedAt: s.observedAt, partial: s.partial, values: { ...s.values },
  })));
  return { accounts: accounts.length, missing: snapshots.filter((s) => s.partial && Object.values(s.values).every((v) => v === null)).length };
}

async function snapshotAccount(deps: CollectAccountMetricsDeps, policy: AccountCollectPolicy, account: NetworkAccount, day: string): Promise<AccountSnapshot> {
  const base = { brandId: account.brandId, accountId: account.accountId, network: account.network, day };
  const adapter = deps.adapters(account.network);
  if (!adapter) return { ...base, observedAt: deps.now().toISOString(), partial: true, missing: [`not collected: no adapter for network ${account.network}`], values: emptyAccountMetrics(), raw: {} };
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let lastError = '';
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    try {
      const reading = await callWithFreshCredentials(deps, account, adapter, (c) => adapter.fetchAccountMetrics(account, c));
      return { ...base, observedAt: reading.observedAt, partial: reading.partial, missing: reading.missing?.length ? reading.missing : undefined, values: reading.values, raw: reading.raw };
    } catch (error) {
      const kind = error instanceof NetworkError ? error.kind : 'internal';
      lastError = `${kind}: ${(error as Error).message}`;
      const wait = (error instanceof NetworkError ? error.retryAfterMs : undefined) ?? 1000 * 2 ** attempt;
      if (kind !== 'retry_later' || attempt === policy.attempts || wait > policy.maxWaitMs) break;
      await sleep(wait);
    }
  }
  return { ...base, observedAt: deps.now().toISOString(), partial: true, missing: [`not collected: ${lastError}`], values: emptyAccountMetrics(), raw: {} };
}
