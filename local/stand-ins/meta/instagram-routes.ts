/**
 * Instagram paths of the Meta stand-in, after the content publishing guide and the IG User / IG Media /
 * IG Container references (graph.instagram.com, Instagram API with Instagram Login):
 *   POST /{ig-user-id}/media            image_url [+alt_text] | media_type=REELS+video_url |
 *                                       is_carousel_item=true (+media_type=VIDEO) | media_type=CAROUSEL+children, caption → {id}
 *   GET  /{container-id}?fields=status_code,status
 *   POST /{ig-user-id}/media_publish    creation_id → {id}
 *   GET  /{ig-user-id}/media            fields, since, until, limit, after
 *   GET  /{ig-user-id}/content_publishing_limit?fields=quota_usage,config
 *   GET  /{ig-media-id}                 fields (id, caption, media_type, media_url, permalink, timestamp, username)
 *   POST /{ig-media-id}/comments        message → {id}
 *   GET  /{ig-media-id}/insights, GET /{ig-user-id}/insights, GET /{ig-user-id}?fields=followers_count (see insights.ts)
 * Captions: 2,200 characters, 30 hashtags, 20 @-mentions. Media URLs must be http(s) images or videos, else
 * (#9004/2207052) like Instagram's fetcher.
 */
import { carouselChildren, publishContainer, publishingLimit, readContainer } from './containers.js';
import { edgePage, flag, graphTimestamp, invalidParameter, list, looksLikeMedia, mediaDownloadFailed, pick, text, unsupported, type Params, type Reply, type RouteRequest } from './graph-shape.js';
import { accountInsights, followersOf, postFigures, postInsights } from './insights.js';
import type { MetaState, StandInMedia, StandInPost } from './state.js';

export const MAX_CAPTION = 2_200;
export const MAX_HASHTAGS = 30;
export const MAX_MENTIONS = 20;
export const MAX_CAROUSEL = 10;

export function handleInstagram(state: MetaState, req: RouteRequest): Reply {
  const [id = '', edge] = req.segments;
  const { method, params, token } = req;
  const owns = (ownerId: string) => token.kind === 'instagram' && token.ownerIds.includes(ownerId);
  const account = state.accounts.get(id);
  if (account?.network === 'instagram') {
    if (!owns(account.id)) return unsupported(method, id);
    if (method === 'GET' && edge === undefined) {
      const mediaCount = [...state.posts.values()].filter((p) => p.network === 'instagram' && p.kind === 'post' && p.ownerId === account.id).length;
      const user = { id: account.id, username: account.name, followers_count: followersOf(state, account), follows_count: 150, media_count: mediaCount };
      return { status: 200, body: pick(user, params, ['username']) };
    }
    if (method === 'GET' && edge === 'insights') return accountInsights(state, account, params);
    if (method === 'POST' && edge === 'media') return createContainer(state, account.id, params);
    if (method === 'POST' && edge === 'media_publish') return publishContainer(state, 'instagram', account.id, params);
    if (method === 'GET' && edge === 'content_publishing_limit') return publishingLimit(state, 'instagram', account.id, params);
    if (method === 'GET' && edge === 'media') {
      const own = [...state.posts.values()].filter((p) => p.network === 'instagram' && p.kind === 'post' && p.ownerId === account.id);
      return edgePage(own, params, (p) => Date.parse(p.createdAt), (p) => renderMedia(state, p, params), req.url.toString());
    }
    return unsupported(method, id);
  }
  const container = state.containers.get(id);
  if (container?.network === 'instagram' && owns(container.ownerId) && method === 'GET' && edge === undefined) return readContainer(state, container, params);

  const post = state.posts.get(id);
  if (!post || post.network !== 'instagram' || !owns(post.ownerId)) return unsupported(method, id);
  if (method === 'GET' && edge === undefined) return { status: 200, body: renderMedia(state, post, params) };
  if (method === 'GET' && edge === 'insights' && post.kind === 'post') return postInsights(state, post, params);
  if (method === 'POST' && edge === 'comments' && post.kind === 'post') {
    const message = text(params, 'message') ?? '';
    if (!message.trim()) return invalidParameter('The parameter message is required');
    const comment = state.addPost({ network: 'instagram', ownerId: post.ownerId, kind: 'comment', text: message, media: [], mediaType: 'COMMENT', parentId: post.id });
    return { status: 200, body: { id: comment.id } };
  }
  return unsupported(method, id);
}

