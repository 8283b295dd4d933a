/**
 * Pluggable link shortening, applied to a post's link after UTM tagging. A brand picks its
 * provider in its settings (`linkShortener`); the provider's token lives in the credentials
 * secret under `linkShortener:<brandId>`, like network credentials, never in the table.
 */

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



/** The secret entry holding a brand's shortener token: `{ "accessToken": "..." }`. */
export const shortenerSecretKey = (brandId: string) => `linkShortener:${brandId}`;

/** `none`: links go out as they are (UTM-tagged). */
export const noShortener: LinkShortener = { shorten: async (url) => url };
