/**
 * What Pillars counts as an "engagement" — defined once, so every engagement rate, CPE and
 * best-time score means the same thing.
 *
 * Engagements = reactions + comments + shares, plus saves where the network reports them.
 * - Reactions, comments and shares are the interactions Hootsuite's engagement-rate formulas count
 *   and every supported network reports, so they are required: if one is missing, the post's
 *   engagements are missing (null) rather than an undercount.
 * - Saves (bookmarks) are an engagement too, but Mastodon, Bluesky and others never expose them to the
 *   author; requiring them would make engagements missing on those networks altogether. They are
 *   added when known.
 * - Clicks are not counted: they have their own KPI (CTR), and several networks (Mastodon, Bluesky,
 *   Threads) never report them, so counting them would make engagement rates incomparable across
 *   channels.
 * - Video views are reach-like (a view is not an interaction) and are not counted.
 */
import type { PostMetricName, PostMetricValues } from '../contracts/metric-names.js';
import { knownOrMissing } from './kpi-inputs.js';

export const REQUIRED_ENGAGEMENT_METRICS = ['reactions', 'comments', 'shares'] as const satisfies readonly PostMetricName[];
export const OPTIONAL_ENGAGEMENT_METRICS = ['saves'] as const satisfies readonly PostMetricName[];

type EngagementMetric = (typeof REQUIRED_ENGAGEMENT_METRICS)[number] | (typeof OPTIONAL_ENGAGEMENT_METRICS)[number];

/** A post's engagements under the definition above; null when a required metric is missing. */
export function engagements(values: Pick<PostMetricValues, EngagementMetric>): number | null {
  let total = 0;
  for (const name of REQUIRED_ENGAGEMENT_METRICS) {
    const value = knownOrMissing(name, values[name]);
    if (value === null) return null;
    total += value;
  }
  for (const name of OPTIONAL_ENGAGEMENT_METRICS) total += knownOrMissing(name, values[name]) ?? 0;
  return total;
}
