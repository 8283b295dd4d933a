/**
 * Whether an account may publish now, from its stored rate-limit state: a post is held back
 * before the call instead of spending an attempt on a 429. Two sources, whichever ends later:
 * - the network's own headers said nothing is left until `resetAt`;
 * - Pillars already sent the network's documented quota in the current window (networks whose
 *   headers do not count posts, e.g. Meta's usage percentages or none at all).
 */
import type { AccountRateLimit, PublishQuota } from './store/rate-limit-repository.js';

export interface RateLimitWait {
  readonly until: Date;
  readonly reason: string;
}

export function rateLimitWait(state: AccountRateLimit | undefined, quota: PublishQuota | undefined, now: Date): RateLimitWait | undefined {
  const waits: RateLimitWait[] = [];
  if (state?.remaining === 0 && state.resetAt && Date.parse(state.resetAt) > now.getTime()) {
    waits.push({ until: new Date(state.resetAt), reason: `the network reported no posts left for this account until ${state.resetAt}` });
  }
  if (quota && state?.windowStart && (state.windowCount ?? 0) >= quota.posts) {
    const windowEnd = new Date(Date.parse(state.windowStart) + quota.perSeconds * 1000);
    if (windowEnd > now) {
      waits.push({ until: windowEnd, reason: `this account used its quota of ${quota.posts} posts per ${quota.perSeconds} s until ${windowEnd.toISOString()}` });
    }
  }
  return waits.sort((a, b) => b.until.getTime() - a.until.getTime())[0];
}
