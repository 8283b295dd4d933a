/**
 * A GA4 Data API client for one property: runReport (POST {base}/v1beta/properties/{id}:runReport)
 * for one day, paged with limit/offset until `rowCount` rows are read, authorised with a
 * service-account access token. 429 and 5xx are retried with exponential backoff (or Google's
 * Retry-After); a refused token is renewed once; other failures throw a classified Ga4Error.
 */
import { Ga4Error, classifyGoogleError } from './ga4-errors.js';
import { parseReportPage, reportRequest, type Ga4Row } from './ga4-report.js';
import type { AccessTokens } from './google-service-account.js';

/** Google's default page size (the maximum is 250,000). */
const DEFAULT_PAGE_SIZE = 10_000;

export interface Ga4Report {
  readonly rows: Ga4Row[];
  /** The property's currency; undefined when Google did not say (an empty report). */
  readonly currency?: string;
}

export interface Ga4Client {
  /** Every row of one day (YYYY-MM-DD, the property's time zone). */
  runReport(day: string): Promise<Ga4Report>;
}

export interface Ga4ClientOptions {
  readonly baseUrl: string;
  readonly propertyId: string;
  readonly tokens: AccessTokens;
  readonly fetch?: typeof fetch;
  readonly pageSize?: number;
  readonly maxAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export function createGa4Client(options: Ga4ClientOptions): Ga4Client {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxAttempts = options.maxAttempts ?? 5;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/v1beta/properties/${encodeURIComponent(options.propertyId)}:runReport`;

  const post = async (body: unknown): Promise<unknown> => {
    let renewedToken = false;
    for (let attempt = 1; ; attempt++) {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${await options.tokens.get()}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      // A body that is not JSON is reported below: as bad_response, or classified by its status.
      const parsed = await response.json().catch(() => undefined);
      if (response.ok) {
        if (parsed === undefined) throw new Ga4Error('bad_response', 'GA4 answered runReport with a body that is not JSON');
        return parsed;
      }
      const error = classifyGoogleError(response.status, parsed, response.headers.get('retry-after'));
      if (response.status === 401 && !renewedToken) {
        // An access token can be revoked before its stated expiry; one fresh token settles it.
        renewedToken = true;
        options.tokens.invalidate();
        continue;
      }
      if (error.kind !== 'retry_later' || attempt >= maxAttempts) throw error;
      await sleep(error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : Math.min(30_000, 500 * 2 ** (attempt - 1)));
    }
  };

  return {
    async runReport(day) {
      const rows: Ga4Row[] = [];
      let currency: string | undefined;
      for (;;) {
        const page = parseReportPage(await post(reportRequest(day, rows.length, pageSize)), rows.length);
        rows.push(...page.rows);
        currency ??= page.currency;
        if (rows.length >= page.rowCount || page.rows.length === 0) return { rows, currency };
      }
    },
  };
}
