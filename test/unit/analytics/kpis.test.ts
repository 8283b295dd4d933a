import { describe, expect, it } from 'vitest';
import {
  KPI_CATALOGUE, amplificationPerPost, amplificationRateByFollowers, applausePerPost, audienceGrowthRate, clickThroughRate,
  conversationPerPost, costPerClick, costPerEngagement, costPerMille, dailyEngagementRate, engagementRateByFollowers,
  engagementRateByImpressions, engagementRateByReach, frequency, returnOnAdSpend, returnOnInvestment, viralityRate,
} from '../../../shared/analytics/kpis.js';

describe('engagement rates, each labelled by its denominator', () => {
  it('engagement rate by reach is engagements / reach × 100', () => {
    // 30 engagements / 1,200 reach × 100 = 2.5
    expect(engagementRateByReach({ engagements: 30, reach: 1200 })).toBe(2.5);
  });

  it('engagement rate by impressions is engagements / impressions × 100', () => {
    // 30 engagements / 2,000 impressions × 100 = 1.5
    expect(engagementRateByImpressions({ engagements: 30, impressions: 2000 })).toBe(1.5);
  });

  it('engagement rate by followers is engagements / followers × 100', () => {
    // 30 engagements / 600 followers × 100 = 5
    expect(engagementRateByFollowers({ engagements: 30, followers: 600 })).toBe(5);
  });

  it('daily engagement rate is a day\'s engagements / followers × 100', () => {
    // 45 engagements in the day / 1,500 followers × 100 = 3
    expect(dailyEngagementRate({ engagementsInDay: 45, followers: 1500 })).toBe(3);
  });
});

describe('Kaushik\'s per-post rates', () => {
  it('amplification is shares per post, and shares / followers × 100 in its follower variant', () => {
    // 18 shares / 6 posts = 3
    expect(amplificationPerPost({ shares: 18, posts: 6 })).toBe(3);
    // 18 shares / 900 followers × 100 = 2
    expect(amplificationRateByFollowers({ shares: 18, followers: 900 })).toBe(2);
  });

  it('applause is reactions per post', () => {
    // 75 reactions / 5 posts = 15
    expect(applausePerPost({ reactions: 75, posts: 5 })).toBe(15);
  });

  it('conversation is comments per post', () => {
    // 9 comments / 4 posts = 2.25
    expect(conversationPerPost({ comments: 9, posts: 4 })).toBe(2.25);
  });
});

describe('reach and traffic rates', () => {
  it('virality is shares / impressions × 100', () => {
    // 12 shares / 4,800 impressions × 100 = 0.25
    expect(viralityRate({ shares: 12, impressions: 4800 })).toBe(0.25);
  });

  it('CTR is clicks / impressions × 100', () => {
    // 64 clicks / 3,200 impressions × 100 = 2
    expect(clickThroughRate({ clicks: 64, impressions: 3200 })).toBe(2);
  });

  it('frequency is impressions / reach', () => {
    // 3,000 impressions / 1,200 reach = 2.5
    expect(frequency({ impressions: 3000, reach: 1200 })).toBe(2.5);
  });

  it('audience growth is net new followers / followers at the start × 100, negative when the audience shrank', () => {
    // (2,100 − 2,000) net new / 2,000 × 100 = 5
    expect(audienceGrowthRate({ followersAtStart: 2000, followersAtEnd: 2100 })).toBe(5);
    // (1,950 − 2,000) / 2,000 × 100 = −2.5
    expect(audienceGrowthRate({ followersAtStart: 2000, followersAtEnd: 1950 })).toBe(-2.5);
  });
});

describe('cost and return', () => {
  it('CPC is spend / clicks', () => {
    // 50.00 spent / 40 clicks = 1.25
    expect(costPerClick({ spend: 50, clicks: 40 })).toBe(1.25);
  });

  it('CPM is spend / impressions × 1,000', () => {
    // 30.00 spent / 12,000 impressions × 1,000 = 2.5
    expect(costPerMille({ spend: 30, impressions: 12_000 })).toBe(2.5);
  });

  it('CPE is spend / engagements', () => {
    // 20.00 spent / 160 engagements = 0.125
    expect(costPerEngagement({ spend: 20, engagements: 160 })).toBe(0.125);
  });

  it('ROAS is revenue / spend', () => {
    // 900 revenue / 200 spend = 4.5
    expect(returnOnAdSpend({ revenue: 900, spend: 200 })).toBe(4.5);
  });

  it('ROI is (revenue − cost) / cost × 100, negative when it lost money', () => {
    // (900 − 600) / 600 × 100 = 50
    expect(returnOnInvestment({ revenue: 900, cost: 600 })).toBe(50);
    // (300 − 600) / 600 × 100 = −50
    expect(returnOnInvestment({ revenue: 300, cost: 600 })).toBe(-50);
  });
});

describe('missing inputs and undefined ratios', () => {
  it('a missing input makes the KPI missing, on either side of the ratio', () => {
    expect(engagementRateByReach({ engagements: null, reach: 1200 })).toBeNull();
    expect(engagementRateByImpressions({ engagements: 30, impressions: null })).toBeNull();
    expect(costPerClick({ spend: null, clicks: 40 })).toBeNull();
    expect(audienceGrowthRate({ followersAtStart: 2000, followersAtEnd: null })).toBeNull();
    expect(returnOnInvestment({ revenue: null, cost: 600 })).toBeNull();
  });

  it('a zero denominator is missing, never Infinity or NaN', () => {
    expect(engagementRateByReach({ engagements: 30, reach: 0 })).toBeNull();
    expect(engagementRateByImpressions({ engagements: 0, impressions: 0 })).toBeNull();
    expect(frequency({ impressions: 10, reach: 0 })).toBeNull();
    expect(audienceGrowthRate({ followersAtStart: 0, followersAtEnd: 50 })).toBeNull();
    expect(returnOnInvestment({ revenue: 100, cost: 0 })).toBeNull();
    expect(returnOnAdSpend({ revenue: 100, spend: 0 })).toBeNull();
  });

  it('a zero numerator is a real 0', () => {
    // 0 clicks / 500 impressions × 100 = 0
    expect(clickThroughRate({ clicks: 0, impressions: 500 })).toBe(0);
  });

  it('rejects a negative or non-finite input, naming the field', () => {
    expect(() => engagementRateByReach({ engagements: 30, reach: -5 })).toThrow(/reach must be a non-negative number.*got -5/);
    expect(() => costPerClick({ spend: Number.NaN, clicks: 4 })).toThrow(/spend must be a non-negative number/);
    expect(() => returnOnInvestment({ revenue: Infinity, cost: 4 })).toThrow(/revenue must be a non-negative number/);
  });
});

describe('KPI catalogue', () => {
  it('lists every KPI once with a unit, a formula and a source', () => {
    const ids = KPI_CATALOGUE.map((kpi) => kpi.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(17);
    for (const kpi of KPI_CATALOGUE) {
      expect(kpi.formula, kpi.id).toMatch(/\//);
      expect(kpi.source.length, kpi.id).toBeGreaterThan(3);
    }
  });

  it('says costs are better lower and returns better higher', () => {
    const direction = Object.fromEntries(KPI_CATALOGUE.map((kpi) => [kpi.id, kpi.higherIsBetter]));
    expect(direction.costPerClick).toBe(false);
    expect(direction.costPerEngagement).toBe(false);
    expect(direction.returnOnAdSpend).toBe(true);
    expect(direction.engagementRateByImpressions).toBe(true);
    expect(direction.frequency).toBeNull();
  });
});
