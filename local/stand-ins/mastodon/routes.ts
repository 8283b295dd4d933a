/**
 * The Mastodon REST endpoints the sandbox serves, as functions of the state and one request.
 * Bodies and errors follow https://docs.joinmastodon.org/methods/ (statuses, media, accounts, instance).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { MAX_MEDIA_ATTACHMENTS } from './media.js';
import {
  CHARACTERS_RESERVED_PER_URL,
  MAX_CHARACTERS,
  VISIBILITIES,
  countMastodonCharacters,
  type SandboxAccount,
  type SandboxState,
  type Visibility,
} from './state.js';

export type { Reply } from './reply.js';
import type { Reply } from './reply.js';

export interface ApiRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
  readonly raw: Buffer;
  readonly token: string | undefined;
}

type Params = Record<string, unknown>;

const INVALID_TOKEN: Reply = { status: 401, body: { error: 'The access token is invalid' } };
const NOT_FOUND: Reply = { status: 404, body: { error: 'Record not found' } };
const MAX_MEDIA = MAX_MEDIA_ATTACHMENTS;

const invalid = (message: string): Reply => ({ status: 422, body: { error: `Validation failed: ${message}` } });

export async function handleApi(state: SandboxState, req: ApiRequest): Promise<Reply> {
  const { method, url } = req;
  const path = url.pathname.replace(/\/+$/, '');
  const viewer = state.accountForToken(req.token);
  if (req.token !== undefined && !viewer) return INVALID_TOKEN;
  let params: Params;
  try {
    params = { ...Object.fromEntries(url.searchParams), ...(await parseBody(req)) };
  } catch {
    return { status: 400, body: { error: 'Error occurred while parsing request parameters.' } };
  }

  if (method === 'GET' && (path === '/api/v1/instance' || path === '/api/v2/instance')) {
    return { status: 200, body: instance(state, path.includes('/v2/')) };
  }
  if (path === '/api/v1/statuses' && method === 'POST') return viewer ? createStatus(state, viewer, req, params) : INVALID_TOKEN;
  if (path === '/api/v2/media' && method === 'POST') return viewer ? state.media.upload(viewer.id, params.file, params.description) : INVALID_TOKEN;
  const mediaMatch = /^\/api\/v1\/media\/(\d+)$/.exec(path);
  if (mediaMatch?.[1] && method === 'GET') return viewer ? state.media.fetch(viewer.id, mediaMatch[1]) : INVALID_TOKEN;
  const fileMatch = /^\/system\/media_attachments\/files\/(\d+)\/original\/[\w.-]+$/.exec(path);
  if (fileMatch?.[1] && method === 'GET') {
    const file = state.media.file(fileMatch[1]);
    return file ? { status: 200, raw: file.data, headers: { 'Content-Type': file.media.mimeType } } : NOT_FOUND;
  }

  const statusMatch = /^\/api\/v1\/statuses\/(\d+)$/.exec(path);
  if (statusMatch?.[1]) {
    const status = state.liveStatus(statusMatch[1]);
    if (method === 'GET') {
      return status && state.visibleTo(status, viewer) ? { status: 200, body: state.renderStatus(status) } : NOT_FOUND;
    }
    if (method === 'DELETE') {
      if (!viewer) return INVALID_TOKEN;
      if (!status || !state.visibleTo(status, viewer)) return NOT_FOUND;
      if (status.accountId !== viewer.id) return { status: 403, body: { error: 'This action is not allowed' } };
      status.deletedAt = new Date(state.now()).toISOString();
      return { status: 200, body: state.renderStatus(status, { withSource: true }) };
    }
  }

  if (method === 'GET' && path === '/api/v1/accounts/verify_credentials') {
    return viewer ? { status: 200, body: state.renderCredentialAccount(viewer) } : INVALID_TOKEN;
  }
  const accountMatch = /^\/api\/v1\/accounts\/(\d+)(\/statuses)?$/.exec(path);
  const account = accountMatch?.[1] ? state.accounts.get(accountMatch[1]) : undefined;
  if (method === 'GET' && account) {
    return accountMatch?.[2] ? accountStatuses(state, account, viewer, params) : { status: 200, body: state.renderAccount(account) };
  }
  return NOT_FOUND;
}

async function parseBody(req: ApiRequest): Promise<Params> {
  if (req.raw.length === 0) return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const parsed: unknown = JSON.parse(req.raw.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('JSON body must be an object');
    return parsed as Params;
  }
  if (type === 'application/x-www-form-urlencoded') return formParams(new URLSearchParams(req.raw.toString('utf8')));
  if (type === 'multipart/form-data') {
    const form = await new Response(req.raw, { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
    return formParams(form);
  }
  return {};
}

/** Form fields as Rails reads them: `name[]` collects an array under `name`; files stay Blobs. */
function formParams(form: URLSearchParams | FormData): Params {
  const params: Params = {};
  for (const [key, value] of form.entries()) {
    if (key.endsWith('[]')) {
      const name = key.slice(0, -2);
      params[name] = [...(Array.isArray(params[name]) ? (params[name] as unknown[]) : []), value];
    } else {
      params[key] = value;
    }
  }
  return params;
}

function list(params: Params, key: string): string[] {
  const value = params[key];
  const values = Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value];
  return values.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number').map(String);
}

