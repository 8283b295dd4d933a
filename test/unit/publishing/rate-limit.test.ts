import { describe, expect, it } from 'vitest';
import { rateLimitWait } from '../../../shared/publishing/rate-limit.js';

const NOW = new Date('2026-06-01T09:00:00.000Z');
const QUOTA = { posts: 3, perSeconds: 900 };

describe('rateLimitWait', () => {
  it('waits until the reset the network reported when nothing is left', () => {
    expect(rateLimitWait({ remaining: 0, resetAt: '2026-06-01T09:10:00.000Z' }, undefined, NOW)?.until).toEqual(new Date('2026-06-01T09:10:00.000Z'));
  });

  it('does not wait once the reported reset has passed, or while posts are left', () => {
    expect(rateLimitWait({ remaining: 0, resetAt: '2026-06-01T08:59:59.000Z' }, undefined, NOW)).toBeUndefined();
    expect(rateLimitWait({ remaining: 1, resetAt: '2026-06-01T09:10:00.000Z' }, undefined, NOW)).toBeUndefined();
    expect(rateLimitWait(undefined, QUOTA, NOW)).toBeUndefined();
  });

  it('waits for the end of the documented window once its quota is used', () => {
    const wait = rateLimitWait({ windowStart: '2026-06-01T08:55:00.000Z', windowCount: 3 }, QUOTA, NOW);

    expect(wait?.until).toEqual(new Date('2026-06-01T09:10:00.000Z'));
    expect(wait?.reason).toBe('this account used its quota of 3 posts per 900 s until 2026-06-01T09:10:00.000Z');
  });

  it('ignores a used-up window that has ended, and a count under the quota', () => {
    expect(rateLimitWait({ windowStart: '2026-06-01T08:40:00.000Z', windowCount: 3 }, QUOTA, NOW)).toBeUndefined();
    expect(rateLimitWait({ windowStart: '2026-06-01T08:55:00.000Z', windowCount: 2 }, QUOTA, NOW)).toBeUndefined();
  });

  it('takes the later of the two when both hold the account back', () => {
    const state = { remaining: 0, resetAt: '2026-06-01T09:20:00.000Z', windowStart: '2026-06-01T08:55:00.000Z', windowCount: 3 };

    expect(rateLimitWait(state, QUOTA, NOW)?.until).toEqual(new Date('2026-06-01T09:20:00.000Z'));
  });
});
