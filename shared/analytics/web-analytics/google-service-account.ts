/**
 * Google's service-account flow (OAuth 2.0 for server to server applications): a JWT signed with
 * RS256 by the key file's `private_key`, claims iss = client_email, scope, aud = token_uri, iat and
 * exp (at most an hour later), exchanged at token_uri with grant_type
 * urn:ietf:params:oauth:grant-type:jwt-bearer for an access token, which is reused until shortly before it expires.
 */
import { createSign } from 'node:crypto';
import type { ServiceAccount } from './brand-secrets.js';
import { classifyGoogleError, Ga4Error } from './ga4-errors.js';

export const ANALYTICS_READONLY_SCOPE = 'https://www.googleapis.com/auth/analytics.readonly';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ASSERTION_LIFETIME_SECONDS = 3600;
/** A token this close to expiry is renewed first, so a long report never runs out mid-way. */
const EXPIRY_MARGIN_MS = 60_000;

export interface AccessTokens {
  get(): Promise<string>;
  /** Forgets the cached token (after the API refused it). */
  invalidate(): void;
}

export interface ServiceAccountTokenOptions {
  readonly serviceAccount: ServiceAccount;
  readonly scope?: string;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

function serviceAccountAssertion(account: ServiceAccount, scope: string, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(account.private_key_id ? { kid: account.private_key_id } : {}) };
  const claims = { iss: account.client_email, scope, aud: account.token_uri, iat, exp: iat + ASSERTION_LIFETIME_SECONDS };
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  const signature = createSign('RSA-SHA256').update(unsigned).sign(account.private_key, 'base64url');
  return `${unsigned}.${signature}`;
}

export function createServiceAccountTokens(options: ServiceAccountTokenOptions): AccessTokens {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const scope = options.scope ?? ANALYTICS_READONLY_SCOPE;
  let cached: { token: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const exchange = async (): Promise<string> => {
    const account = options.serviceAccount;
    const response = await doFetch(account.token_uri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT, assertion: serviceAccountAssertion(account, scope, now()) }).toString(),
    });
    // A body that is not JSON is reported below, by status or as an answer without a token.
    const body = await response.json().catch(() => undefined) as { access_token?: unknown; expires_in?: unknown } | undefined;
    if (!response.ok) throw classifyGoogleError(response.status, body, response.headers.get('retry-after'));
    if (typeof body?.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new Ga4Error('bad_response', `the token endpoint ${account.token_uri} answered without access_token and expires_in`);
    }
    cached = { token: body.access_token, expiresAt: now() + body.expires_in * 1000 };
    return body.access_token;
  };

  return {
    async get() {
      if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > now()) return cached.token;
      // Concurrent callers share one exchange rather than each minting a token.
      pending ??= exchange().finally(() => { pending = undefined; });
      return pending;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
