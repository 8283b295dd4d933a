/**
 * Bitly v4 (https://dev.bitly.com/api-reference/#createBitlink): `POST /v4/shorten` with
 * `{ long_url, domain?, group_guid? }` and a Bearer token; 200 (an existing bitlink) or 201
 * (created) with the short URL in `link`. Errors carry `{ message, description }`. Shortening the
 * same long URL again returns the same bitlink, so a repeated call is harmless.
 */
import { LinkShortenerError, type LinkShortener } from './shortener.js';

export const BITLY_API = 'https://api-ssl.bitly.com';

export interface BitlyOptions {
  readonly accessToken: string;
  readonly domain?: string;
  readonly groupGuid?: string;
  /** @default https://api-ssl.bitly.com (a local stand-in in tests and under `npm start`) */
  readonly baseUrl?: string;
  /** @default 5000 */
  readonly timeoutMs?: number;
}

export function createBitlyShortener(options: BitlyOptions): LinkShortener {
  const endpoint = new URL('/v4/shorten', options.baseUrl ?? BITLY_API);
  return {
    async shorten(url) {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { Authorization: `Bearer ${options.accessToken}`, 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ long_url: url, ...(options.domain ? { domain: options.domain } : {}), ...(options.groupGuid ? { group_guid: options.groupGuid } : {}) }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
      } catch (error) {
        throw new LinkShortenerError('bitly', `could not reach ${endpoint.origin} (${(error as Error).message})`, { cause: error });
      }
      // A body that is not JSON leaves only the status to report, which the checks below do.
      const body = (await response.json().catch(() => ({}))) as { link?: unknown; message?: unknown; description?: unknown };
      if (response.status !== 200 && response.status !== 201) {
        const detail = [body.message, body.description].filter((part) => typeof part === 'string').join(': ');
        throw new LinkShortenerError('bitly', `answered ${response.status}${detail ? ` (${detail})` : ''}`);
      }
      if (typeof body.link !== 'string' || !/^https?:\/\//.test(body.link)) {
        throw new LinkShortenerError('bitly', `answered ${response.status} without a link`);
      }
      return body.link;
    },
  };
}
