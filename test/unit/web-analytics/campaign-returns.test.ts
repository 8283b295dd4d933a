import { describe, expect, it } from 'vitest';
import { campaignReturns } from '../../../shared/analytics/campaigns/campaign-returns.js';
import type { Campaign } from '../../../shared/analytics/campaigns/campaign.js';
import type { Conversion } from '../../../shared/analytics/store/conversions-repository.js';
import type { WebAnalyticsRow } from '../../../shared/analytics/store/web-analytics-repository.js';

const campaign = (name: string, cost: number): Campaign => ({ name, cost, currency: 'EUR', updatedAt: '2026-11-01T00:00:00.000Z', updatedBy: 'ana' });
const web = (day: string, source: string, campaignName: string, sessions: number | null, conversions: number | null, revenue: number | null): WebAnalyticsRow => ({
  brandId: 'b', day, source, medium: 'social', campaign: campaignName, sessions, conversions, revenue, currency: 'EUR',
});
const conversion = (id: string, campaignName: string, source: string, occurredAt: string, value: number, currency = 'EUR'): Conversion => ({
  brandId: 'b', conversionId: id, occurredAt, value, currency, source, campaign: campaignName, webhookId: `msg_${id}`, receivedAt: occurredAt,
});

const input = {
  campaigns: [campaign('spring', 1000), campaign('webinar', 500), campaign('autumn', 300)],
  webAnalytics: [
    web('2026-11-01', 'mastodon', 'spring', 100, 4, 200),
    web('2026-11-01', 'x', 'spring', 50, 2, 80),
    web('2026-11-02', 'mastodon', 'spring', 70, 1, 40),
    web('2026-11-01', 'linkedin', 'webinar', 30, null, null),
    web('2026-11-01', 'google', '(organic)', 500, 10, 900),
  ],
  conversions: [
    conversion('c1', 'spring', 'mastodon', '2026-11-01T10:00:00.000Z', 120),
    conversion('c2', 'spring', 'mastodon', '2026-11-01T15:00:00.000Z', 95.5),
    conversion('c3', 'spring', 'mastodon', '2026-11-02T23:30:00.000Z', 30, 'USD'),
    conversion('c4', 'webinar', 'linkedin', '2026-11-03T09:00:00.000Z', 60),
  ],
};

describe('campaignReturns', () => {
  it('takes the webhook over GA4 where both report a campaign, source and day, GA4 elsewhere, and never converts currencies', () => {
    expect(campaignReturns(input)).toEqual([
      // No cost entered: returns are known, cost is not.
      { campaign: '(organic)', currency: 'EUR', cost: null, enteredCost: null, adSpend: null, sessions: 500, conversions: 10, revenue: 900, revenueInOtherCurrencies: {} },
      // Cost but no traffic: missing, not zero.
      { campaign: 'autumn', currency: 'EUR', cost: 300, enteredCost: 300, adSpend: null, sessions: null, conversions: null, revenue: null, revenueInOtherCurrencies: {} },
      // mastodon 11-01: webhook 2 (120 + 95.5) replaces GA4 4/200; x 11-01: GA4 2/80; mastodon 11-02: webhook 1 (30 USD apart) replaces GA4 1/40.
      { campaign: 'spring', currency: 'EUR', cost: 1000, enteredCost: 1000, adSpend: null, sessions: 220, conversions: 5, revenue: 295.5, revenueInOtherCurrencies: { USD: 30 } },
      // linkedin 11-01: GA4 without key events or revenue; linkedin 11-03: webhook 1/60.
      { campaign: 'webinar', currency: 'EUR', cost: 500, enteredCost: 500, adSpend: null, sessions: 30, conversions: 1, revenue: 60, revenueInOtherCurrencies: {} },
    ]);
  });

  it('adds ad spend to the entered cost once the advertising pillar knows it', () => {
    const spring = campaignReturns({ ...input, adSpend: (name) => (name === 'spring' ? 249.9 : undefined) }).find((r) => r.campaign === 'spring');
    expect(spring).toMatchObject({ cost: 1249.9, enteredCost: 1000, adSpend: 249.9 });
  });
});
