/**
 * LinkedIn post and account metrics over the versioned REST API (Community Management):
 * - any post: GET /rest/socialActions/{urn} → likesSummary.totalLikes, commentsSummary.aggregatedTotalComments;
 * - an organization's post, in addition: GET /rest/organizationalEntityShareStatistics?q=organizationalEntity
 *   with `shares=List(…)` or `ugcPosts=List(…)` → lifetime totalShareStatistics (impressions, unique
 *   impressions, clicks, likes, comments, shares); refused alone, it makes the reading partial;
 * - an organization's followers: GET /rest/networkSizes/{org}?edgeType=COMPANY_FOLLOWED_BY_MEMBER → firstDegreeSize.
 * LinkedIn gives none of these for a member's own profile through this API, so those stay null.
 */
import { NetworkError, type AccountMetricsReading, type PostMetricsReading } from '../contract.js';
import { accountReading, numbersOf, postReading } from '../metric-catalogue.js';

/** A GET of a path under the API base, answering parsed JSON or throwing a classified NetworkError. */
export type LinkedInGet = <T>(path: string) => Promise<T>;

const isOrganization = (author: string) => author.startsWith('urn:li:organization:');

export async function readLinkedInPostMetrics(get: LinkedInGet, author: string, postUrn: string, observedAt: string): Promise<PostMetricsReading> {
  let summary: { likesSummary?: { totalLikes?: unknown }; commentsSummary?: { aggregatedTotalComments?: unknown } };
  try {
    summary = await get(`/rest/socialActions/${encodeURIComponent(postUrn)}`);
  } catch (error) {
    if (error instanceof NetworkError && (error.httpStatus === 404 || error.httpStatus === 410)) {
      throw new NetworkError('linkedin', 'bad_content', `LinkedIn post ${postUrn} no longer exists`, { httpStatus: error.httpStatus, cause: error });
    }
    throw error;
  }
  // Under the share statistics' names, so those replace them when both are there.
  const raw: Record<string, number> = numbersOf({ likeCount: summary.likesSummary?.totalLikes, commentCount: summary.commentsSummary?.aggregatedTotalComments });
  const missing: string[] = [];
  if (isOrganization(author)) {
    const kind = postUrn.startsWith('urn:li:ugcPost:') ? 'ugcPosts' : 'shares';
    const path = `/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=${encodeURIComponent(author)}` +
      `&${kind}=List(${encodeURIComponent(postUrn)})`;
    try {
      const stats = await get<{ elements?: Array<{ totalShareStatistics?: unknown }> }>(path);
      Object.assign(raw, numbersOf(stats.elements?.[0]?.totalShareStatistics));
    } catch (error) {
      // Token, throttling and transport failures fail the reading; a refusal of the statistics alone does not.
      if (!(error instanceof NetworkError) || (error.kind !== 'bad_content' && error.kind !== 'disconnected')) throw error;
      missing.push(`share statistics: ${error.httpStatus ?? 'error'} (${error.message})`);
    }
  }
  return postReading('linkedin', raw, { observedAt, missing });
}

export async function readLinkedInAccountMetrics(get: LinkedInGet, author: string, observedAt: string): Promise<AccountMetricsReading> {
  if (!isOrganization(author)) return accountReading('linkedin', {}, { observedAt });
  const sizes = await get<unknown>(`/rest/networkSizes/${encodeURIComponent(author)}?edgeType=COMPANY_FOLLOWED_BY_MEMBER`);
  return accountReading('linkedin', numbersOf(sizes), { observedAt });
}
