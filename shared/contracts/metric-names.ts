/**
 * The common metric names every network's own metrics map to (the per-network mapping lives in
 * `shared/networks/metric-catalogue.ts`). A metric a network did not return is `null` — missing,
 * never zero — so a KPI over it is missing too instead of silently wrong.
 */
export const POST_METRICS = ['impressions', 'reach', 'reactions', 'comments', 'shares', 'saves', 'clicks', 'videoViews'] as const;
export type PostMetricName = (typeof POST_METRICS)[number];

export const ACCOUNT_METRICS = ['followers', 'reach', 'impressions', 'profileVisits'] as const;
export type AccountMetricName = (typeof ACCOUNT_METRICS)[number];

export type MetricName = PostMetricName | AccountMetricName;

/** Every metric of the kind, each a non-negative number or null when the network did not give it. */
export type PostMetricValues = { readonly [K in PostMetricName]: number | null };
export type AccountMetricValues = { readonly [K in AccountMetricName]: number | null };

export function emptyPostMetrics(): PostMetricValues {
  return Object.fromEntries(POST_METRICS.map((name) => [name, null])) as unknown as PostMetricValues;
}

export function emptyAccountMetrics(): AccountMetricValues {
  return Object.fromEntries(ACCOUNT_METRICS.map((name) => [name, null])) as unknown as AccountMetricValues;
}
