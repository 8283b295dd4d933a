import { describe, expect, it } from 'vitest';
import { bestTimesByChannel, bestTimesToPost, toQueueConfig } from '../../../shared/analytics/best-time.js';
import type { PostMetricValues } from '../../../shared/contracts/metric-names.js';
import type { PostPerformance } from '../../../shared/analytics/post-kpis.js';
import { localToInstant } from '../../../shared/platform/time/zoned.js';
import { performance } from './metrics-fixture.js';
import { queueInput } from '../../../shared/contracts/api/publishing.js';

const zone = 'Europe/Berlin';
const now = '2026-11-26T12:00:00Z';

/** A post at a Berlin wall time `days` after Monday 10 August 2026; the weeks cross the October DST switch. */
function postAt(accountId: string, days: number, time: string, values: Partial<PostMetricValues>): PostPerformance {
  const date = new Date(Date.UTC(2026, 7, 10 + days)).toISOString().slice(0, 10);
  const publishedAt = localToInstant(`${date}T${time}`, zone).toISOString();
  return performance(`${accountId}-${date}-${time}`, publishedAt, values, { accountId });
}

/** `engagements` split into reactions only, so the arithmetic stays visible. */
const rate = (engagements: number) => ({ reactions: engagements, comments: 0, shares: 0, impressions: 1000 });

// LinkedIn, 12 weeks: Tuesday 09:00 at 4 %, Thursday 15:00 at 2 %, Saturday 20:00 at 1 % (engagements / 1,000 impressions).
const linkedin = Array.from({ length: 12 }, (_, week) => [
  postAt('linkedin-main', week * 7 + 1, '09:00', rate(40)),
  postAt('linkedin-main', week * 7 + 3, '15:00', rate(20)),
  postAt('linkedin-main', week * 7 + 5, '20:00', rate(10)),
]).flat();
// One lucky Wednesday 07:00 post at 6 %.
const lucky = postAt('linkedin-main', 9, '07:00', rate(60));

