/**
 * The X API v2 endpoints the stand-in serves, as pure functions of the state and one request.
 * Shapes follow https://docs.x.com/x-api (posts, users, timelines, chunked media upload, OAuth 2.0
 * token refresh); errors use X's problem JSON (`title`, `detail`, `type`, `status`).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { accountEngagementAt, postEngagementAt } from '../engagement.js';
import { MAX_WEIGHTED_LENGTH, mediaKey, weightedLength, type MediaKind, type XState, type XStandInPost, type XUser } from './state.js';

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly raw: Buffer;
  readonly token: string | undefined;
}

type Body = Record<string, unknown>;

const TOO_LONG = 'Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.';
const MEDIA_LIMITS: Record<MediaKind, number> = { photo: 5 * 1024 * 1024, animated_gif: 15 * 1024 * 1024, video: 512 * 1024 * 1024 };
const MEDIA_TTL_SECONDS = 86_400;

export const problem = (status: number, title: string, detail: string, type = 'about:blank'): Reply => ({ status, body: { title, detail, type, status } });
const unauthorized = problem(401, 'Unauthorized', 'Unauthorized');
const invalid = (message: string): Reply => ({
  status: 400,
  body: { errors: [{ message }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' },
});
const notFound = (resource: 'tweet' | 'user' | 'media', id: string): Reply => ({
  status: 200,
  body: {
    errors: [{
      value: id, detail: `Could not find ${resource} with id: [${id}].`, title: 'Not Found Error', resource_type: resource,
      parameter: 'id', resource_id: id, type: 'https://api.twitter.com/2/problems/resource-not-found',
    }],
  },
});

/** `METHOD /2/path` with ids replaced, to key rate-limit windows per endpoint as X does. */
export function endpointKey(method: string, path: string): string {
  return `${method} ${path.split('/').map((segment, i) => (i > 1 && /^\d+$/.test(segment) ? ':id' : segment)).join('/')}`;
}

export async function handleXApi(state: XState, req: ApiRequest): Promise<Reply> {
  const { method, path } = req;
  if (method === 'POST' && path === '/2/oauth2/token') return refreshToken(state, req);

  const viewer = state.userForToken(req.token);
  if (viewer === undefined || viewer === 'expired') return unauthorized;

  if (method === 'POST' && path === '/2/tweets') return createPost(state, viewer, await parseBody(req));
  const post = /^\/2\/tweets\/(\d{1,19})$/.exec(path);
  if (post?.[1]) {
    const found = state.livePost(post[1]);
    if (method === 'GET') return found ? readPost(state, found, viewer, fields(req.query)) : notFound('tweet', post[1]);
    if (method === 'DELETE') {
      if (found && found.authorId !== viewer.id) return problem(403, 'Forbidden', 'You are not authorized to delete this Tweet.');
      if (found) found.deletedAt = new Date(state.now()).toISOString();
      return { status: 200, body: { data: { deleted: Boolean(found) } } };
    }
  }
  if (/^\/2\/tweets\/[^/]+$/.test(path)) return invalid(`The \`id\` query parameter value [${path.slice(10)}] is not valid`);
  if (method === 'GET' && path === '/2/users/me') return { status: 200, body: { data: me(state, viewer, req.query) } };
  const timeline = /^\/2\/users\/(\d{1,19})\/tweets$/.exec(path);
  if (method === 'GET' && timeline?.[1]) return userPosts(state, timeline[1], req.query);
  if (method === 'POST' && path.startsWith('/2/media/')) return media(state, viewer, req);
  return problem(404, 'Not Found Error', `Sorry, that page does not exist (${method} ${path}).`);
}

const PRIVATE_METRICS_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * GET /2/tweets/:id. `public_metrics` for anyone; `non_public_metrics` and `organic_metrics` only for the
 * author and only within 30 days of posting: otherwise X leaves the field out of `data` and explains
 * why in `errors` (a Field Authorization Error), still with HTTP 200.
 */
