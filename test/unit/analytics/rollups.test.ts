import { describe, expect, it } from 'vitest';
import { emptyAccountMetrics } from '../../../shared/contracts/metric-names.js';
import {
  compareBuckets, compareValues, dailyEngagementRates, rollUpAccountDays, rollUpPosts, type AccountDay,
} from '../../../shared/analytics/rollups.js';
import { performance } from './metrics-fixture.js';

const berlin = 'Europe/Berlin';

// Berlin 2026-03-29: clocks jump from 02:00 CET to 03:00 CEST at 01:00Z.
const aroundTheSwitch = [
  performance('before', '2026-03-28T23:30:00Z', { reactions: 1, comments: 0, shares: 0 }), // Sun 00:30 CET
  performance('after', '2026-03-29T01:30:00Z', { reactions: 2, comments: 0, shares: 0 }), // Sun 03:30 CEST
  performance('late', '2026-03-29T22:30:00Z', { reactions: 4, comments: 0, shares: 0 }), // Mon 00:30 CEST
];

describe('rollUpPosts: periods in the brand time zone', () => {
  it('puts posts on their local day across the DST switch, not their UTC day', () => {
    const days = rollUpPosts(aroundTheSwitch, { timeZone: berlin, granularity: 'day', by: 'all' });
    expect(days.map((b) => [b.period, b.posts, b.totals.reactions.sum])).toEqual([
      ['2026-03-29', 2, 3], // 1 + 2
      ['2026-03-30', 1, 4],
    ]);
    // In UTC the same posts fall on the 28th and the 29th.
    const utc = rollUpPosts(aroundTheSwitch, { timeZone: 'UTC', granularity: 'day', by: 'all' });
    expect(utc.map((b) => [b.period, b.posts])).toEqual([['2026-03-28', 1], ['2026-03-29', 2]]);
  });

  it('puts the Sunday of the switch in ISO week 13 and its Monday in week 14', () => {
    const weeks = rollUpPosts(aroundTheSwitch, { timeZone: berlin, granularity: 'week', by: 'all' });
    expect(weeks.map((b) => [b.period, b.posts])).toEqual([['2026-W13', 2], ['2026-W14', 1]]);
  });

  it('groups by local month: 22:30Z on 31 March is 1 April in Berlin', () => {
    const posts = [
      performance('march', '2026-03-31T21:30:00Z', { reactions: 1, comments: 0, shares: 0 }), // 23:30 CEST
      performance('april', '2026-03-31T22:30:00Z', { reactions: 1, comments: 0, shares: 0 }), // 00:30 CEST
    ];
    const months = rollUpPosts(posts, { timeZone: berlin, granularity: 'month', by: 'all' });
    expect(months.map((b) => [b.period, b.posts])).toEqual([['2026-03', 1], ['2026-04', 1]]);
  });

  it('rejects a post whose publishedAt is not a date-time, naming the post', () => {
    expect(() => rollUpPosts([performance('p9', 'yesterday', {})], { timeZone: berlin, granularity: 'day', by: 'all' }))
      .toThrow('publishedAt of post p9 "yesterday" is not an ISO 8601 date-time');
  });
});

describe('rollUpPosts: sums, missing counts and KPIs', () => {
  const week = [
    performance('a', '2026-05-04T08:00:00Z', { reactions: 10, comments: 2, shares: 3, impressions: 500 }), // 15 engagements
    performance('b', '2026-05-05T08:00:00Z', { reactions: 20, comments: 4, shares: 1, saves: 5, impressions: 1000 }), // 30
    performance('c', '2026-05-06T08:00:00Z', { reactions: 5, comments: 0, shares: 0 }), // 5, impressions missing
    performance('d', '2026-05-07T08:00:00Z', { reactions: 8, comments: 1, shares: 1, impressions: 500 }), // 10
  ];
  const [bucket] = rollUpPosts(week, { timeZone: berlin, granularity: 'week', by: 'all' });

  it('sums each metric where known and counts the posts that lacked it', () => {
    expect(bucket!.period).toBe('2026-W19');
    expect(bucket!.posts).toBe(4);
    expect(bucket!.totals.impressions).toEqual({ sum: 2000, known: 3, missing: 1 }); // 500 + 1000 + 500
    expect(bucket!.totals.saves).toEqual({ sum: 5, known: 1, missing: 3 });
    expect(bucket!.totals.engagements).toEqual({ sum: 60, known: 4, missing: 0 }); // 15 + 30 + 5 + 10
    expect(bucket!.totals.clicks).toEqual({ sum: null, known: 0, missing: 4 });
  });

  it('computes a rate only over the posts that had both inputs', () => {
    // (15 + 30 + 10) engagements / (500 + 1000 + 500) impressions × 100 = 2.75; post c is left out of both sides.
    expect(bucket!.kpis.engagementRateByImpressions).toEqual({ value: 2.75, posts: 3 });
    // (10 + 20 + 5 + 8) reactions / 4 posts = 10.75
    expect(bucket!.kpis.applausePerPost).toEqual({ value: 10.75, posts: 4 });
    // No post reported clicks, so CTR is missing rather than 0.
    expect(bucket!.kpis.clickThroughRate).toEqual({ value: null, posts: 0 });
  });

  it('groups by channel, campaign and pillar, naming posts without one', () => {
    const posts = [
      performance('a', '2026-05-04T08:00:00Z', { reactions: 1, comments: 0, shares: 0 }, { accountId: 'x-main', campaign: 'spring', pillar: 'tips' }),
      performance('b', '2026-05-04T09:00:00Z', { reactions: 1, comments: 0, shares: 0 }, { accountId: 'mastodon-main', campaign: 'spring' }),
      performance('c', '2026-05-04T10:00:00Z', { reactions: 1, comments: 0, shares: 0 }, { accountId: 'x-main' }),
    ];
    const keys = (by: 'channel' | 'campaign' | 'pillar') =>
      rollUpPosts(posts, { timeZone: berlin, granularity: 'day', by }).map((b) => [b.key, b.posts]);
    expect(keys('channel')).toEqual([['mastodon-main', 1], ['x-main', 2]]);
    expect(keys('campaign')).toEqual([['(no campaign)', 1], ['spring', 2]]);
    expect(keys('pillar')).toEqual([['(no pillar)', 2], ['tips', 1]]);
  });
});

