import { describe, expect, it } from 'vitest';
import { kpiOverPosts, postKpi, rankPosts } from '../../../shared/analytics/post-kpis.js';
import { performance } from './metrics-fixture.js';

// Engagement rate by impressions of each post: 40 engagements / 1,000 impressions × 100 = 4 %, and so on.
const posts = [
  performance('p1', '2026-05-01T08:00:00Z', { reactions: 30, comments: 5, shares: 5, impressions: 1000 }), // 4 %
  performance('p2', '2026-05-02T08:00:00Z', { reactions: 8, comments: 1, shares: 1, impressions: 1000 }), // 1 %
  performance('p3', '2026-05-03T08:00:00Z', { reactions: 50, comments: 5, shares: 5, impressions: 1000 }), // 6 %
  performance('p4', '2026-05-04T08:00:00Z', { reactions: 15, comments: 3, shares: 2, impressions: 1000 }), // 2 %
  performance('p5', '2026-05-05T08:00:00Z', { reactions: 90, comments: 5, shares: 5 }), // impressions missing
  performance('p6', '2026-04-30T08:00:00Z', { reactions: 30, comments: 5, shares: 5, impressions: 1000 }), // 4 %, earlier than p1
  performance('p7', '2026-05-06T08:00:00Z', { reactions: 1, comments: 0, shares: 0, impressions: 0 }), // 0 impressions: undefined
];

describe('postKpi', () => {
  it('computes a KPI for one post, with followers from the post record', () => {
    // 40 engagements / 1,000 impressions × 100 = 4
    expect(postKpi(posts[0]!, 'engagementRateByImpressions')).toBe(4);
    // 40 engagements / 800 followers × 100 = 5
    expect(postKpi({ ...posts[0]!, followers: 800 }, 'engagementRateByFollowers')).toBe(5);
    expect(postKpi(posts[0]!, 'engagementRateByFollowers')).toBeNull();
  });
});

describe('kpiOverPosts', () => {
  it('divides the sums over the posts that had both inputs', () => {
    // shares (5 + 1 + 5 + 2 + 5) / impressions (1,000 × 5) × 100 = 18 / 5,000 × 100 = 0.36; p5 lacks impressions and is left out; p7 adds 0 / 0
    expect(kpiOverPosts(posts, 'viralityRate')).toEqual({ value: 0.36, posts: 6 });
  });
});

describe('rankPosts', () => {
  it('gives the top and bottom posts by a KPI, leaving out and counting posts without it', () => {
    const ranking = rankPosts(posts, 'engagementRateByImpressions', 2);
    // p6 and p1 tie at 4 %: the earlier post (p6) ranks first.
    expect(ranking.top.map((r) => [r.post.postId, r.value])).toEqual([['p3', 6], ['p6', 4]]);
    expect(ranking.bottom.map((r) => [r.post.postId, r.value])).toEqual([['p2', 1], ['p4', 2]]);
    expect(ranking.excluded).toBe(2); // p5 (no impressions) and p7 (zero impressions)
  });

  it('never lists a post in both top and bottom when there are few posts', () => {
    const ranking = rankPosts(posts.slice(0, 3), 'engagementRateByImpressions', 2);
    expect(ranking.top.map((r) => r.post.postId)).toEqual(['p3', 'p1']);
    expect(ranking.bottom.map((r) => r.post.postId)).toEqual(['p2']);
  });

  it('rejects a count that is not a whole number of posts', () => {
    expect(() => rankPosts(posts, 'viralityRate', 0)).toThrow('n must be a whole number of posts, at least 1; got 0');
  });
});
