/**
 * Pluggable link shortening, applied to a post's link after UTM tagging. A brand picks its
 * provider in its settings (`linkShortener`); the provider's token lives in the credentials
 * secret under `linkShortener:<brandId>`, like network credentials, never in the table.
 */
import { z } from 'zod';

export interface LinkShortener {
  /** The short link for `url`; throws LinkShortenerError when the provider cannot give one. */
  shorten(url: string): Promise<string>;
}

export class LinkShortenerError extends Error {
  constructor(provider: string, message: string, options?: ErrorOptions) {
    super(`${provider}: ${message}`, options);
    this.name = 'LinkShortenerError';
  }
}

export const linkShortenerSetting = z.discriminatedUnion('provider', [
  z.object({
    provider: z.literal('bitly'),
    /** A Bitly or branded short domain (e.g. bit.ly, go.example.com); Bitly's account default when absent. */
    domain: z.string().trim().min(1).regex(/^[a-z0-9.-]+$/i, 'must be a domain name such as bit.ly').optional(),
    /** The Bitly group the links belong to; the token's default group when absent. */
    groupGuid: z.string().trim().min(1).optional(),
  }).strict(),
  z.object({ provider: z.literal('none') }).strict(),
], { error: 'must be { "provider": "bitly", "domain"?: "...", "groupGuid"?: "..." } or { "provider": "none" }' });

export type LinkShortenerSetting = z.infer<typeof linkShortenerSetting>;

/** The secret entry holding a brand's shortener token: `{ "accessToken": "..." }`. */
export const shortenerSecretKey = (brandId: string) => `linkShortener:${brandId}`;

/** `none`: links go out as they are (UTM-tagged). */
export const noShortener: LinkShortener = { shorten: async (url) => url };
