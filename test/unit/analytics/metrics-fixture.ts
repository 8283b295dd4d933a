import { emptyPostMetrics, type PostMetricValues } from '../../../shared/contracts/metric-names.js';
import type { PostPerformance } from '../../../shared/analytics/post-kpis.js';

/** A post with only the given metrics known; everything else missing, as a network that lacks them. */
export function performance(
  postId: string, publishedAt: string, values: Partial<PostMetricValues>, extra: Partial<PostPerformance> = {},
): PostPerformance {
  return { postId, accountId: 'acct-a', network: 'linkedin', publishedAt, values: { ...emptyPostMetrics(), ...values }, ...extra };
}
