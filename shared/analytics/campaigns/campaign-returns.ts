/**
 * The ROI inputs per campaign for a period: cost, sessions, conversions and revenue (kpis.ts turns
 * them into ROAS and ROI). Pure: the caller passes the period's rows.
 *
 * Revenue and conversions come from two reporters that see the same purchases, so they are not
 * added. GA4 reports aggregates per day, source and campaign without order ids, so orders cannot
 * be matched one by one; the rule is per (campaign, utm source, day):
 *  - where the conversion webhook reported conversions, they and their value count and GA4's key
 *    events and revenue for that cell are dropped: the shop's server-side record is complete and
 *    exact, while GA4 misses visitors who block tracking or refuse consent;
 *  - elsewhere GA4's key events and revenue count.
 * Sessions come from GA4 only. Days compare as stored: GA4 rows by the property's day, webhook
 * conversions by their UTC day (set the property to UTC to make them agree exactly).
 *
 * Amounts are never converted between currencies: revenue in the campaign's currency (else the GA4
 * property's) is summed; any other currency is listed apart in `revenueInOtherCurrencies`.
 *
 * Cost = the cost entered for the campaign + ad spend when the advertising pillar knows it
 * (`adSpend`; absent today, so `adSpend` is null and cost is the entered cost).
 */
import type { Campaign } from './campaign.js';
import type { Conversion } from '../store/conversions-repository.js';
import type { WebAnalyticsRow } from '../store/web-analytics-repository.js';

export interface CampaignReturn {
  readonly campaign: string;
  /** The currency of cost and revenue; null when neither a campaign entry nor GA4 named one. */
  readonly currency: string | null;
  /** Entered cost + ad spend when known; null when the campaign has no cost entered. */
  readonly cost: number | null;
  readonly enteredCost: number | null;
  /** Null until the advertising pillar reports spend for the campaign. */
  readonly adSpend: number | null;
  /** Null when GA4 reported no sessions for it (missing, not zero). */
  readonly sessions: number | null;
  readonly conversions: number | null;
  readonly revenue: number | null;
  readonly revenueInOtherCurrencies: Readonly<Record<string, number>>;
}

export interface CampaignReturnsInput {
  readonly campaigns: readonly Campaign[];
  readonly webAnalytics: readonly WebAnalyticsRow[];
  readonly conversions: readonly Conversion[];
  /** Ad spend per campaign in the campaign's currency, once the advertising pillar provides it. */
  readonly adSpend?: (campaign: string) => number | undefined;
}

interface Cell {
  ga4?: { conversions: number | null; revenue: number | null; currency: string };
  webhook?: { conversions: number; value: Map<string, number> };
}

export function campaignReturns(input: CampaignReturnsInput): CampaignReturn[] {
  const cells = new Map<string, Map<string, Cell>>();
  const sessions = new Map<string, number | null>();
  const ga4Currency = new Map<string, string>();
  const cell = (campaign: string, source: string, day: string) => {
    const byCell = cells.get(campaign) ?? new Map<string, Cell>();
    cells.set(campaign, byCell);
    const key = `${source}\u0000${day}`;
    const found = byCell.get(key) ?? {};
    byCell.set(key, found);
    return found;
  };

  for (const row of input.webAnalytics) {
    const c = cell(row.campaign, row.source, row.day);
    c.ga4 = { conversions: add(c.ga4?.conversions ?? null, row.conversions), revenue: add(c.ga4?.revenue ?? null, row.revenue), currency: row.currency };
    sessions.set(row.campaign, add(sessions.get(row.campaign) ?? null, row.sessions));
    if (row.currency) ga4Currency.set(row.campaign, row.currency);
  }
  for (const conversion of input.conversions) {
    const c = cell(conversion.campaign, conversion.source, conversion.occurredAt.slice(0, 10));
    c.webhook ??= { conversions: 0, value: new Map() };
    c.webhook.conversions += 1;
    c.webhook.value.set(conversion.currency, (c.webhook.value.get(conversion.currency) ?? 0) + conversion.value);
  }

  const byName = new Map(input.campaigns.map((c) => [c.name, c]));
  const names = [...new Set([...byName.keys(), ...cells.keys()])].sort();
  return names.map((name): CampaignReturn => {
    const entry = byName.get(name);
    const currency = entry?.currency ?? ga4Currency.get(name) ?? null;
    let conversions: number | null = null;
    let revenue: number | null = null;
    const other: Record<string, number> = {};
    const addRevenue = (amount: number | null, amountCurrency: string) => {
      if (amount === null) return;
      if (currency === null || amountCurrency === currency) revenue = (revenue ?? 0) + amount;
      else other[amountCurrency] = round((other[amountCurrency] ?? 0) + amount);
    };
    for (const c of cells.get(name)?.values() ?? []) {
      if (c.webhook) {
        conversions = (conversions ?? 0) + c.webhook.conversions;
        for (const [valueCurrency, value] of c.webhook.value) addRevenue(value, valueCurrency);
      } else if (c.ga4) {
        conversions = add(conversions, c.ga4.conversions);
        addRevenue(c.ga4.revenue, c.ga4.currency);
      }
    }
    const adSpend = input.adSpend?.(name) ?? null;
    const enteredCost = entry?.cost ?? null;
    return {
      campaign: name,
      currency,
      cost: enteredCost === null ? null : round(enteredCost + (adSpend ?? 0)),
      enteredCost,
      adSpend,
      sessions: sessions.get(name) ?? null,
      conversions,
      revenue: revenue === null ? null : round(revenue),
      revenueInOtherCurrencies: other,
    };
  });
}

const add = (a: number | null, b: number | null) => (a === null && b === null ? null : (a ?? 0) + (b ?? 0));
/** Cents, so sums of decimal amounts do not show float noise such as 0.30000000000000004. */
const round = (amount: number) => Math.round(amount * 100) / 100;