function readPost(state: XState, post: XStandInPost, viewer: XUser, wanted: Set<string>): Reply {
  const data = state.render(post, wanted);
  const age = state.now() - Date.parse(post.createdAt);
  const e = postEngagementAt(post.id, age);
  const errors: Body[] = [];
  if (wanted.has('public_metrics')) {
    data.public_metrics = {
      retweet_count: e.shares, reply_count: e.comments, like_count: e.likes, quote_count: e.quotes, bookmark_count: e.saves, impression_count: e.views,
    };
  }
  const privateFields: Record<string, Body> = {
    non_public_metrics: { impression_count: e.views, url_link_clicks: e.clicks, user_profile_clicks: Math.floor(e.clicks / 3) },
    organic_metrics: {
      impression_count: e.views, like_count: e.likes, reply_count: e.comments, retweet_count: e.shares, url_link_clicks: e.clicks,
      user_profile_clicks: Math.floor(e.clicks / 3),
    },
  };
  for (const [field, metrics] of Object.entries(privateFields)) {
    if (!wanted.has(field)) continue;
    if (post.authorId === viewer.id && age <= PRIVATE_METRICS_MS) {
      data[field] = metrics;
    } else {
      errors.push({
        value: post.id, detail: `Sorry, you are not authorized to access '${field}' on the Tweet with ids: [${post.id}].`,
        title: 'Field Authorization Error', resource_type: 'tweet', parameter: 'tweet.fields', field, resource_id: post.id, section: 'data',
        type: 'https://api.twitter.com/2/problems/not-authorized-for-field',
      });
    }
  }
  return { status: 200, body: { data, ...(errors.length ? { errors } : {}) } };
}

/** GET /2/users/me; `user.fields=public_metrics` adds follower counts that grow by day (../engagement.ts). */
function me(state: XState, viewer: XUser, query: URLSearchParams): Body {
  const user: Body = { id: viewer.id, name: viewer.username, username: viewer.username };
  if ((query.get('user.fields') ?? '').split(',').includes('public_metrics')) {
    const { followers } = accountEngagementAt(viewer.id, state.now() - Date.parse(viewer.createdAt));
    const tweets = [...state.posts.values()].filter((p) => p.authorId === viewer.id && !p.deletedAt).length;
    user.public_metrics = { followers_count: followers, following_count: 120, tweet_count: tweets, listed_count: 3, like_count: 40 };
  }
  return user;
}

