/**
 * The LinkedIn endpoints the stand-in serves, as functions of the state and one request, following
 * the versioned REST docs: Posts API (create → 201 + x-restli-id, get, delete, finder q=author), Images
 * API (initializeUpload → PUT to the upload URL → GET status), comments through socialActions, engagement
 * statistics and follower counts (statistics.ts), and the
 * OAuth refresh_token grant. Errors use LinkedIn's bodies: {status, serviceErrorCode, code, message} on
 * the REST API, {error, error_description} on OAuth.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parseLittleText } from './little-text.js';
import { MAX_COMMENTARY_LENGTH, type LinkedInState, type StandInMember } from './state.js';
import { handleStatistics } from './statistics.js';

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface StandInRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly raw: Buffer;
  readonly token: string | undefined;
}

export interface RouteContext {
  readonly state: LinkedInState;
  readonly origin: string;
  readonly app: { readonly clientId: string; readonly clientSecret: string };
  readonly versions: { readonly oldest: string; readonly newest: string };
  readonly dailyLimits: { readonly application: number; readonly memberPosts: number };
  readonly refreshReturnsRefreshToken: boolean;
}

const POST_FIELDS = new Set(['author', 'commentary', 'visibility', 'distribution', 'content', 'lifecycleState', 'isReshareDisabledByAuthor',
  'contentLandingPage', 'contentCallToActionLabel', 'reshareContext', 'container', 'adContext']);
const REQUIRED_POST_FIELDS = ['author', 'commentary', 'visibility', 'distribution', 'lifecycleState'];

export const liError = (status: number, message: string, code?: string, serviceErrorCode = 100): Reply =>
  ({ status, body: { status, serviceErrorCode, ...(code ? { code } : {}), message } });
const NOT_FOUND = liError(404, 'Not Found', 'NOT_FOUND');
const invalid = (...messages: string[]): Reply =>
  ({ status: 422, body: { status: 422, message: messages.map((m) => `ERROR :: ${m}\n`).join('') } });
const header = (req: StandInRequest, name: string): string | undefined => {
  const value = req.headers[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
};
const decodeSegment = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

/** Every /rest call: version headers, bearer token, daily limits, then the resource. */
export function handleRest(ctx: RouteContext, req: StandInRequest): Reply {
  const version = header(req, 'linkedin-version');
  if (!version) return liError(400, 'A version must be present. Please specify a version by adding the LinkedIn-Version header.', 'VERSION_MISSING');
  if (!/^\d{6}(\.\d{2})?$/.test(version) || version.slice(0, 6) < ctx.versions.oldest || version.slice(0, 6) > ctx.versions.newest) {
    return liError(426, `Requested version ${version} is not active`, 'NONEXISTENT_VERSION');
  }
  if (header(req, 'x-restli-protocol-version') !== '2.0.0') {
    // LinkedIn's exact answer is not documented; the versioned APIs require Rest.li 2.0.0.
    return liError(400, 'The X-Restli-Protocol-Version header must be 2.0.0 for versioned APIs', 'ILLEGAL_ARGUMENT');
  }
  const member = ctx.state.authenticate(req.token);
  if (!('urn' in member)) return liError(401, member.message, member.code, member.serviceErrorCode);
  if (!ctx.state.withinDailyLimit(`app:${ctx.app.clientId}`, ctx.dailyLimits.application)) {
    return liError(429, 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.', 'TOO_MANY_REQUESTS', 101);
  }
  let body: Record<string, unknown> = {};
  if (req.raw.length > 0) {
    try {
      const parsed: unknown = JSON.parse(req.raw.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return liError(400, 'Request body could not be converted to data map', 'ILLEGAL_ARGUMENT');
    }
  }
  const denied = (resource: string) => liError(403, `Not enough permissions to access: ${resource}.${version.slice(0, 6)}01`, 'ACCESS_DENIED');
  const path = req.url.pathname.replace(/\/+$/, '');
  const { method } = req;

  if (path === '/rest/images' && method === 'POST' && req.url.searchParams.get('action') === 'initializeUpload') {
    const owner = (body.initializeUploadRequest as { owner?: unknown } | undefined)?.owner;
    if (typeof owner !== 'string') return invalid('/initializeUploadRequest/owner :: field is required but not found and has no default value');
    if (!ctx.state.mayActAs(member, owner)) return denied('images.ACTION.initializeUpload');
    const image = ctx.state.createImage(owner);
    return { status: 200, body: { value: { uploadUrlExpiresAt: image.uploadUrlExpiresAt, uploadUrl: `${ctx.origin}/dms-uploads/${image.uploadId}`, image: image.urn } } };
  }
  const imageMatch = /^\/rest\/images\/([^/]+)$/.exec(path);
  if (imageMatch?.[1] && method === 'GET') {
    const image = ctx.state.images.get(decodeSegment(imageMatch[1]) ?? '');
    if (!image) return NOT_FOUND;
    return ctx.state.mayActAs(member, image.owner) ? { status: 200, body: ctx.state.renderImage(image, ctx.origin) } : denied('images.GET');
  }

  if (path === '/rest/posts' && method === 'POST') return createPost(ctx, member, body, denied);
  if (path === '/rest/posts' && method === 'GET') {
    if (req.url.searchParams.get('q') !== 'author') return liError(400, 'Resource method could not be resolved from request parameters.', 'ILLEGAL_ARGUMENT');
    return findByAuthor(ctx, member, req.url, denied);
  }
  const postMatch = /^\/rest\/posts\/([^/]+)$/.exec(path);
  if (postMatch?.[1]) {
    const post = ctx.state.livePost(decodeSegment(postMatch[1]) ?? '');
    if (method === 'GET') return post ? { status: 200, body: ctx.state.renderPost(post) } : NOT_FOUND;
    if (method === 'DELETE') {
      if (!post) return { status: 204 }; // deletions are idempotent
      if (!ctx.state.mayActAs(member, post.author)) return denied('partnerApiPostsExternal.DELETE');
      post.deletedAt = ctx.state.now();
      return { status: 204 };
    }
  }

  if (method === 'GET') {
    const statistics = handleStatistics(ctx.state, member, path, req.url, (status, message, code) => liError(status, message, code));
    if (statistics) return statistics;
  }

  const commentsMatch = /^\/rest\/socialActions\/([^/]+)\/comments$/.exec(path);
  if (commentsMatch?.[1] && method === 'POST') {
    const post = ctx.state.livePost(decodeSegment(commentsMatch[1]) ?? '');
    if (!post) return NOT_FOUND;
    const { actor, object } = body;
    const text = (body.message as { text?: unknown } | undefined)?.text;
    if (typeof actor !== 'string') return invalid('/actor :: field is required but not found and has no default value');
    if (typeof text !== 'string' || text.trim() === '') return invalid('/message/text :: field is required but not found and has no default value');
    if (object !== undefined && object !== post.urn) return liError(400, `object ${String(object)} does not match ${post.urn}`, 'ILLEGAL_ARGUMENT');
    if (!ctx.state.mayActAs(member, actor)) return denied('socialActionsV2.CREATE');
    const comment = ctx.state.addComment(post, actor, text);
    return {
      status: 201,
      headers: { 'x-restli-id': comment.urn },
      body: {
        id: comment.id, commentUrn: comment.urn, actor, object: post.urn, message: { text, attributes: [] },
        created: { actor, time: comment.createdAt }, lastModified: { actor, time: comment.createdAt },
      },
    };
  }
  return NOT_FOUND;
}

function createPost(ctx: RouteContext, member: StandInMember, body: Record<string, unknown>, denied: (resource: string) => Reply): Reply {
  const errors = [
    ...Object.keys(body).filter((key) => !POST_FIELDS.has(key)).map((key) => `/${key} :: unrecognized field found but not allowed`),
    ...REQUIRED_POST_FIELDS.filter((key) => body[key] === undefined).map((key) => `/${key} :: field is required but not found and has no default value`),
  ];
  if (errors.length > 0) return invalid(...errors);
  const { author, commentary, visibility, lifecycleState } = body;
  if (typeof author !== 'string' || !/^urn:li:(person|organization):[\w-]+$/.test(author)) return invalid(`/author :: "${String(author)}" is not a person or organization URN`);
  if (typeof commentary !== 'string') return invalid('/commentary :: expected a string');
  if (!['PUBLIC', 'CONNECTIONS', 'LOGGED_IN', 'CONTAINER'].includes(String(visibility))) return invalid(`/visibility :: "${String(visibility)}" is not an enum symbol`);
  if (!['PUBLISHED', 'DRAFT'].includes(String(lifecycleState))) return invalid(`/lifecycleState :: "${String(lifecycleState)}" is not an enum symbol`);
  const feed = (body.distribution as { feedDistribution?: unknown } | null)?.feedDistribution;
  if (feed !== 'MAIN_FEED' && feed !== 'NONE') return invalid('/distribution/feedDistribution :: field is required but not found and has no default value');
  if (!ctx.state.mayActAs(member, author)) return denied('partnerApiPostsExternal.CREATE');
  const content = (body.content ?? null) as Record<string, unknown> | null;
  const contentError = checkContent(ctx, author, content);
  if (contentError) return contentError;
  const text = parseLittleText(commentary);
  if (text.plain.length > MAX_COMMENTARY_LENGTH) return invalid(`/commentary :: length ${text.plain.length} exceeds the maximum of ${MAX_COMMENTARY_LENGTH} characters`);
  if (text.plain.trim() === '' && content === null) return invalid('/commentary :: commentary must not be empty when the post has no content');
  const duplicate = ctx.state.duplicateOf(author, commentary, content);
  if (duplicate) {
    return {
      status: 422,
      body: {
        errorDetailType: 'com.linkedin.common.error.BadRequest',
        message: `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${duplicate.urn}`,
        errorDetails: { inputErrors: [{ description: 'Duplicate post is detected', input: {}, code: 'DUPLICATE_POST' }] },
        status: 422,
      },
    };
  }
  if (!ctx.state.withinDailyLimit(`posts:${member.id}`, ctx.dailyLimits.memberPosts)) {
    return liError(429, 'Resource level throttle MEMBER DAY limit for calls to this resource is reached.', 'TOO_MANY_REQUESTS', 101);
  }
  const post = ctx.state.createPost({ author, commentary, content, visibility: String(visibility), lifecycleState: String(lifecycleState) });
  return { status: 201, headers: { 'x-restli-id': post.urn } };
}

/** One of article, media or multiImage; every image uploaded, AVAILABLE and owned by the author. */
function checkContent(ctx: RouteContext, author: string, content: Record<string, unknown> | null): Reply | undefined {
  if (content === null) return undefined;
  const kinds = Object.keys(content);
  if (kinds.length !== 1) return invalid('/content :: exactly one of article, media, multiImage is supported by the stand-in');
  const image = (field: string, id: unknown): Reply | undefined => {
    const found = typeof id === 'string' ? ctx.state.images.get(id) : undefined;
    if (!found) return invalid(`${field} :: ${String(id)} is not a known image URN`);
    if (found.owner !== author) return invalid(`${field} :: ${found.urn} is owned by ${found.owner}, not ${author}`);
    const status = ctx.state.imageStatus(found);
    return status === 'AVAILABLE' ? undefined : invalid(`${field} :: ${found.urn} is not available (status ${status})`);
  };
  const { article, media, multiImage } = content as { article?: Record<string, unknown>; media?: Record<string, unknown>; multiImage?: { images?: unknown } };
  if (article) {
    if (typeof article.source !== 'string' || !/^https?:\/\//.test(article.source)) return invalid('/content/article/source :: field is required but not found and has no default value');
    if (typeof article.title !== 'string' || article.title === '') return invalid('/content/article/title :: field is required but not found and has no default value');
    return article.thumbnail === undefined ? undefined : image('/content/article/thumbnail', article.thumbnail);
  }
  if (media) return image('/content/media/id', media.id);
  if (multiImage) {
    const images = Array.isArray(multiImage.images) ? (multiImage.images as Array<{ id?: unknown }>) : [];
    if (images.length < 2 || images.length > 20) return invalid(`/content/multiImage/images :: a multiImage post has 2 to 20 images, not ${images.length}`);
    for (const [i, entry] of images.entries()) {
      const error = image(`/content/multiImage/images/${i}/id`, entry?.id);
      if (error) return error;
    }
    return undefined;
  }
  return invalid(`/content/${kinds[0] ?? ''} :: not supported by the stand-in`);
}

/** Newest first, `start`/`count` (≤ 100) paging with a `next` link while more remain. */
function findByAuthor(ctx: RouteContext, member: StandInMember, url: URL, denied: (resource: string) => Reply): Reply {
  const author = url.searchParams.get('author') ?? '';
  if (!ctx.state.mayActAs(member, author)) return denied('partnerApiPostsExternal.FINDER-author');
  const count = Math.min(100, Math.max(1, Number.parseInt(url.searchParams.get('count') ?? '', 10) || 10));
  const start = Math.max(0, Number.parseInt(url.searchParams.get('start') ?? '', 10) || 0);
  const all = [...ctx.state.posts.values()]
    .filter((p) => p.author === author && p.deletedAt === null)
    .sort((a, b) => b.createdAt - a.createdAt || b.urn.localeCompare(a.urn, 'en', { numeric: true }));
  const page = all.slice(start, start + count);
  const links = start + count < all.length
    ? [{ type: 'application/json', rel: 'next', href: `/rest/posts?author=${encodeURIComponent(author)}&count=${count}&q=author&start=${start + count}` }]
    : [];
  return { status: 200, body: { paging: { start, count, links, total: all.length }, elements: page.map((p) => ctx.state.renderPost(p)) } };
}

/** PUT of the image bytes to the upload URL initializeUpload returned: 201, then the image processes. */
export function handleUpload(ctx: RouteContext, req: StandInRequest, uploadId: string): Reply {
  const image = ctx.state.imageByUpload(uploadId);
  if (!image || req.method !== 'PUT') return NOT_FOUND;
  const member = ctx.state.authenticate(req.token);
  if (!('urn' in member)) return liError(401, member.message, member.code, member.serviceErrorCode);
  if (!ctx.state.mayActAs(member, image.owner)) return liError(403, 'Not enough permissions to upload this image', 'ACCESS_DENIED');
  if (image.uploadUrlExpiresAt <= ctx.state.now()) return liError(400, 'The upload URL has expired', 'ILLEGAL_ARGUMENT');
  if (image.uploadedAt !== null) return liError(400, 'The image has already been uploaded', 'ILLEGAL_ARGUMENT');
  if (req.raw.length === 0) return liError(400, 'The upload is empty', 'ILLEGAL_ARGUMENT');
  ctx.state.receiveUpload(image, req.raw);
  return { status: 201 };
}

/** POST /oauth/v2/accessToken with grant_type=refresh_token (form-encoded, client credentials in the body). */
export function handleToken(ctx: RouteContext, req: StandInRequest): Reply {
  const oauthError = (status: number, error: string, description: string): Reply => ({ status, body: { error, error_description: description } });
  if (req.method !== 'POST') return oauthError(405, 'invalid_request', 'POST is required');
  const type = (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return oauthError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  const form = new URLSearchParams(req.raw.toString('utf8'));
  for (const name of ['grant_type', 'client_id', 'client_secret']) {
    if (!form.get(name)) return oauthError(400, 'invalid_request', `A required parameter "${name}" is missing`);
  }
  if (form.get('grant_type') !== 'refresh_token') return oauthError(400, 'unsupported_grant_type', 'The stand-in supports the refresh_token grant only');
  if (form.get('client_id') !== ctx.app.clientId || form.get('client_secret') !== ctx.app.clientSecret) {
    return oauthError(401, 'invalid_client', 'Client authentication failed');
  }
  const refreshToken = form.get('refresh_token');
  if (!refreshToken) return oauthError(400, 'invalid_request', 'A required parameter "refresh_token" is missing');
  const result = ctx.state.refresh(refreshToken);
  if (!result.ok) return oauthError(result.status, result.error, result.description);
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-store' },
    body: {
      access_token: result.accessToken,
      expires_in: result.expiresIn,
      ...(ctx.refreshReturnsRefreshToken ? { refresh_token: result.refreshToken } : {}),
      refresh_token_expires_in: result.refreshExpiresIn,
      scope: 'r_basicprofile,w_member_social,w_organization_social,r_organization_social',
    },
  };
}