function day(date: string, values: Partial<ReturnType<typeof emptyAccountMetrics>>, accountId = 'acct-a'): AccountDay {
  return { accountId, network: 'linkedin', day: date, values: { ...emptyAccountMetrics(), ...values } };
}

describe('rollUpAccountDays', () => {
  it('takes followers from the first and last day of the week, whatever the input order', () => {
    const days = [
      day('2026-03-29', { followers: 1050, reach: 300 }),
      day('2026-03-23', { followers: 1000, reach: 200 }),
      day('2026-03-25', { followers: 1020, reach: null }),
    ];
    const [week] = rollUpAccountDays(days, 'week');
    expect(week).toMatchObject({ period: '2026-W13', accountId: 'acct-a', days: 3, followersAtStart: 1000, followersAtEnd: 1050 });
    // (1,050 − 1,000) / 1,000 × 100 = 5
    expect(week!.audienceGrowthRate).toBe(5);
    expect(week!.totals.reach).toEqual({ sum: 500, known: 2, missing: 1 }); // 200 + 300
  });

  it('leaves growth missing when followers are known on one day only', () => {
    const [week] = rollUpAccountDays([day('2026-03-23', { followers: 1000 }), day('2026-03-24', { followers: null })], 'week');
    expect(week!.followersAtStart).toBe(1000);
    expect(week!.audienceGrowthRate).toBeNull();
  });
});

describe('dailyEngagementRates', () => {
  it('divides the engagements of the posts published that local day by that day\'s followers', () => {
    const posts = [
      performance('a', '2026-03-28T23:30:00Z', { reactions: 10, comments: 2, shares: 3 }), // 15, Sun 29 in Berlin
      performance('b', '2026-03-29T10:00:00Z', { reactions: 20, comments: 4, shares: 6 }), // 30
      performance('c', '2026-03-30T10:00:00Z', { reactions: 20, comments: null, shares: 6 }), // missing
    ];
    const days = [day('2026-03-29', { followers: 1500 }), day('2026-03-30', { followers: 1500 }), day('2026-03-31', { followers: 1500 })];
    expect(dailyEngagementRates(posts, days, berlin).map((d) => [d.day, d.posts, d.engagements, d.dailyEngagementRate])).toEqual([
      ['2026-03-29', 2, 45, 3], // (15 + 30) / 1,500 × 100 = 3
      ['2026-03-30', 1, null, null], // one post's comments missing: the day's sum would undercount
      ['2026-03-31', 0, 0, 0], // no posts that day
    ]);
  });
});

describe('period over period', () => {
  it('gives the absolute and relative change', () => {
    // 12 vs 10: +2, 2 / 10 × 100 = +20 %
    expect(compareValues(12, 10)).toEqual({ value: 12, previous: 10, change: 2, relativeChange: 20 });
    // −5 vs −10 is a rise: +5, 5 / |−10| × 100 = +50 %
    expect(compareValues(-5, -10)).toEqual({ value: -5, previous: -10, change: 5, relativeChange: 50 });
  });

  it('is missing when a side is missing, and the relative change is missing from a zero start', () => {
    expect(compareValues(null, 10)).toEqual({ value: null, previous: 10, change: null, relativeChange: null });
    expect(compareValues(4, null)).toEqual({ value: 4, previous: null, change: null, relativeChange: null });
    expect(compareValues(4, 0)).toEqual({ value: 4, previous: 0, change: 4, relativeChange: null });
  });

  it('compares every KPI of a bucket with the previous period\'s, or marks it missing without one', () => {
    const options = { timeZone: berlin, granularity: 'week', by: 'all' } as const;
    const [previous, current] = rollUpPosts([
      performance('w18', '2026-04-28T08:00:00Z', { reactions: 6, comments: 0, shares: 0 }),
      performance('w19', '2026-05-05T08:00:00Z', { reactions: 9, comments: 0, shares: 0 }),
    ], options);
    // applause 9 vs 6 per post: +3, 3 / 6 × 100 = +50 %
    expect(compareBuckets(current!, previous).applausePerPost).toEqual({ value: 9, previous: 6, change: 3, relativeChange: 50 });
    expect(compareBuckets(current!, undefined).applausePerPost).toEqual({ value: 9, previous: null, change: null, relativeChange: null });
  });
});
