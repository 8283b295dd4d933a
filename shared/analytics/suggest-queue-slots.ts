/**
 * Best times to post, offered to the publishing queue: the channel's best weekly slots from its
 * own last 16 weeks, in the queue's format, ready for `PUT /accounts/{accountId}/queue`.
 */
import { bestTimesToPost, toQueueConfig } from './best-time.js';
import { HISTORY_WEEKS, loadPerformances, type PerformanceDeps } from './performances.js';
import { NotFoundError } from '../platform/errors.js';
import type { NetworkAccount } from '../networks/contract.js';

export interface SuggestSlotsDeps extends PerformanceDeps {
  readonly accounts: { get(brandId: string, accountId: string): Promise<NetworkAccount | undefined> };
  readonly settings: { get(brandId: string): Promise<{ timezone?: string }> };
  readonly now: () => Date;
}

export async function suggestQueueSlots(deps: SuggestSlotsDeps, brandId: string, accountId: string) {
  const account = await deps.accounts.get(brandId, accountId);
  if (!account) throw new NotFoundError(`account ${accountId}`);
  const timezone = (await deps.settings.get(brandId)).timezone ?? 'UTC';
  const now = deps.now();
  const from = new Date(now.getTime() - HISTORY_WEEKS * 7 * 86_400_000);
  const { performances } = await loadPerformances(deps, brandId, { from, to: now, timezone }, now);
  const best = bestTimesToPost(accountId, performances, { timeZone: timezone, now: now.toISOString(), weeks: HISTORY_WEEKS });
  if ('reason' in best) return { accountId, slots: [], reason: best.reason, postsScored: best.postsScored };
  return { accountId, basis: best.basis, postsScored: best.postsScored, slots: best.slots, queue: toQueueConfig(best.slots, timezone) };
}