function renderMedia(state: MetaState, post: StandInPost, params: Params): Record<string, unknown> {
  return pick({
    id: post.id,
    caption: post.text || undefined,
    media_type: post.mediaType,
    media_url: post.media[0]?.url,
    permalink: post.permalink,
    timestamp: graphTimestamp(Date.parse(post.createdAt)),
    username: state.accounts.get(post.ownerId)?.name,
    comments_count: postFigures(state, post).comments,
    like_count: postFigures(state, post).likes,
  }, params, ['id']);
}

function checkCaption(caption: string): Reply | undefined {
  const length = [...caption].length;
  if (length > MAX_CAPTION) return invalidParameter(`The caption exceeds the maximum length of ${MAX_CAPTION} characters (${length})`);
  const hashtags = caption.match(/(^|[^\p{L}\p{N}_&#])#[\p{L}\p{N}_]+/gu)?.length ?? 0;
  if (hashtags > MAX_HASHTAGS) return invalidParameter(`The caption has more than ${MAX_HASHTAGS} hashtags (${hashtags})`);
  const mentions = caption.match(/(^|[^\p{L}\p{N}_.@])@[A-Za-z0-9._]+/gu)?.length ?? 0;
  if (mentions > MAX_MENTIONS) return invalidParameter(`The caption has more than ${MAX_MENTIONS} @ tags (${mentions})`);
  return undefined;
}

function createContainer(state: MetaState, ownerId: string, params: Params): Reply {
  const carouselItem = flag(params, 'is_carousel_item');
  const mediaType = (text(params, 'media_type') ?? (carouselItem && params.video_url ? 'VIDEO' : 'IMAGE')).toUpperCase();
  const caption = carouselItem ? '' : text(params, 'caption') ?? '';
  const invalidCaption = checkCaption(caption);
  if (invalidCaption) return invalidCaption;
  const altText = text(params, 'alt_text');
  let media: StandInMedia[] = [];
  let children: string[] = [];

  if (mediaType === 'CAROUSEL') {
    if (carouselItem) return invalidParameter('A carousel cannot be a carousel item');
    const found = carouselChildren(state, 'instagram', ownerId, list(params, 'children').map(String), MAX_CAROUSEL);
    if (!Array.isArray(found)) return found;
    children = found.map((c) => c.id);
  } else if (mediaType === 'REELS' || mediaType === 'VIDEO') {
    if (mediaType === 'VIDEO' && !carouselItem) return invalidParameter('The VIDEO media type is no longer supported for single videos: use REELS');
    if (mediaType === 'REELS' && carouselItem) return invalidParameter('Reels cannot be carousel items: use media_type=VIDEO');
    if (!looksLikeMedia(params.video_url, 'video')) return mediaDownloadFailed();
    media = [{ kind: 'video', url: params.video_url }];
  } else if (mediaType === 'IMAGE') {
    if (!looksLikeMedia(params.image_url, 'image')) return mediaDownloadFailed();
    media = [{ kind: 'image', url: params.image_url, ...(altText ? { altText } : {}) }];
  } else {
    return invalidParameter(`The media_type ${mediaType} is not supported by the stand-in`);
  }
  const container = state.addContainer({ network: 'instagram', ownerId, mediaType, media, text: caption, children, carouselItem });
  return { status: 200, body: { id: container.id } };
}