async function parseBody(req: ApiRequest): Promise<Body> {
  if (req.raw.length === 0) return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(req.raw.toString('utf8')));
  if (type === 'multipart/form-data') return parseMultipart(req.raw, String(req.headers['content-type']));
  const parsed: unknown = JSON.parse(req.raw.toString('utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SyntaxError('body must be a JSON object');
  return parsed as Body;
}

/**
 * multipart/form-data with binary parts kept as bytes: twitter-api-v2 sends the `media` chunk
 * without a filename, which WHATWG FormData parsing would turn into (lossy) text.
 */
function parseMultipart(raw: Buffer, contentType: string): Body {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const delimiter = Buffer.from(`--${boundary?.[1] ?? boundary?.[2] ?? ''}`);
  if (delimiter.length <= 2) throw new SyntaxError('multipart body without boundary');
  const body: Body = {};
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = raw.subarray(start + delimiter.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    const content = part.subarray(split + 4);
    if (name !== undefined && split >= 0) body[name] = name === 'media' || /filename=/i.test(head) ? Buffer.from(content) : content.toString('utf8');
    start = next;
  }
  return body;
}

function fields(query: URLSearchParams): Set<string> {
  return new Set((query.get('tweet.fields') ?? '').split(',').filter(Boolean));
}

function createPost(state: XState, viewer: XUser, body: Body): Reply {
  const unsupported = ['poll', 'quote_tweet_id', 'geo', 'direct_message_deep_link', 'for_super_followers_only', 'edit_options'].filter((k) => k in body);
  if (unsupported.length) return invalid(`The Pillars X stand-in does not support ${unsupported.join(', ')}`);
  const text = typeof body.text === 'string' ? body.text : '';
  const mediaIds = readMediaIds(body.media);
  if (mediaIds === undefined) return invalid('Your media IDs are invalid.');
  if (text.trim() === '' && mediaIds.length === 0) return invalid('Post text or media is required.');
  if (weightedLength(text) > MAX_WEIGHTED_LENGTH) return invalid(TOO_LONG);
  const attached = mediaIds.map((id) => state.media.get(id));
  if (attached.some((m) => !m || m.ownerId !== viewer.id || !m.finalized || m.expiresAt <= state.now())) return invalid('Your media IDs are invalid.');
  if (mediaIds.length > 4 || (mediaIds.length > 1 && attached.some((m) => m?.kind !== 'photo'))) {
    return invalid('A post may include up to 4 photos, or 1 animated GIF, or 1 video.');
  }
  const reply = body.reply as { in_reply_to_tweet_id?: unknown } | undefined;
  const inReplyTo = typeof reply?.in_reply_to_tweet_id === 'string' ? reply.in_reply_to_tweet_id : null;
  if (inReplyTo !== null && !state.livePost(inReplyTo)) {
    return problem(403, 'Forbidden', 'You attempted to reply to a Tweet that is deleted or not visible to you.');
  }
  if (state.isDuplicate(viewer.id, text)) return problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
  const post = state.createPost(viewer, { text, inReplyToTweetId: inReplyTo, mediaIds });
  const { id, text: rendered, edit_history_tweet_ids } = state.render(post, new Set());
  return { status: 201, body: { data: { id, text: rendered, edit_history_tweet_ids } } };
}

function readMediaIds(media: unknown): string[] | undefined {
  if (media === undefined) return [];
  const ids = (media as { media_ids?: unknown }).media_ids;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' && /^\d{1,19}$/.test(id))) return undefined;
  return ids as string[];
}

/** Newest first; `start_time`/`end_time` (ISO 8601), `since_id`/`until_id`, `max_results` 5–100, `pagination_token`, `exclude`. */
function userPosts(state: XState, userId: string, query: URLSearchParams): Reply {
  if (!state.users.has(userId)) return notFound('user', userId);
  const max = query.has('max_results') ? Number(query.get('max_results')) : 10;
  if (!Number.isInteger(max) || max < 5 || max > 100) return invalid(`The \`max_results\` query parameter value [${query.get('max_results')}] is not between 5 and 100`);
  const time = (key: string) => (query.has(key) ? Date.parse(query.get(key) ?? '') : undefined);
  const [start, end] = [time('start_time'), time('end_time')];
  if (Number.isNaN(start) || Number.isNaN(end)) return invalid('start_time and end_time must be RFC 3339 timestamps');
  const id = (key: string) => (query.has(key) ? BigInt(query.get(key) ?? '0') : undefined);
  const [sinceId, untilId] = [id('since_id'), id('until_id')];
  const exclude = new Set((query.get('exclude') ?? '').split(','));
  const cursor = query.get('pagination_token');
  const matching = [...state.posts.values()]
    .filter((p) => p.authorId === userId && !p.deletedAt)
    .filter((p) => !(exclude.has('replies') && p.inReplyToTweetId))
    .filter((p) => (start === undefined || Date.parse(p.createdAt) >= start) && (end === undefined || Date.parse(p.createdAt) <= end))
    .filter((p) => (sinceId === undefined || BigInt(p.id) > sinceId) && (untilId === undefined || BigInt(p.id) < untilId))
    .filter((p) => cursor === null || BigInt(p.id) < BigInt(Buffer.from(cursor, 'base64url').toString('utf8') || '0'))
    .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  const page = matching.slice(0, max);
  const meta: Record<string, unknown> = { result_count: page.length };
  if (page.length) Object.assign(meta, { newest_id: page[0]?.id, oldest_id: page.at(-1)?.id });
  if (matching.length > max) meta.next_token = Buffer.from(page.at(-1)?.id ?? '').toString('base64url');
  const data = page.map((p) => state.render(p, fields(query)));
  return { status: 200, body: page.length ? { data, meta } : { meta } };
}

async function media(state: XState, viewer: XUser, req: ApiRequest): Promise<Reply> {
  const body = await parseBody(req);
  const expiry = () => state.now() + MEDIA_TTL_SECONDS * 1000;
  if (req.path === '/2/media/upload/initialize' || req.path === '/2/media/upload') {
    const file = Buffer.isBuffer(body.media) ? body.media : undefined;
    const mediaType = String(body.media_type ?? '');
    const kind: MediaKind | undefined = /gif/.test(mediaType) ? 'animated_gif' : mediaType.startsWith('image/') ? 'photo' : mediaType.startsWith('video/') ? 'video' : undefined;
    const totalBytes = file ? file.length : Number(body.total_bytes);
    if (!kind) return invalid(`media_type [${mediaType}] is not supported`);
    if (!Number.isInteger(totalBytes) || totalBytes <= 0 || totalBytes > MEDIA_LIMITS[kind]) return invalid(`total_bytes must be between 1 and ${MEDIA_LIMITS[kind]} for ${kind}`);
    const id = state.nextId();
    const item = { id, ownerId: viewer.id, mediaType, kind, totalBytes, chunks: new Map<number, number>(), finalized: Boolean(file), altText: null, expiresAt: expiry() };
    if (file) item.chunks.set(0, file.length);
    state.media.set(id, item);
    const data = { id, media_key: mediaKey(item), expires_after_secs: MEDIA_TTL_SECONDS, ...(file ? { size: file.length } : {}) };
    return { status: 200, body: { data } };
  }
  const step = /^\/2\/media\/upload\/(\d+)\/(append|finalize)$/.exec(req.path);
  const item = step?.[1] ? state.media.get(step[1]) : req.path === '/2/media/metadata' ? state.media.get(String(body.id)) : undefined;
  if (!item || item.ownerId !== viewer.id) return invalid('Your media IDs are invalid.');
  if (step?.[2] === 'append') {
    const index = Number(body.segment_index);
    if (!Buffer.isBuffer(body.media) || !Number.isInteger(index) || index < 0 || index > 999) return invalid('segment_index (0-999) and media are required');
    if (item.finalized) return invalid('Media upload is already finalized.');
    item.chunks.set(index, body.media.length);
    return { status: 200, body: { data: { expires_at: Math.floor(item.expiresAt / 1000) } } };
  }
  if (step?.[2] === 'finalize') {
    const size = [...item.chunks.values()].reduce((a, b) => a + b, 0);
    if (size !== item.totalBytes) return invalid(`File size mismatch: received ${size} bytes, expected ${item.totalBytes}.`);
    item.finalized = true;
    return { status: 200, body: { data: { id: item.id, media_key: mediaKey(item), size, expires_after_secs: MEDIA_TTL_SECONDS } } };
  }
  const alt = (body.metadata as { alt_text?: { text?: unknown } } | undefined)?.alt_text?.text;
  if (typeof alt !== 'string' || alt.length > 1000) return invalid('metadata.alt_text.text must be a string of at most 1000 characters');
  item.altText = alt;
  return { status: 200, body: { data: { id: item.id, associated_metadata: { alt_text: { text: alt } } } } };
}

/** POST /2/oauth2/token, grant_type=refresh_token: confidential clients by Basic auth, public ones by `client_id`. */
async function refreshToken(state: XState, req: ApiRequest): Promise<Reply> {
  const oauthError = (status: number, error: string, description: string): Reply => ({ status, body: { error, error_description: description } });
  const body = await parseBody(req);
  const basic = /^Basic\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1];
  const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent) : [];
  const clientId = basicId ?? (typeof body.client_id === 'string' ? body.client_id : undefined);
  const client = clientId ? state.clients.get(clientId) : undefined;
  const secret = basicSecret ?? (typeof body.client_secret === 'string' ? body.client_secret : undefined);
  if (!client || (client.clientSecret !== undefined && client.clientSecret !== secret)) {
    return oauthError(401, 'unauthorized_client', 'Missing valid authorization header');
  }
  if (body.grant_type !== 'refresh_token') return oauthError(400, 'unsupported_grant_type', 'Only grant_type=refresh_token is supported by the stand-in');
  const rotated = typeof body.refresh_token === 'string' ? state.rotate(body.refresh_token, client.clientId) : undefined;
  if (!rotated) return oauthError(400, 'invalid_request', 'Value passed for the token was invalid.');
  return {
    status: 200,
    body: {
      token_type: 'bearer', expires_in: rotated.expiresIn, access_token: rotated.accessToken,
      scope: 'tweet.read tweet.write users.read media.write offline.access',
      ...(rotated.refreshToken === undefined ? {} : { refresh_token: rotated.refreshToken }),
    },
  };
}
