/** The end of a Facebook or Instagram publish, which the two share once the post exists. */
import type { PublishedRef, RateLimitState } from '../contract.js';
import type { GraphClient } from './graph-client.js';
import { bestEffort } from './adapter-helpers.js';
import { graphTime } from './graph-listing.js';

/**
 * What a Graph publish returns once the object exists: its permalink and time, read back, and the
 * first comment, if any. The post is live by now, so nothing here may throw (a retry would post
 * it twice): each follow-up is best effort.
 */
export async function finishGraphPublish(
  api: GraphClient,
  objectId: string,
  fields: { readonly url: string; readonly time: string },
  firstComment: string | undefined,
  now: () => number,
  rateLimit: RateLimitState | undefined,
): Promise<PublishedRef> {
  const details = await bestEffort(() => api.request<Record<string, unknown>>({
    path: `/${objectId}`, params: { fields: `id,${fields.url},${fields.time}` },
  }));
  const comment = firstComment
    ? await bestEffort(() => api.request<{ id?: unknown }>({
      method: 'POST', path: `/${objectId}/comments`, operation: 'commit', params: { message: firstComment },
    }))
    : undefined;
  const url = details?.body[fields.url];
  return {
    networkPostId: objectId,
    ...(typeof url === 'string' ? { url } : {}),
    publishedAt: graphTime(details?.body[fields.time]) ?? new Date(now()).toISOString(),
    ...(typeof comment?.body.id === 'string' ? { firstCommentId: comment.body.id } : {}),
    ...(rateLimit ? { rateLimit } : {}),
  };
}