describe('bestTimesToPost', () => {
  it('ranks weekday-hour buckets by median engagement rate by impressions, shrunk toward the channel median', () => {
    const best = bestTimesToPost('linkedin-main', linkedin, { timeZone: zone, now, topK: 2 });
    // 36 rates: 12 × 1, 12 × 2, 12 × 4 → channel median 2. With k = 3:
    // Tue 09: (12 × 4 + 3 × 2) / 15 = 3.6; Thu 15: (12 × 2 + 3 × 2) / 15 = 2; Sat 20: (12 × 1 + 3 × 2) / 15 = 1.2
    expect(best).toMatchObject({ basis: 'engagementRateByImpressions', channelMedian: 2, postsScored: 36 });
    expect(best.slots).toEqual([
      { weekday: 'tue', hour: 9, minute: 0, score: 3.6, posts: 12, basis: 'engagementRateByImpressions' },
      { weekday: 'thu', hour: 15, minute: 0, score: 2, posts: 12, basis: 'engagementRateByImpressions' },
    ]);
  });

  it('keeps one lucky post from taking the top slot; without shrinkage it would', () => {
    const history = [...linkedin, lucky];
    // Channel median of 37 rates is still 2. Wed 07 with one post: (1 × 6 + 3 × 2) / 4 = 3, below Tue 09's 3.6.
    const shrunk = bestTimesToPost('linkedin-main', history, { timeZone: zone, now, topK: 2 });
    expect(shrunk.slots.map((s) => [s.weekday, s.hour, s.score])).toEqual([['tue', 9, 3.6], ['wed', 7, 3]]);
    // Prior weight 0: raw medians, so the single 6 % post wins.
    const raw = bestTimesToPost('linkedin-main', history, { timeZone: zone, now, topK: 2, priorWeight: 0 });
    expect(raw.slots.map((s) => [s.weekday, s.hour, s.score])).toEqual([['wed', 7, 6], ['tue', 9, 4]]);
  });

  it('scores by engagements per post on a network without impressions, and says so', () => {
    // Mastodon: 6 Mondays 12:00 with 20 engagements, 6 Fridays 18:00 with 8. Channel median (8 + 20) / 2 = 14.
    const mastodon = Array.from({ length: 6 }, (_, week) => [
      postAt('mastodon-main', week * 7, '12:00', { reactions: 12, comments: 3, shares: 5 }),
      postAt('mastodon-main', week * 7 + 4, '18:00', { reactions: 5, comments: 1, shares: 2 }),
    ]).flat();
    const best = bestTimesToPost('mastodon-main', mastodon, { timeZone: zone, now });
    // Mon 12: (6 × 20 + 3 × 14) / 9 = 18; Fri 18: (6 × 8 + 3 × 14) / 9 = 10
    expect(best).toMatchObject({ basis: 'engagementsPerPost', channelMedian: 14 });
    expect(best.slots.map((s) => [s.weekday, s.hour, s.score, s.basis])).toEqual([
      ['mon', 12, 18, 'engagementsPerPost'],
      ['fri', 18, 10, 'engagementsPerPost'],
    ]);
  });

  it('reads only the last 16 weeks and only the given channel', () => {
    const old = Array.from({ length: 20 }, (_, i) => postAt('linkedin-main', -7 * (i + 1), '03:00', rate(90))); // before 6 August
    const other = Array.from({ length: 20 }, (_, i) => postAt('x-main', i, '03:00', rate(90)));
    const best = bestTimesToPost('linkedin-main', [...linkedin, ...old, ...other], { timeZone: zone, now });
    expect(best.postsScored).toBe(36);
    expect(best.slots.map((s) => s.hour)).not.toContain(3);
  });

  it('returns no slots and the reason when the channel has too little history', () => {
    const best = bestTimesToPost('linkedin-main', linkedin.slice(0, 5), { timeZone: zone, now });
    expect(best.slots).toEqual([]);
    expect(best).toMatchObject({ postsScored: 5 });
    expect('reason' in best && best.reason).toBe(
      'only 5 post(s) with engagements in the last 16 weeks on linkedin-main; at least 12 are needed to trust its own history',
    );
  });

  it('rejects bad options, naming the field', () => {
    expect(() => bestTimesToPost('a', [], { timeZone: 'Berlin', now })).toThrow('timeZone "Berlin" is not an IANA time zone');
    expect(() => bestTimesToPost('a', [], { timeZone: zone, now, weeks: 0 })).toThrow('weeks must be a whole number, at least 1');
    expect(() => bestTimesToPost('a', [], { timeZone: zone, now, priorWeight: -1 })).toThrow('priorWeight must be a non-negative number');
    expect(() => bestTimesToPost('a', [], { timeZone: zone, now: 'today' })).toThrow('now "today" is not an ISO 8601 date-time');
  });
});

describe('bestTimesByChannel', () => {
  it('answers for every channel in the history', () => {
    const results = bestTimesByChannel([...linkedin, postAt('x-main', 1, '09:00', rate(10))], { timeZone: zone, now });
    expect(results.map((r) => [r.accountId, r.slots.length])).toEqual([['linkedin-main', 3], ['x-main', 0]]);
  });
});

describe('toQueueConfig', () => {
  it('turns the best slots into weekly queue slots the queue accepts, in week order', () => {
    const { slots } = bestTimesToPost('linkedin-main', [...linkedin, lucky], { timeZone: zone, now, topK: 3 });
    const config = toQueueConfig(slots, zone);
    expect(config).toEqual({ timezone: zone, slots: [{ day: 'tue', time: '09:00' }, { day: 'wed', time: '07:00' }, { day: 'thu', time: '15:00' }] });
    expect(queueInput.safeParse(config).success).toBe(true);
  });

  it('refuses to suggest an empty queue', () => {
    expect(() => toQueueConfig([], zone)).toThrow('slots is empty');
  });
});
