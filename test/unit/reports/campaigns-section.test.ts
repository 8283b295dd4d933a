import { describe, expect, it } from 'vitest';
import { campaignsSection } from '../../../shared/analytics/reports/sections/campaigns.js';
import type { ReportData } from '../../../shared/analytics/reports/report-data.js';
import type { CampaignReturn } from '../../../shared/analytics/campaigns/campaign-returns.js';
import { emptyPostMetrics } from '../../../shared/contracts/metric-names.js';
import type { PostPerformance } from '../../../shared/analytics/post-kpis.js';

const period = { from: new Date('2026-11-16T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z'), timezone: 'UTC' };
const post = (postId: string, campaign: string, values: Partial<PostPerformance['values']>): PostPerformance => ({
  postId, accountId: 'x-main', network: 'x', campaign, publishedAt: '2026-11-17T09:00:00Z', values: { ...emptyPostMetrics(), ...values },
});
const data = (posts: PostPerformance[]): ReportData => ({
  brandId: 'acme', period, previous: period, generatedAt: new Date('2026-11-23T06:00:00Z'), accounts: [],
  posts, previousPosts: [], history: posts, accountDays: [], previousAccountDays: [],
});
const launch: CampaignReturn = {
  campaign: 'launch', currency: 'EUR', cost: 600, enteredCost: 600, adSpend: null, sessions: 300, conversions: 12, revenue: 1500, revenueInOtherCurrencies: {},
};

describe('campaignsSection', () => {
  it('computes ROAS, ROI, CPE, CPC and CPM per campaign over its posts', () => {
    const section = campaignsSection(data([
      post('a', 'launch', { impressions: 10_000, reactions: 100, comments: 10, shares: 10, clicks: 150 }),
      post('b', 'launch', { impressions: 20_000, reactions: 50, comments: 5, shares: 25, clicks: 50 }),
    ]), [launch])!;

    const table = section.blocks[0]!;
    if (table.type !== 'table') throw new Error('expected a table');
    // ROAS 1,500 / 600 = 2.5; ROI (1,500 − 600) / 600 × 100 = 150 %; CPE 600 / (120 + 80) = 3;
    // CPC 600 / (150 + 50) = 3; CPM 600 / 30,000 × 1,000 = 20.
    expect(table.rows).toEqual([['launch', 'EUR', 600, 300, 12, 1500, 2.5, 150, 3, 3, 20]]);
  });

  it('leaves a cost ratio missing when one of the campaign\'s posts lacks its metric, instead of undercounting', () => {
    const section = campaignsSection(data([
      post('a', 'launch', { impressions: 10_000, reactions: 100, comments: 10, shares: 10, clicks: 150 }),
      post('m', 'launch', { reactions: 5, comments: 1, shares: 1 }),
    ]), [launch])!;

    const table = section.blocks[0]!;
    if (table.type !== 'table') throw new Error('expected a table');
    // CPE 600 / (120 + 7); CPC and CPM missing: the second post reported no clicks or impressions.
    expect(table.rows[0]!.slice(8)).toEqual([600 / 127, null, null]);
  });

  it('has no section when no campaign has a cost, traffic or posts in the period', () => {
    expect(campaignsSection(data([]), [{ ...launch, cost: null, sessions: null, conversions: null }])).toBeUndefined();
  });
});
