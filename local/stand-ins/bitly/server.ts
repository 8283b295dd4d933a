/**
 * A local Bitly: the one endpoint Pillars uses, from Bitly's v4 reference (createBitlink), so the
 * real shortener (shared/links/bitly.ts) runs against it, plus the shared fault injection:
 *
 *   POST /v4/shorten   Authorization: Bearer <token>; { long_url, domain?, group_guid? }
 *                      → 201 a new bitlink, 200 the existing one for the same long URL, domain and group
 *                      → 403 FORBIDDEN (unknown token), 400 INVALID_ARG_LONG_URL / INVALID_ARG_DOMAIN, 429 RATE_LIMIT_EXCEEDED
 *
 * Errors use Bitly's shape: { message, resource, description, errors? }.
 *
 * Control API (never faulted):
 *   POST/GET/DELETE /_sandbox/faults   (see ../faults.ts)
 *   GET    /_sandbox/links             → BitlyStandInLink[]
 */
import { bearerToken, startStandInHost, type HostReply } from '../stand-in-host.js';
import type { SandboxFault } from '../faults.js';

export interface BitlyStandInLink {
  readonly id: string;
  readonly link: string;
  readonly longUrl: string;
  readonly domain: string;
  readonly groupGuid: string;
  readonly createdAt: string;
}

export interface BitlyStandInOptions {
  readonly port?: number;
  readonly host?: string;
  /** Tokens Bitly accepts; default ['pillars-bitly-token']. */
  readonly tokens?: readonly string[];
  /** Short domains the account may use besides bit.ly (branded short domains). */
  readonly domains?: readonly string[];
  /** The group of a token that names none. Default 'Bpillars0001'. */
  readonly defaultGroupGuid?: string;
}

export interface BitlyStandIn {
  readonly url: string;
  close(): Promise<void>;
  links(): BitlyStandInLink[];
  injectFault(fault: SandboxFault): void;
}

export const DEFAULT_BITLY_TOKEN = 'pillars-bitly-token';

const problem = (status: number, message: string, description: string, errors?: { field: string; error_code: string }[]): HostReply => ({
  status, body: { message, resource: 'bitlinks', description, ...(errors ? { errors } : {}) },
});

export async function startBitlyStandIn(options: BitlyStandInOptions = {}): Promise<BitlyStandIn> {
  const tokens = new Set(options.tokens ?? [DEFAULT_BITLY_TOKEN]);
  const domains = new Set(['bit.ly', ...(options.domains ?? [])]);
  const defaultGroup = options.defaultGroupGuid ?? 'Bpillars0001';
  const links: BitlyStandInLink[] = [];

  const shorten = (raw: Buffer): HostReply => {
    const body = JSON.parse(raw.toString('utf8') || '{}') as { long_url?: unknown; domain?: unknown; group_guid?: unknown };
    if (typeof body.long_url !== 'string' || !/^https?:\/\/[^\s]+$/i.test(body.long_url)) {
      return problem(400, 'INVALID_ARG_LONG_URL', 'The value provided is invalid.', [{ field: 'long_url', error_code: 'invalid' }]);
    }
    const domain = typeof body.domain === 'string' ? body.domain : 'bit.ly';
    if (!domains.has(domain)) return problem(400, 'INVALID_ARG_DOMAIN', 'The value provided is invalid.', [{ field: 'domain', error_code: 'invalid' }]);
    const groupGuid = typeof body.group_guid === 'string' ? body.group_guid : defaultGroup;
    const existing = links.find((l) => l.longUrl === body.long_url && l.domain === domain && l.groupGuid === groupGuid);
    let stored = existing;
    if (!stored) {
      const id = `${domain}/${(links.length + 1).toString(36).padStart(7, 'p')}`;
      stored = { id, link: `https://${id}`, longUrl: body.long_url, domain, groupGuid, createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, '+0000') };
      links.push(stored);
    }
    return {
      status: existing ? 200 : 201,
      body: {
        created_at: stored.createdAt, id: stored.id, link: stored.link, custom_bitlinks: [], long_url: stored.longUrl,
        archived: false, tags: [], deeplinks: [], references: { group: `https://api-ssl.bitly.com/v4/groups/${groupGuid}` },
      },
    };
  };

  const host = await startStandInHost({
    port: options.port,
    host: options.host,
    errorReply: (status, message) => problem(status, status >= 500 ? 'INTERNAL_ERROR' : 'INVALID_ARG', message),
    faultReply: (fault) => (fault.kind === 'rate_limit'
      ? { ...problem(429, 'RATE_LIMIT_EXCEEDED', 'You have exceeded your rate limit.'), headers: { 'Retry-After': String(fault.retryAfterSeconds) } }
      : problem(fault.status, fault.error ?? (fault.status >= 500 ? 'INTERNAL_ERROR' : 'INVALID_ARG'), 'Injected fault.')),
    async api(req) {
      if (req.method !== 'POST' || req.path !== '/v4/shorten') return problem(404, 'NOT_FOUND', 'Only POST /v4/shorten is served here.');
      if (!tokens.has(bearerToken(req.headers) ?? '')) return problem(403, 'FORBIDDEN', 'The token is missing or not valid.');
      return shorten(req.raw);
    },
    control(method, path) {
      if (path === '/_sandbox/links' && method === 'GET') return { status: 200, body: links };
      return undefined;
    },
  });

  return { url: host.url, close: host.close, links: () => links.map((l) => ({ ...l })), injectFault: host.injectFault };
}