function text(params: Params, key: string): string | undefined {
  const value = params[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function flag(params: Params, key: string): boolean {
  const value = params[key];
  return value === true || (typeof value === 'string' && ['true', '1', 'on', 't'].includes(value.toLowerCase()));
}

function createStatus(state: SandboxState, account: SandboxAccount, req: ApiRequest, params: Params): Reply {
  const header = req.headers['idempotency-key'];
  const key = (Array.isArray(header) ? header[0] : header)?.trim() || null;
  if (key) {
    // Mastodon returns the status first created with this key by this account (kept 1 hour), unchanged.
    const first = state.idempotentStatus(account.id, key);
    if (first) return { status: 200, body: state.renderStatus(first) };
  }
  if (params.poll !== undefined) return invalid('Polls are not supported by the Pillars sandbox');
  if (params.scheduled_at !== undefined) return invalid('Scheduled at is not supported by the Pillars sandbox');
  const attached = state.media.resolve(account.id, list(params, 'media_ids'));
  if ('error' in attached) return attached.error;
  const body = text(params, 'status') ?? '';
  if (body.trim() === '' && attached.media.length === 0) return invalid("Text can't be blank");
  const visibility = text(params, 'visibility') || 'public';
  if (!VISIBILITIES.includes(visibility as Visibility)) return { status: 422, body: { error: `'${visibility}' is not a valid visibility` } };
  const spoilerText = text(params, 'spoiler_text') ?? '';
  if (countMastodonCharacters(body, spoilerText) > MAX_CHARACTERS) {
    return invalid(`Text character limit of ${MAX_CHARACTERS} exceeded`);
  }
  const inReplyToId = text(params, 'in_reply_to_id') || null;
  if (inReplyToId) {
    const parent = state.liveStatus(inReplyToId);
    if (!parent || !state.visibleTo(parent, account)) {
      return { status: 404, body: { error: 'The post you are trying to reply to does not appear to exist.' } };
    }
  }
  const status = state.createStatus(account, {
    text: body,
    visibility: visibility as Visibility,
    language: text(params, 'language') || 'en',
    inReplyToId,
    spoilerText,
    sensitive: flag(params, 'sensitive'),
    idempotencyKey: key,
    mediaIds: attached.media.map((m) => m.id),
  });
  return { status: 200, body: state.renderStatus(status) };
}

/** Newest first; `max_id` (older than), `since_id` (newer than), `min_id` (just newer than), `limit` ≤ 40, Link header. */
function accountStatuses(state: SandboxState, account: SandboxAccount, viewer: SandboxAccount | undefined, params: Params): Reply {
  const limit = Math.min(40, Math.max(1, Number.parseInt(text(params, 'limit') ?? '', 10) || 20));
  const id = (key: string) => {
    const value = text(params, key);
    return value && /^\d+$/.test(value) ? BigInt(value) : undefined;
  };
  const [maxId, sinceId, minId] = [id('max_id'), id('since_id'), id('min_id')];
  const matching = flag(params, 'pinned') ? [] : [...state.statuses.values()]
    .filter((s) => s.accountId === account.id && !s.deletedAt && s.visibility !== 'direct' && state.visibleTo(s, viewer))
    .filter((s) => !(flag(params, 'exclude_replies') && s.inReplyToId))
    .filter((s) => !(flag(params, 'only_media') && s.mediaIds.length === 0))
    .filter((s) => (maxId === undefined || BigInt(s.id) < maxId) && (sinceId === undefined || BigInt(s.id) > sinceId))
    .filter((s) => minId === undefined || BigInt(s.id) > minId)
    .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  const page = minId === undefined ? matching.slice(0, limit) : matching.slice(-limit);
  const links: string[] = [];
  const first = page[0];
  const last = page.at(-1);
  const self = `${state.origin}/api/v1/accounts/${account.id}/statuses?limit=${limit}`;
  if (last && page.length === limit) links.push(`<${self}&max_id=${last.id}>; rel="next"`);
  if (first) links.push(`<${self}&min_id=${first.id}>; rel="prev"`);
  return {
    status: 200,
    body: page.map((s) => state.renderStatus(s)),
    headers: links.length ? { Link: links.join(', ') } : {},
  };
}

function instance(state: SandboxState, v2: boolean): Record<string, unknown> {
  const origin = state.origin;
  const domain = new URL(origin).host;
  const statuses = { max_characters: MAX_CHARACTERS, max_media_attachments: MAX_MEDIA, characters_reserved_per_url: CHARACTERS_RESERVED_PER_URL };
  const media = {
    supported_mime_types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4'],
    image_size_limit: 16_777_216, image_matrix_limit: 33_177_600, video_size_limit: 103_809_024,
    video_frame_rate_limit: 120, video_matrix_limit: 8_294_400,
  };
  const polls = { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2_629_746 };
  const common = {
    title: 'Pillars sandbox', version: '4.3.0', description: 'A local Mastodon for Pillars tests and demos.', languages: ['en'], rules: [],
  };
  if (!v2) {
    return {
      ...common, uri: domain, short_description: common.description, email: 'sandbox@localhost',
      urls: { streaming_api: origin.replace(/^http/, 'ws') },
      stats: { user_count: state.accounts.size, status_count: state.statuses.size, domain_count: 1 },
      thumbnail: null, registrations: false, approval_required: false, invites_enabled: false,
      configuration: { accounts: { max_featured_tags: 10 }, statuses, media_attachments: media, polls },
      contact_account: null,
    };
  }
  return {
    ...common, domain, source_url: 'https://github.com/mastodon/mastodon',
    usage: { users: { active_month: state.accounts.size } },
    thumbnail: { url: `${origin}/packs/media/images/preview.png` },
    configuration: {
      urls: { streaming: origin.replace(/^http/, 'ws') }, accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
      statuses, media_attachments: media, polls, translation: { enabled: false },
    },
    registrations: { enabled: false, approval_required: false, message: null },
    contact: { email: 'sandbox@localhost', account: null },
  };
}
