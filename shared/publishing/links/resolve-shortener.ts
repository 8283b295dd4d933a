/** The shortener a brand's settings choose, with its token from the credentials secret. */
import type { SettingsRepository } from '../../platform/brand-settings.js';
import { createBitlyShortener } from './bitly.js';
import { LinkShortenerError, shortenerSecretKey, type LinkShortener } from './shortener.js';

export type ShortenerFor = (brandId: string) => Promise<LinkShortener | undefined>;

export interface ShortenerDeps {
  readonly settings: SettingsRepository;
  /** A `{ accessToken }` entry of the credentials secret. */
  readonly secretEntry: (key: string) => Promise<{ readonly accessToken: string } | undefined>;
  /** Bitly's API origin; a local stand-in under `npm start`. */
  readonly bitlyBaseUrl?: string;
}

export function createShortenerResolver(deps: ShortenerDeps): ShortenerFor {
  return async (brandId) => {
    const setting = (await deps.settings.get(brandId)).linkShortener;
    if (!setting || setting.provider === 'none') return undefined;
    let token: { readonly accessToken: string } | undefined;
    try {
      token = await deps.secretEntry(shortenerSecretKey(brandId));
    } catch (error) {
      return failing(new LinkShortenerError('bitly', `could not read its token (${(error as Error).message})`, { cause: error }));
    }
    if (!token) return failing(new LinkShortenerError('bitly', `no token stored under "${shortenerSecretKey(brandId)}" in the credentials secret`));
    return createBitlyShortener({ accessToken: token.accessToken, domain: setting.domain, groupGuid: setting.groupGuid, baseUrl: deps.bitlyBaseUrl });
  };
}

/** A shortener that cannot work still answers, by failing: the post records why and keeps its full link. */
const failing = (error: LinkShortenerError): LinkShortener => ({ shorten: () => Promise.reject(error) });
