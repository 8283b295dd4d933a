/**
 * The LinkedIn stand-in's engagement reads, after the Community Management docs:
 *   GET /rest/socialActions/{post-urn}            likesSummary and commentsSummary of any post
 *   GET /rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity={org}&shares=List(…)|ugcPosts=List(…)
 *       lifetime totalShareStatistics per post (impressionCount, uniqueImpressionsCount, clickCount, likeCount,
 *       commentCount, shareCount, engagement); the member must administer the organization (else 403)
 *   GET /rest/networkSizes/{org-urn}?edgeType=COMPANY_FOLLOWED_BY_MEMBER   {firstDegreeSize}: the followers
 * Counts follow the seeded engagement curve by the post's age, followers grow by day (../engagement.ts).
 */
import { accountEngagementAt, postEngagementAt } from '../engagement.js';
import type { LinkedInState, StandInMember, StandInPost } from './state.js';

export interface StatsReply {
  readonly status: number;
  readonly body?: unknown;
}

type Fail = (status: number, message: string, code: string) => StatsReply;

function totals(state: LinkedInState, post: StandInPost): Record<string, number> {
  const e = postEngagementAt(post.urn, state.now() - post.createdAt);
  const comments = e.comments + post.comments.length;
  return {
    impressionCount: e.views, uniqueImpressionsCount: e.reach, clickCount: e.clicks, likeCount: e.likes, commentCount: comments, shareCount: e.shares,
    engagement: e.views === 0 ? 0 : (e.clicks + e.likes + comments + e.shares) / e.views,
  };
}

/** The URNs inside a Rest.li 2.0 `List(…)` query value (items URL-encoded inside the list). */
function restliList(value: string | null): string[] {
  const inner = /^List\((.*)\)$/.exec(value ?? '')?.[1];
  return inner ? inner.split(',').filter(Boolean).map((item) => decodeURIComponent(item)) : [];
}

export function handleStatistics(state: LinkedInState, member: StandInMember, path: string, url: URL, fail: Fail): StatsReply | undefined {
  const social = /^\/rest\/socialActions\/([^/]+)$/.exec(path);
  if (social?.[1]) {
    const urn = decodeURIComponent(social[1]);
    const post = state.livePost(urn);
    if (!post) return fail(404, 'Not Found', 'NOT_FOUND');
    const t = totals(state, post);
    return {
      status: 200,
      body: {
        $URN: `urn:li:socialActivityCounts:${urn}`, target: urn,
        likesSummary: { totalLikes: t.likeCount, aggregatedTotalLikes: t.likeCount, likedByCurrentUser: false },
        commentsSummary: { totalFirstLevelComments: t.commentCount, aggregatedTotalComments: t.commentCount },
      },
    };
  }
  if (path === '/rest/organizationalEntityShareStatistics') {
    if (url.searchParams.get('q') !== 'organizationalEntity') return fail(400, 'Resource method could not be resolved from request parameters.', 'ILLEGAL_ARGUMENT');
    const org = url.searchParams.get('organizationalEntity') ?? '';
    if (!member.organizations.has(org)) return fail(403, `Not enough permissions to access: organizationalEntityShareStatistics.FINDER-organizationalEntity`, 'ACCESS_DENIED');
    const kind = url.searchParams.has('ugcPosts') ? 'ugcPost' : 'share';
    const urns = restliList(url.searchParams.get(kind === 'ugcPost' ? 'ugcPosts' : 'shares'));
    const elements = urns.flatMap((urn) => {
      const post = state.livePost(urn);
      return post && post.author === org ? [{ organizationalEntity: org, [kind]: urn, totalShareStatistics: totals(state, post) }] : [];
    });
    return { status: 200, body: { elements, paging: { count: 10, start: 0, links: [] } } };
  }
  const sizes = /^\/rest\/networkSizes\/([^/]+)$/.exec(path);
  if (sizes?.[1]) {
    const urn = decodeURIComponent(sizes[1]);
    if (url.searchParams.get('edgeType') !== 'COMPANY_FOLLOWED_BY_MEMBER') return fail(400, 'edgeType must be COMPANY_FOLLOWED_BY_MEMBER', 'ILLEGAL_ARGUMENT');
    const since = state.firstSeen.get(urn);
    if (since === undefined || !/^urn:li:organization:/.test(urn)) return fail(404, 'Not Found', 'NOT_FOUND');
    return { status: 200, body: { firstDegreeSize: accountEngagementAt(urn, state.now() - since).followers } };
  }
  return undefined;
}
