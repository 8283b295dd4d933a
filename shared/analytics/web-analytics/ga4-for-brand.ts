/**
 * A brand's GA4 client, built from its entry in the web analytics secret. Token providers are kept
 * per service account key for the container's life, so warm invocations reuse a live access token.
 */
import type { WebAnalyticsSecrets } from './brand-secrets.js';
import { createGa4Client, type Ga4Client } from './ga4.js';
import { createServiceAccountTokens, type AccessTokens } from './google-service-account.js';

export function createGa4ClientsForBrands(secrets: WebAnalyticsSecrets, options: { fetch?: typeof fetch; sleep?: (ms: number) => Promise<void> } = {}) {
  const tokens = new Map<string, AccessTokens>();
  return async (brandId: string): Promise<Ga4Client | undefined> => {
    const ga4 = (await secrets.forBrand(brandId))?.ga4;
    if (!ga4) return undefined;
    const account = ga4.serviceAccount;
    const key = `${account.client_email}\u0000${account.private_key_id ?? account.private_key}`;
    let provider = tokens.get(key);
    if (!provider) {
      provider = createServiceAccountTokens({ serviceAccount: account, fetch: options.fetch });
      tokens.set(key, provider);
    }
    return createGa4Client({ baseUrl: ga4.apiBaseUrl, propertyId: ga4.propertyId, tokens: provider, fetch: options.fetch, sleep: options.sleep });
  };
}
