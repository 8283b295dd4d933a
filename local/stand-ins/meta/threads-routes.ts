/**
 * Threads paths of the Meta stand-in, after https://developers.facebook.com/docs/threads/posts, the
 * reply management and troubleshooting pages (graph.threads.net, `me` is the token's user):
 *   POST /{threads-user-id}/threads            media_type TEXT|IMAGE|VIDEO|CAROUSEL, text, image_url, video_url,
 *                                              is_carousel_item, children, reply_to_id → {id}
 *   GET  /{container-id}?fields=status,error_message
 *   POST /{threads-user-id}/threads_publish    creation_id → {id}
 *   GET  /{threads-user-id}/threads            fields, since, until, limit, after (top-level posts)
 *   GET  /{threads-user-id}/threads_publishing_limit?fields=quota_usage,config,reply_quota_usage,reply_config
 *   GET  /{threads-media-id}                   fields (id, text, media_type, permalink, timestamp, username)
 *   GET  /{threads-media-id}/insights, GET /{threads-user-id}/threads_insights (see insights.ts)
 * Text: 500 characters with emojis counted as their UTF-8 bytes.
 */
import { carouselChildren, publishContainer, publishingLimit, readContainer } from './containers.js';
import { edgePage, flag, graphTimestamp, invalidParameter, list, looksLikeMedia, mediaDownloadFailed, pick, text, unsupported, type Params, type Reply, type RouteRequest } from './graph-shape.js';
import { accountInsights, postInsights } from './insights.js';
import { countThreadsCharacters, type MetaState, type StandInMedia, type StandInPost } from './state.js';

export const MAX_TEXT = 500;
export const MAX_CAROUSEL = 20;
const MEDIA_TYPES = ['TEXT', 'IMAGE', 'VIDEO', 'CAROUSEL'];

export function handleThreads(state: MetaState, req: RouteRequest): Reply {
  const [id = '', edge] = req.segments;
  const { method, params, token } = req;
  const owns = (ownerId: string) => token.kind === 'threads' && token.ownerIds.includes(ownerId);
  const account = state.accounts.get(id);
  if (account?.network === 'threads') {
    if (!owns(account.id)) return unsupported(method, id);
    if (method === 'GET' && edge === undefined) return { status: 200, body: pick({ id: account.id, username: account.name }, params, ['id']) };
    if (method === 'POST' && edge === 'threads') return createContainer(state, account.id, params);
    if (method === 'POST' && edge === 'threads_publish') return publishContainer(state, 'threads', account.id, params);
    if (method === 'GET' && edge === 'threads_insights') return accountInsights(state, account, params);
    if (method === 'GET' && edge === 'threads_publishing_limit') return publishingLimit(state, 'threads', account.id, params);
    if (method === 'GET' && edge === 'threads') {
      const own = [...state.posts.values()].filter((p) => p.network === 'threads' && p.kind === 'post' && p.ownerId === account.id);
      return edgePage(own, params, (p) => Date.parse(p.createdAt), (p) => renderPost(state, p, params), req.url.toString());
    }
    return unsupported(method, id);
  }
  const container = state.containers.get(id);
  if (container?.network === 'threads' && owns(container.ownerId) && method === 'GET' && edge === undefined) return readContainer(state, container, params);

  const post = state.posts.get(id);
  if (method === 'GET' && edge === undefined && post?.network === 'threads' && token.kind === 'threads') {
    return { status: 200, body: renderPost(state, post, params) };
  }
  if (method === 'GET' && edge === 'insights' && post?.network === 'threads' && owns(post.ownerId)) return postInsights(state, post, params);
  return unsupported(method, id);
}

function renderPost(state: MetaState, post: StandInPost, params: Params): Record<string, unknown> {
  return pick({
    id: post.id,
    text: post.text || undefined,
    media_type: post.mediaType === 'TEXT' ? 'TEXT_POST' : post.mediaType === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : post.mediaType,
    media_url: post.media[0]?.url,
    permalink: post.permalink,
    timestamp: graphTimestamp(Date.parse(post.createdAt)),
    username: state.accounts.get(post.ownerId)?.name,
    is_reply: post.kind === 'reply',
    ...(post.parentId ? { replied_to: { id: post.parentId } } : {}),
  }, params, ['id']);
}

function createContainer(state: MetaState, ownerId: string, params: Params): Reply {
  const mediaType = (text(params, 'media_type') ?? '').toUpperCase();
  if (!MEDIA_TYPES.includes(mediaType)) return invalidParameter('The parameter media_type is required and must be one of TEXT, IMAGE, VIDEO, CAROUSEL');
  const carouselItem = flag(params, 'is_carousel_item');
  const body = text(params, 'text') ?? '';
  const length = countThreadsCharacters(body);
  if (length > MAX_TEXT) return invalidParameter(`Param text must be at most ${MAX_TEXT} characters long (${length})`);
  const replyToId = text(params, 'reply_to_id');
  if (replyToId !== undefined) {
    const parent = state.posts.get(replyToId);
    if (!parent || parent.network !== 'threads' || parent.kind === 'comment') return invalidParameter(`reply_to_id: the post ${replyToId} does not exist`, 33);
  }
  const altText = text(params, 'alt_text');
  let media: StandInMedia[] = [];
  let children: string[] = [];
  if (mediaType === 'TEXT') {
    if (carouselItem) return invalidParameter('A text post cannot be a carousel item');
    if (!body.trim()) return invalidParameter('The parameter text is required for media_type=TEXT');
  } else if (mediaType === 'IMAGE' || mediaType === 'VIDEO') {
    const kind = mediaType === 'IMAGE' ? 'image' : 'video';
    const url = params[kind === 'image' ? 'image_url' : 'video_url'];
    if (!looksLikeMedia(url, kind)) return mediaDownloadFailed();
    media = [{ kind, url, ...(altText ? { altText } : {}) }];
  } else {
    if (carouselItem) return invalidParameter('A carousel cannot be a carousel item');
    const found = carouselChildren(state, 'threads', ownerId, list(params, 'children').map(String), MAX_CAROUSEL);
    if (!Array.isArray(found)) return found;
    children = found.map((c) => c.id);
  }
  const container = state.addContainer({
    network: 'threads', ownerId, mediaType, media, text: body, children, carouselItem, ...(replyToId ? { replyToId } : {}),
  });
  return { status: 200, body: { id: container.id } };
}
