/**
 * Facebook Pages paths of the Meta stand-in, after https://developers.facebook.com/docs/pages-api/posts:
 *   POST /{page-id}/feed       message, link, attached_media[i]={"media_fbid"} → {id: "{page-id}_{post-id}"}
 *   POST /{page-id}/photos     url, caption|message, published (default true) → {id, post_id} or {id} when unpublished
 *   GET  /{page-id}/posts      fields, since, until, limit, after → {data, paging}
 *   GET  /{page-id}?fields=access_token   with a User token that manages the Page → the Page token
 *   GET  /{post-id}            fields (id, message, created_time, permalink_url)
 *   GET  /{post-id}            also shares{count} (left out at 0, as Graph does), comments.summary(true), reactions.summary(total_count)
 *   GET  /{post-id}/insights   and GET /{page-id}/insights, GET /{page-id}?fields=followers_count,fan_count (see insights.ts)
 *   POST /{post-id}/comments   message → {id}
 * Writing to a Page needs a Page token of that Page; a User token gets (#200), like Graph.
 */
import { edgePage, flag, graphError, graphTimestamp, invalidParameter, list, looksLikeMedia, pick, text, unsupported, type Params, type Reply, type RouteRequest } from './graph-shape.js';
import { accountInsights, followersOf, postFigures, postInsights } from './insights.js';
import type { MetaAccount, MetaState, StandInPost } from './state.js';

export const MAX_MESSAGE = 63_206;

const needsPageToken = (): Reply => graphError(200,
  '(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission');

export function handleFacebook(state: MetaState, req: RouteRequest): Reply {
  const [id = '', edge] = req.segments;
  const { method, params, token } = req;
  const page = state.accounts.get(id);
  if (page?.network === 'facebook') {
    const isPageToken = token.kind === 'page' && token.ownerIds.includes(page.id);
    const managesPage = token.kind === 'facebook_user' && token.ownerIds.includes(page.id);
    if (!isPageToken && !managesPage) return unsupported(method, id);
    if (method === 'GET' && edge === undefined) return readPage(state, page, managesPage, params);
    if (method === 'GET' && edge === 'insights') return accountInsights(state, page, params);
    if (method === 'GET' && edge === 'posts') {
      const own = [...state.posts.values()].filter((p) => p.network === 'facebook' && p.kind === 'post' && p.ownerId === page.id);
      return edgePage(own, params, (p) => Date.parse(p.createdAt), (p) => renderPost(p, params, postFigures(state, p)), req.url.toString());
    }
    if (method === 'POST' && (edge === 'feed' || edge === 'photos')) {
      if (!isPageToken) return needsPageToken();
      return edge === 'feed' ? createFeedPost(state, page.id, params) : createPhoto(state, page.id, params);
    }
    return unsupported(method, id);
  }

  const post = state.posts.get(id);
  const visible = post?.network === 'facebook' && token.ownerIds.includes(post.ownerId) && (token.kind === 'page' || token.kind === 'facebook_user');
  if (!post || !visible) return unsupported(method, id);
  if (method === 'GET' && edge === undefined) return { status: 200, body: renderPost(post, params, postFigures(state, post)) };
  if (method === 'GET' && edge === 'insights' && post.kind === 'post') return postInsights(state, post, params);
  if (method === 'POST' && edge === 'comments') {
    const message = text(params, 'message') ?? '';
    if (!message.trim()) return invalidParameter('Missing message or attachment');
    const comment = state.addPost({
      id: `${post.id.split('_').pop() ?? post.id}_${state.nextId()}`,
      network: 'facebook', ownerId: token.kind === 'page' ? (token.ownerIds[0] ?? post.ownerId) : post.ownerId,
      kind: 'comment', text: message, media: [], mediaType: 'COMMENT', parentId: post.id,
    });
    return { status: 200, body: { id: comment.id } };
  }
  return unsupported(method, id);
}

