/**
 * Routing of the Meta stand-in: token exchange and refresh endpoints, token checks (code 190 with
 * subcode 463 when expired, 467 when invalidated; 104 when missing), hourly call usage with its headers
 * (`X-Business-Use-Case-Usage` for Page and Instagram tokens, `X-App-Usage` otherwise) and throttling,
 * then the Facebook, Instagram or Threads paths by the token's kind.
 *
 * Token endpoints (Facebook Login long-lived tokens, Instagram and Threads long-lived tokens):
 *   GET /oauth/access_token?grant_type=fb_exchange_token&client_id&client_secret&fb_exchange_token
 *   GET /refresh_access_token?grant_type=ig_refresh_token|th_refresh_token&access_token
 *   → {access_token, token_type: "bearer", expires_in}
 */
import { handleFacebook } from './facebook-routes.js';
import { graphError, text, type Params, type Reply } from './graph-shape.js';
import { handleInstagram } from './instagram-routes.js';
import type { MetaState, TokenCheck, TokenKind, TokenRecord } from './state.js';
import { handleThreads } from './threads-routes.js';

export interface ApiRequest {
  readonly method: string;
  /** Path without the `/vNN.N` version prefix. */
  readonly path: string;
  readonly url: URL;
  readonly params: Params;
  readonly token: string | undefined;
}

const THROTTLE: Record<TokenKind, { code: number; message: string }> = {
  page: { code: 80001, message: 'There have been too many calls to this Page account. Wait a bit and try again.' },
  instagram: { code: 80002, message: 'There have been too many calls to this Instagram account. Wait a bit and try again.' },
  threads: { code: 4, message: '(#4) Application request limit reached' },
  facebook_user: { code: 17, message: '(#17) User request limit reached' },
};

export function tokenError(check: Exclude<TokenCheck, { ok: true }>, now: number): Reply {
  if (check.reason === 'expired') {
    const at = new Date(check.record?.expiresAt ?? now).toUTCString();
    return graphError(190, `Error validating access token: Session has expired on ${at}. The current time is ${new Date(now).toUTCString()}.`, { subcode: 463 });
  }
  if (check.reason === 'revoked') {
    return graphError(190, 'Error validating access token: Session is invalid. This could be because the application was uninstalled after the session was created.', { subcode: 467 });
  }
  return graphError(190, 'Invalid OAuth access token - Cannot parse access token');
}

/** Usage headers for one token, and the throttle answer when it is over its hourly calls or a fault forces it. */
export function usage(state: MetaState, record: TokenRecord, forcedWaitSeconds?: number): { headers: Record<string, string>; throttled?: Reply } {
  const hit = state.hitUsage(record.token);
  const forced = forcedWaitSeconds !== undefined;
  const regainMinutes = forced ? Math.max(1, Math.ceil(forcedWaitSeconds / 60)) : hit.regainMinutes;
  const percent = forced ? 100 : hit.percent;
  const stats = { call_count: percent, total_cputime: Math.round(percent / 4), total_time: Math.round(percent / 3) };
  const headers: Record<string, string> = record.kind === 'page' || record.kind === 'instagram'
    ? { 'X-Business-Use-Case-Usage': JSON.stringify({ [record.ownerIds[0] ?? '0']: [{ type: record.kind === 'page' ? 'pages' : 'instagram', ...stats, estimated_time_to_regain_access: regainMinutes }] }) }
    : { 'X-App-Usage': JSON.stringify(stats) };
  if (!forced && !hit.exceeded) return { headers };
  const { code, message } = THROTTLE[record.kind];
  return { headers, throttled: { ...graphError(code, message, { isTransient: true }), headers } };
}

export function handleApi(state: MetaState, req: ApiRequest, forcedWaitSeconds?: number): Reply {
  const oauth = handleTokenEndpoints(state, req);
  if (oauth) return oauth;
  if (!req.token) return graphError(104, 'An access token is required to request this resource.');
  const check = state.checkToken(req.token);
  if (!check.ok) return tokenError(check, state.now());
  const record = check.record;
  const { headers, throttled } = usage(state, record, forcedWaitSeconds);
  if (throttled) return throttled;
  const segments = req.path.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments[0] === 'me' && record.ownerIds[0]) segments[0] = record.ownerIds[0];
  const route = { method: req.method, segments, params: req.params, url: req.url, token: record };
  const reply = record.kind === 'instagram' ? handleInstagram(state, route) : record.kind === 'threads' ? handleThreads(state, route) : handleFacebook(state, route);
  return { ...reply, headers: { ...headers, ...reply.headers } };
}

function handleTokenEndpoints(state: MetaState, req: ApiRequest): Reply | undefined {
  if (req.method !== 'GET' || (req.path !== '/oauth/access_token' && req.path !== '/refresh_access_token')) return undefined;
  const grant = text(req.params, 'grant_type');
  if (req.path === '/oauth/access_token') {
    if (grant !== 'fb_exchange_token') return graphError(100, `Unsupported grant_type ${grant ?? '(none)'}`);
    if (text(req.params, 'client_id') !== state.options.app.clientId) return graphError(101, 'Error validating application. Invalid application ID.');
    if (text(req.params, 'client_secret') !== state.options.app.clientSecret) return graphError(100, 'Error validating client secret.');
    return exchange(state, text(req.params, 'fb_exchange_token'), 'facebook_user');
  }
  if (grant === 'ig_refresh_token') return exchange(state, req.token, 'instagram');
  if (grant === 'th_refresh_token') return exchange(state, req.token, 'threads');
  return graphError(100, `Unsupported grant_type ${grant ?? '(none)'}`);
}

/** A new long-lived token of the same kind and owners; the old one stays valid until it expires. */
function exchange(state: MetaState, token: string | undefined, kind: TokenKind): Reply {
  if (!token) return graphError(104, 'An access token is required to request this resource.');
  const check = state.checkToken(token);
  if (!check.ok) return tokenError(check, state.now());
  if (check.record.kind !== kind) return graphError(190, `Invalid OAuth access token - this is not a ${kind.replace('_', ' ')} token`);
  const { record, expiresIn } = state.issueToken(kind, check.record.ownerIds);
  return { status: 200, body: { access_token: record.token, token_type: 'bearer', ...(expiresIn === undefined ? {} : { expires_in: expiresIn }) } };
}
