/**
 * A local Google Analytics 4 built from the documentation, so the real GA4 client (service-account
 * JWT flow, runReport paging, error classification) runs end to end against it:
 *
 *   POST /token                                     jwt-bearer grant; the assertion's RS256 signature is checked with the account's public key
 *   POST /v1beta/properties/{propertyId}:runReport   deterministic sessions, keyEvents and totalRevenue per day and utm source/campaign
 *
 * One origin serves what Google splits over oauth2.googleapis.com and analyticsdata.googleapis.com.
 *
 * Control API (never faulted):
 *   POST/GET/DELETE /_sandbox/faults          (see ../faults.ts; 429 and 5xx come in Google's error shape)
 *   POST   /_sandbox/service-accounts         { name, propertyIds } → 201 service account key file (JSON)
 *   POST   /_sandbox/revoke-tokens            → 204, every issued access token stops working
 */
import type { SandboxFault } from '../faults.js';
import { startStandInHost } from '../stand-in-host.js';
import { googleError, handleRunReport, handleToken } from './routes.js';
import { ServiceAccounts, type ServiceAccountKeyFile } from './service-accounts.js';
import { DEFAULT_TRAFFIC, type TrafficSource } from './traffic.js';

export type { ServiceAccountKeyFile } from './service-accounts.js';
export { trafficDay, DEFAULT_TRAFFIC, type TrafficSource, type TrafficDay } from './traffic.js';

export interface Ga4StandInOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Clock for token expiry and assertion lifetimes. Default Date.now. */
  readonly now?: () => number;
  /** Google access tokens last an hour. */
  readonly accessTokenTtlSeconds?: number;
  /** Tagged traffic sources every day reports; default DEFAULT_TRAFFIC. */
  readonly traffic?: readonly TrafficSource[];
  /** Seeds the generated numbers. Default `pillars`. */
  readonly seed?: string;
  /** The property's currency (metadata.currencyCode). Default EUR. */
  readonly currency?: string;
}

export interface Ga4StandIn {
  readonly url: string;
  readonly port: number;
  /** A new service account with read access to these properties; its key file as Google hands it out. */
  createServiceAccount(name: string, propertyIds: readonly string[]): ServiceAccountKeyFile;
  /** Accepts a key file created before a restart again. */
  adoptServiceAccount(keyFile: Pick<ServiceAccountKeyFile, 'client_email' | 'private_key'>, propertyIds: readonly string[]): void;
  revokeTokens(): void;
  injectFault(fault: SandboxFault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const RUN_REPORT = /^\/v1beta\/properties\/(\d+):runReport$/;

export async function startGa4StandIn(options: Ga4StandInOptions = {}): Promise<Ga4StandIn> {
  const now = options.now ?? Date.now;
  const accounts = new ServiceAccounts(now, options.accessTokenTtlSeconds ?? 3599);
  let tokenUri = '';
  const ctx = {
    accounts,
    traffic: options.traffic ?? DEFAULT_TRAFFIC,
    seed: options.seed ?? 'pillars',
    currency: options.currency ?? 'EUR',
    timeZone: 'Etc/UTC',
    tokenUri: () => tokenUri,
  };

  const host = await startStandInHost({
    port: options.port,
    host: options.host,
    errorReply: (status, message) => googleError(status, message),
    faultReply(fault) {
      if (fault.kind === 'rate_limit') {
        return { ...googleError(429, 'Exhausted concurrent requests quota. Retry after a while.'), headers: { 'Retry-After': String(fault.retryAfterSeconds) } };
      }
      if (fault.contentType === 'html') {
        return { status: fault.status, contentType: 'text/html; charset=utf-8', body: `<html><body><h1>Error ${fault.status}</h1></body></html>` };
      }
      return googleError(fault.status, fault.error ?? `The service answered ${fault.status}.`);
    },
    async api(req) {
      if (req.method === 'POST' && req.url.pathname === '/token') return handleToken(ctx, req);
      const report = RUN_REPORT.exec(req.url.pathname);
      if (req.method === 'POST' && report?.[1]) return handleRunReport(ctx, req, report[1]);
      return googleError(404, `Method not found: ${req.method} ${req.url.pathname}`);
    },
    control(method, path, body) {
      if (path === '/_sandbox/service-accounts' && method === 'POST') {
        const input = body() as { name?: unknown; propertyIds?: unknown };
        if (typeof input.name !== 'string' || !Array.isArray(input.propertyIds)) return { status: 400, body: { error: 'name (string) and propertyIds (string[]) are required' } };
        return { status: 201, body: accounts.create(input.name, tokenUri, input.propertyIds.map(String)) };
      }
      if (path === '/_sandbox/revoke-tokens' && method === 'POST') {
        accounts.revokeTokens();
        return { status: 204 };
      }
      return undefined;
    },
  });
  tokenUri = `${host.url}/token`;

  return {
    url: host.url,
    port: host.port,
    createServiceAccount: (name, propertyIds) => accounts.create(name, tokenUri, propertyIds),
    adoptServiceAccount: (keyFile, propertyIds) => accounts.adopt(keyFile, propertyIds),
    revokeTokens: () => accounts.revokeTokens(),
    injectFault: host.injectFault,
    clearFaults: () => host.faults.clear(),
    close: host.close,
  };
}
