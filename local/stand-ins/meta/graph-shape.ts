/**
 * The Graph API's answer shapes for the Meta stand-in: errors as
 * `{"error":{"message","type","code","error_subcode","fbtrace_id"}}`
 * (https://developers.facebook.com/docs/graph-api/guides/error-handling), timestamps as
 * `2025-03-01T12:00:00+0000`, field selection with `?fields=`, cursor paging and parameter parsing.
 */
import { randomBytes } from 'node:crypto';
import type { TokenRecord } from './state.js';

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export type Params = Record<string, unknown>;

/** One API request as the network routes see it: path segments after the version, a valid token. */
export interface RouteRequest {
  readonly method: string;
  readonly segments: readonly string[];
  readonly params: Params;
  readonly url: URL;
  readonly token: TokenRecord;
}

export interface GraphErrorInput {
  readonly subcode?: number;
  readonly type?: string;
  readonly userTitle?: string;
  readonly userMessage?: string;
  readonly isTransient?: boolean;
  readonly status?: number;
}

export function graphError(code: number, message: string, input: GraphErrorInput = {}): Reply {
  return {
    status: input.status ?? 400,
    body: {
      error: {
        message,
        type: input.type ?? 'OAuthException',
        code,
        ...(input.subcode === undefined ? {} : { error_subcode: input.subcode }),
        ...(input.isTransient === undefined ? {} : { is_transient: input.isTransient }),
        ...(input.userTitle ? { error_user_title: input.userTitle } : {}),
        ...(input.userMessage ? { error_user_msg: input.userMessage } : {}),
        fbtrace_id: randomBytes(8).toString('base64url'),
      },
    },
  };
}

export const invalidParameter = (message: string, subcode?: number): Reply => graphError(100, `(#100) ${message}`, { subcode });

/** Graph's answer for an id that does not exist or that the token may not see. */
export function unsupported(method: string, id: string): Reply {
  const verb = method === 'GET' ? 'get' : method === 'DELETE' ? 'delete' : 'post';
  return graphError(100,
    `Unsupported ${verb} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    { subcode: 33, type: 'GraphMethodException' });
}

/** Instagram's (and Threads') answer for a media URL that is not an image or video it could fetch. */
export const mediaDownloadFailed = (): Reply => graphError(9004, 'Only photo or video can be accepted as media type.', {
  subcode: 2207052, userTitle: 'Media download has failed.', userMessage: 'The media could not be fetched from this URI.',
});

/** `2025-03-01T12:00:00+0000`: second precision, like every Graph timestamp. */
export function graphTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

const IMAGE_PATH = /\.(jpe?g|png|webp|gif|heic)$/i;
const VIDEO_PATH = /\.(mp4|mov|m4v)$/i;

/** An http(s) URL whose path ends like an image (or video) file: what Meta's fetcher would accept. */
export function looksLikeMedia(value: unknown, kind: 'image' | 'video'): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return (kind === 'image' ? IMAGE_PATH : VIDEO_PATH).test(url.pathname);
  } catch {
    return false;
  }
}

export function text(params: Params, key: string): string | undefined {
  const value = params[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function flag(params: Params, key: string, fallback = false): boolean {
  const value = params[key];
  if (value === undefined) return fallback;
  return value === true || (typeof value === 'string' && ['true', '1', 'on'].includes(value.toLowerCase()));
}

/** A list parameter sent as `key[0]`, `key[1]`…, a JSON array, a real array or a comma-separated string. */
export function list(params: Params, key: string): unknown[] {
  const value = params[key];
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') {
    if (value.trim().startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(value);
        if (Array.isArray(parsed)) return parsed;
      } catch { /* fall through to the comma list */ }
    }
    return value.split(',').map((s) => s.trim()).filter(Boolean);
  }
  const indexed = Object.keys(params)
    .map((k) => new RegExp(`^${key}\\[(\\d+)\\]$`).exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  return indexed.map((m) => {
    const item = params[m[0]];
    if (typeof item !== 'string') return item;
    try {
      return JSON.parse(item) as unknown;
    } catch {
      return item;
    }
  });
}

/** Graph's `since`/`until`: unix seconds, or anything `Date.parse` reads. Returns ms. */
export function timeParam(params: Params, key: string): number | undefined {
  const value = text(params, key);
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

/** Keeps the requested `fields` (plus `id`), or the defaults when none are asked for. */
export function pick(entity: Record<string, unknown>, params: Params, defaults: readonly string[]): Record<string, unknown> {
  const requested = text(params, 'fields')?.split(',').map((f) => f.trim()).filter(Boolean) ?? defaults;
  const fields = new Set(['id', ...requested]);
  return Object.fromEntries(Object.entries(entity).filter(([key, value]) => fields.has(key) && value !== undefined));
}

/** A page of an edge, newest first, with `since`/`until`/`limit`/`after` and Graph's `paging` object. */
export function edgePage<T>(
  items: readonly T[],
  params: Params,
  createdAt: (item: T) => number,
  render: (item: T) => Record<string, unknown>,
  selfUrl: string,
): Reply {
  const since = timeParam(params, 'since');
  const until = timeParam(params, 'until');
  const limit = Math.min(100, Math.max(1, Number.parseInt(text(params, 'limit') ?? '', 10) || 25));
  const offset = Number.parseInt(Buffer.from(text(params, 'after') ?? '', 'base64url').toString('utf8') || '0', 10) || 0;
  const matching = [...items]
    .filter((item) => (since === undefined || createdAt(item) >= since) && (until === undefined || createdAt(item) <= until))
    .sort((a, b) => createdAt(b) - createdAt(a));
  const page = matching.slice(offset, offset + limit);
  const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
  const paging: Record<string, unknown> = { cursors: { before: cursor(offset), after: cursor(offset + page.length) } };
  if (offset + page.length < matching.length) {
    const next = new URL(selfUrl);
    next.searchParams.set('after', cursor(offset + page.length));
    next.searchParams.set('limit', String(limit));
    paging.next = next.toString();
  }
  return { status: 200, body: { data: page.map(render), ...(page.length ? { paging } : {}) } };
}
