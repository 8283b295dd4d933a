/**
 * Social media KPIs as small pure functions, each with its formula and source (see
 * ../shared/reference/kpis.md). Two rules hold for every one:
 * - an input that is null (the network did not report it) makes the KPI null — missing, not 0;
 * - a zero denominator makes the KPI null — the ratio is undefined, never Infinity or NaN.
 * "Engagements" always means `engagements()` from ./engagements.ts.
 */
import { knownOrMissing } from './kpi-inputs.js';

export type Metric = number | null;

/** numerator / denominator × scale, null when either is missing or the denominator is 0. */
function ratio(inputs: Record<string, Metric>, numerator: string, denominator: string, scale = 1): Metric {
  const top = knownOrMissing(numerator, inputs[numerator] ?? null);
  const bottom = knownOrMissing(denominator, inputs[denominator] ?? null);
  if (top === null || bottom === null || bottom === 0) return null;
  return (top * scale) / bottom;
}

/**
 * Engagement rate by reach (ERR), in %: engagements / reach × 100.
 * Source: Hootsuite's engagement-rate formulas.
 */
export function engagementRateByReach(inputs: { engagements: Metric; reach: Metric }): Metric {
  return ratio(inputs, 'engagements', 'reach', 100);
}

/**
 * Engagement rate by impressions, in %: engagements / impressions × 100.
 * Source: Hootsuite's engagement-rate formulas; Orlo uses the same definition.
 */
export function engagementRateByImpressions(inputs: { engagements: Metric; impressions: Metric }): Metric {
  return ratio(inputs, 'engagements', 'impressions', 100);
}

/**
 * Engagement rate by followers ("engagement rate by post"), in %: engagements / followers × 100.
 * Source: Hootsuite's engagement-rate formulas.
 */
export function engagementRateByFollowers(inputs: { engagements: Metric; followers: Metric }): Metric {
  return ratio(inputs, 'engagements', 'followers', 100);
}

/**
 * Daily engagement rate, in %: engagements in one day / followers × 100.
 * Source: Hootsuite's engagement-rate formulas.
 */
export function dailyEngagementRate(inputs: { engagementsInDay: Metric; followers: Metric }): Metric {
  return ratio(inputs, 'engagementsInDay', 'followers', 100);
}

/**
 * Amplification, per post: shares / posts.
 * Source: Avinash Kaushik, "Best social media metrics" (amplification rate).
 */
export function amplificationPerPost(inputs: { shares: Metric; posts: Metric }): Metric {
  return ratio(inputs, 'shares', 'posts');
}

/**
 * Amplification rate by followers, in %: shares / followers × 100.
 * Source: HSMAI Academy glossary, "Amplification rate".
 */
export function amplificationRateByFollowers(inputs: { shares: Metric; followers: Metric }): Metric {
  return ratio(inputs, 'shares', 'followers', 100);
}

/**
 * Applause, per post: reactions (likes, favourites) / posts.
 * Source: Avinash Kaushik (applause rate).
 */
export function applausePerPost(inputs: { reactions: Metric; posts: Metric }): Metric {
  return ratio(inputs, 'reactions', 'posts');
}

/**
 * Conversation, per post: comments (replies) / posts.
 * Source: Avinash Kaushik (conversation rate).
 */
export function conversationPerPost(inputs: { comments: Metric; posts: Metric }): Metric {
  return ratio(inputs, 'comments', 'posts');
}

/**
 * Virality rate, in %: shares / impressions × 100.
 * Source: socialk.it, "Virality rate and amplification explained".
 */
export function viralityRate(inputs: { shares: Metric; impressions: Metric }): Metric {
  return ratio(inputs, 'shares', 'impressions', 100);
}

/**
 * Click-through rate (CTR), in %: clicks / impressions × 100.
 * Source: Meta Marketing API Insights, `ctr`.
 */
export function clickThroughRate(inputs: { clicks: Metric; impressions: Metric }): Metric {
  return ratio(inputs, 'clicks', 'impressions', 100);
}

/**
 * Audience growth rate, in %: net new followers in the period / followers at the start × 100,
 * where net new followers = followers at the end − followers at the start (negative when the
 * audience shrank).
 * Source: Databox, "Audience growth rate".
 */
export function audienceGrowthRate(inputs: { followersAtStart: Metric; followersAtEnd: Metric }): Metric {
  const start = knownOrMissing('followersAtStart', inputs.followersAtStart);
  const end = knownOrMissing('followersAtEnd', inputs.followersAtEnd);
  if (start === null || end === null || start === 0) return null;
  return ((end - start) * 100) / start;
}

/**
 * Cost per click (CPC), in the spend's currency: spend / clicks.
 * Source: Meta Marketing API Insights, `cpc`.
 */
export function costPerClick(inputs: { spend: Metric; clicks: Metric }): Metric {
  return ratio(inputs, 'spend', 'clicks');
}

/**
 * Cost per mille (CPM), in the spend's currency: spend / impressions × 1000.
 * Source: Meta Marketing API Insights, `cpm`.
 */
export function costPerMille(inputs: { spend: Metric; impressions: Metric }): Metric {
  return ratio(inputs, 'spend', 'impressions', 1000);
}

/**
 * Cost per engagement (CPE), in the spend's currency: spend / engagements.
 * Source: GRIN support, "Cost per engagement".
 */
export function costPerEngagement(inputs: { spend: Metric; engagements: Metric }): Metric {
  return ratio(inputs, 'spend', 'engagements');
}

