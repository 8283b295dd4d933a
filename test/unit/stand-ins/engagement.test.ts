import { describe, expect, it } from 'vitest';
import { accountEngagementAt, DAY_MS, postEngagementAt } from '../../../local/stand-ins/engagement.js';

const HOUR = 60 * 60 * 1000;

describe('stand-in engagement curves', () => {
  it('starts every post at zero and never lets a count fall as the post ages', () => {
    expect(Object.values(postEngagementAt('post-1', 0)).every((n) => n === 0)).toBe(true);
    let previous = postEngagementAt('post-1', 0);
    for (let age = HOUR; age <= 7 * DAY_MS; age += 6 * HOUR) {
      const now = postEngagementAt('post-1', age);
      for (const [name, value] of Object.entries(now)) expect(value, name).toBeGreaterThanOrEqual(previous[name as keyof typeof now]);
      previous = now;
    }
    expect(previous.views).toBeGreaterThan(postEngagementAt('post-1', HOUR / 6).views);
  });

  it('is the same for the same id and differs between ids', () => {
    expect(postEngagementAt('post-1', 5 * HOUR)).toEqual(postEngagementAt('post-1', 5 * HOUR));
    expect(postEngagementAt('post-2', 5 * HOUR)).not.toEqual(postEngagementAt('post-1', 5 * HOUR));
  });

  it('keeps reach and interactions below views', () => {
    const e = postEngagementAt('post-3', 3 * DAY_MS);
    expect(e.reach).toBeLessThanOrEqual(e.views);
    expect(e.likes + e.comments + e.shares).toBeLessThan(e.views);
  });

  it('grows followers by whole days only, and draws a new day\'s figures each day', () => {
    const first = accountEngagementAt('acct', 0);
    expect(accountEngagementAt('acct', DAY_MS - 1).followers).toBe(first.followers);
    const dayTwo = accountEngagementAt('acct', 2 * DAY_MS);
    expect(dayTwo.followers).toBeGreaterThan(first.followers);
    expect(dayTwo.followers - first.followers).toBe(2 * (accountEngagementAt('acct', DAY_MS).followers - first.followers));
    expect(dayTwo.dayReach).toBeLessThanOrEqual(dayTwo.dayViews);
  });
});
