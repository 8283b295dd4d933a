/**
 * Campaign ROI: what each campaign cost, what it brought (GA4 sessions, conversions and revenue,
 * or the conversion webhook's), and its ROAS, ROI, and cost per engagement, per click and per
 * 1,000 impressions over the campaign's posts (missing when any of its posts lacks the metric). Amounts stay in each campaign's own currency.
 */
import type { ReportSection } from '../document.js';
import type { CampaignReturn } from '../../campaigns/campaign-returns.js';
import { costPerClick, costPerEngagement, costPerMille, returnOnAdSpend, returnOnInvestment } from '../../kpis.js';
import { engagements } from '../../engagements.js';
import type { PostPerformance } from '../../post-kpis.js';
import type { ReportData } from '../report-data.js';

export function campaignsSection(data: ReportData, returns: readonly CampaignReturn[]): ReportSection | undefined {
  const campaigns = returns.filter((r) => r.cost !== null || r.sessions !== null || r.conversions !== null || data.posts.some((p) => p.campaign === r.campaign));
  if (campaigns.length === 0) return undefined;
  const sumOf = (posts: readonly PostPerformance[], pick: (p: PostPerformance) => number | null) => {
    const values = posts.map(pick);
    return values.length && values.every((v) => v !== null) ? (values as number[]).reduce((a, b) => a + b, 0) : null;
  };
  return {
    id: 'campaigns', title: 'Campaign ROI',
    intro: 'Cost as entered with the campaign (plus ad spend once the advertising pillar reports it); revenue from the conversion webhook where it reported, else from Google Analytics 4.',
    blocks: [{
      type: 'table', title: 'Campaigns', csvName: 'campaign-roi.csv',
      columns: [
        { id: 'campaign', label: 'Campaign' }, { id: 'currency', label: 'Currency' }, { id: 'cost', label: 'Cost' },
        { id: 'sessions', label: 'Sessions', unit: 'count' }, { id: 'conversions', label: 'Conversions', unit: 'count' },
        { id: 'revenue', label: 'Revenue' }, { id: 'roas', label: 'ROAS (×)' }, { id: 'roi', label: 'ROI', unit: '%' },
        { id: 'cpe', label: 'Cost per engagement' }, { id: 'cpc', label: 'Cost per click' }, { id: 'cpm', label: 'Cost per 1,000 impressions' },
      ],
      rows: campaigns.map((r) => {
        const posts = data.posts.filter((p) => p.campaign === r.campaign);
        const postEngagements = posts.length ? sumOf(posts, (p) => engagements(p.values)) : null;
        const clicks = posts.length ? sumOf(posts, (p) => p.values.clicks) : null;
        const impressions = posts.length ? sumOf(posts, (p) => p.values.impressions) : null;
        return [
          r.campaign, r.currency, r.cost, r.sessions, r.conversions, r.revenue,
          returnOnAdSpend({ revenue: r.revenue, spend: r.cost }), returnOnInvestment({ revenue: r.revenue, cost: r.cost }),
          costPerEngagement({ spend: r.cost, engagements: postEngagements }), costPerClick({ spend: r.cost, clicks }),
          costPerMille({ spend: r.cost, impressions }),
        ];
      }),
    }],
  };
}