function readPage(state: MetaState, page: MetaAccount, viaUser: boolean, params: Params): Reply {
  const { id: pageId, name } = page;
  const fields = text(params, 'fields')?.split(',').map((f) => f.trim()) ?? ['name', 'id'];
  if (!fields.includes('access_token')) {
    const followers = followersOf(state, page);
    return { status: 200, body: pick({ id: pageId, name, followers_count: followers, fan_count: Math.floor(followers * 0.9) }, params, ['name']) };
  }
  // A Page token read with a long-lived User token does not expire (Facebook Login, long-lived tokens).
  if (!viaUser) return { status: 200, body: { id: pageId, name } };
  const { record } = state.issueToken('page', [pageId]);
  state.tokens.set(record.token, { ...record, expiresAt: undefined });
  return { status: 200, body: { access_token: record.token, id: pageId } };
}

function renderPost(post: StandInPost, params: Params, figures: Readonly<Record<string, number>>): Record<string, unknown> {
  // Field expansion (`comments.summary(true).limit(0)`) selects the field by the name before the first dot.
  const fields = text(params, 'fields')?.split(',').map((f) => f.trim().split('.')[0] ?? '').join(',');
  const shares = figures.shares ?? 0;
  return pick({
    id: post.id,
    message: post.text || undefined,
    created_time: graphTimestamp(Date.parse(post.createdAt)),
    permalink_url: post.permalink,
    link: post.link,
    shares: shares > 0 ? { count: shares } : undefined,
    comments: { data: [], summary: { order: 'ranked', total_count: figures.comments ?? 0, can_comment: true } },
    reactions: { data: [], summary: { total_count: figures.reactions ?? 0, viewer_reaction: 'NONE' } },
  }, fields === undefined ? params : { ...params, fields }, ['message', 'created_time']);
}

function validMessage(message: string | undefined): Reply | undefined {
  if (message !== undefined && message.length > MAX_MESSAGE) return invalidParameter(`Message exceeds the maximum length of ${MAX_MESSAGE} characters`);
  return undefined;
}

function createFeedPost(state: MetaState, pageId: string, params: Params): Reply {
  const message = text(params, 'message');
  const link = text(params, 'link');
  const attached = list(params, 'attached_media');
  const invalid = validMessage(message);
  if (invalid) return invalid;
  if (link !== undefined && !/^https?:\/\/\S+$/i.test(link)) return graphError(100, '(#100) The url you supplied is invalid', { subcode: 1609005 });
  if (!message?.trim() && !link && attached.length === 0) return invalidParameter('Missing message or attachment');
  const photos = [];
  for (const item of attached) {
    const mediaId = typeof item === 'object' && item !== null ? (item as { media_fbid?: unknown }).media_fbid : undefined;
    const photo = typeof mediaId === 'string' || typeof mediaId === 'number' ? state.photos.get(String(mediaId)) : undefined;
    if (!photo || photo.pageId !== pageId || photo.used) return invalidParameter(`attached_media: ${JSON.stringify(item)} is not an unpublished photo of this Page`);
    photos.push(photo);
  }
  for (const photo of photos) photo.used = true;
  const post = state.addPost({
    id: `${pageId}_${state.nextId()}`, network: 'facebook', ownerId: pageId, kind: 'post',
    text: message ?? '', ...(link ? { link } : {}), media: photos.map((p) => p.media), mediaType: photos.length ? 'ALBUM' : link ? 'LINK' : 'STATUS',
  });
  return { status: 200, body: { id: post.id } };
}

function createPhoto(state: MetaState, pageId: string, params: Params): Reply {
  const url = params.url;
  if (!looksLikeMedia(url, 'image')) return graphError(324, '(#324) Missing or invalid image file');
  const caption = text(params, 'caption') ?? text(params, 'message');
  const invalid = validMessage(caption);
  if (invalid) return invalid;
  const media = { kind: 'image' as const, url, ...(text(params, 'alt_text_custom') ? { altText: text(params, 'alt_text_custom') } : {}) };
  const photoId = state.nextId();
  if (!flag(params, 'published', true)) {
    state.photos.set(photoId, { id: photoId, pageId, media, used: false });
    return { status: 200, body: { id: photoId } };
  }
  const post = state.addPost({
    id: `${pageId}_${state.nextId()}`, network: 'facebook', ownerId: pageId, kind: 'post', text: caption ?? '', media: [media], mediaType: 'PHOTO',
  });
  return { status: 200, body: { id: photoId, post_id: post.id } };
}