/**
 * Return on ad spend (ROAS), a multiple: revenue / ad spend (Meta's `purchase_roas` is purchase
 * conversion value / spend).
 * Source: Meta Marketing API Insights; Revealbot.
 */
export function returnOnAdSpend(inputs: { revenue: Metric; spend: Metric }): Metric {
  return ratio(inputs, 'revenue', 'spend');
}

/**
 * Return on investment (ROI), in %: (revenue − cost) / cost × 100 (negative when it lost money).
 * Source: platinumprospects.ai (secondary).
 */
export function returnOnInvestment(inputs: { revenue: Metric; cost: Metric }): Metric {
  const revenue = knownOrMissing('revenue', inputs.revenue);
  const cost = knownOrMissing('cost', inputs.cost);
  if (revenue === null || cost === null || cost === 0) return null;
  return ((revenue - cost) * 100) / cost;
}

/**
 * Frequency, a multiple: impressions / reach — how often each reached person saw it.
 * Source: Meta Marketing API Insights, `frequency`.
 */
export function frequency(inputs: { impressions: Metric; reach: Metric }): Metric {
  return ratio(inputs, 'impressions', 'reach');
}

export type KpiId =
  | 'engagementRateByReach' | 'engagementRateByImpressions' | 'engagementRateByFollowers' | 'dailyEngagementRate'
  | 'amplificationPerPost' | 'amplificationRateByFollowers' | 'applausePerPost' | 'conversationPerPost'
  | 'viralityRate' | 'clickThroughRate' | 'audienceGrowthRate'
  | 'costPerClick' | 'costPerMille' | 'costPerEngagement' | 'returnOnAdSpend' | 'returnOnInvestment' | 'frequency';

export interface KpiDefinition {
  readonly id: KpiId;
  readonly label: string;
  /** '%' a percentage; 'per post' an average count; 'currency' in the spend's currency; '×' a multiple. */
  readonly unit: '%' | 'per post' | 'currency' | '×';
  readonly formula: string;
  /** null where neither direction is better: frequency has a sweet spot between unseen and fatigue. */
  readonly higherIsBetter: boolean | null;
  readonly source: string;
}

const HOOTSUITE = "Hootsuite's engagement-rate formulas";
const KAUSHIK = 'Avinash Kaushik, Best social media metrics';
const META = 'Meta Marketing API Insights';

/** Every KPI, for reports and the README to render. */
export const KPI_CATALOGUE: readonly KpiDefinition[] = [
  { id: 'engagementRateByReach', label: 'Engagement rate by reach', unit: '%', formula: 'engagements / reach × 100', higherIsBetter: true, source: HOOTSUITE },
  { id: 'engagementRateByImpressions', label: 'Engagement rate by impressions', unit: '%', formula: 'engagements / impressions × 100', higherIsBetter: true, source: HOOTSUITE },
  { id: 'engagementRateByFollowers', label: 'Engagement rate by followers', unit: '%', formula: 'engagements / followers × 100', higherIsBetter: true, source: HOOTSUITE },
  { id: 'dailyEngagementRate', label: 'Daily engagement rate', unit: '%', formula: 'engagements in a day / followers × 100', higherIsBetter: true, source: HOOTSUITE },
  { id: 'amplificationPerPost', label: 'Amplification (shares per post)', unit: 'per post', formula: 'shares / posts', higherIsBetter: true, source: KAUSHIK },
  { id: 'amplificationRateByFollowers', label: 'Amplification rate by followers', unit: '%', formula: 'shares / followers × 100', higherIsBetter: true, source: 'HSMAI Academy glossary' },
  { id: 'applausePerPost', label: 'Applause (reactions per post)', unit: 'per post', formula: 'reactions / posts', higherIsBetter: true, source: KAUSHIK },
  { id: 'conversationPerPost', label: 'Conversation (comments per post)', unit: 'per post', formula: 'comments / posts', higherIsBetter: true, source: KAUSHIK },
  { id: 'viralityRate', label: 'Virality rate', unit: '%', formula: 'shares / impressions × 100', higherIsBetter: true, source: 'socialk.it' },
  { id: 'clickThroughRate', label: 'Click-through rate (CTR)', unit: '%', formula: 'clicks / impressions × 100', higherIsBetter: true, source: META },
  { id: 'audienceGrowthRate', label: 'Audience growth rate', unit: '%', formula: '(followers at end − followers at start) / followers at start × 100', higherIsBetter: true, source: 'Databox' },
  { id: 'costPerClick', label: 'Cost per click (CPC)', unit: 'currency', formula: 'spend / clicks', higherIsBetter: false, source: META },
  { id: 'costPerMille', label: 'Cost per thousand impressions (CPM)', unit: 'currency', formula: 'spend / impressions × 1000', higherIsBetter: false, source: META },
  { id: 'costPerEngagement', label: 'Cost per engagement (CPE)', unit: 'currency', formula: 'spend / engagements', higherIsBetter: false, source: 'GRIN support' },
  { id: 'returnOnAdSpend', label: 'Return on ad spend (ROAS)', unit: '×', formula: 'revenue / ad spend', higherIsBetter: true, source: `${META}; Revealbot` },
  { id: 'returnOnInvestment', label: 'Return on investment (ROI)', unit: '%', formula: '(revenue − cost) / cost × 100', higherIsBetter: true, source: 'platinumprospects.ai (secondary)' },
  { id: 'frequency', label: 'Frequency', unit: '×', formula: 'impressions / reach', higherIsBetter: null, source: META },
];
