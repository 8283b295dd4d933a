/**
 * Per-brand web analytics secrets, in one Secrets Manager secret (locally the `.pillars/secrets.json`
 * entry of the same name), a JSON object keyed by brand id, as network credentials are keyed by account:
 *
 *   { "<brandId>": {
 *       "ga4": { "propertyId": "123456789", "serviceAccount": { <the service account's JSON key file> },
 *                "apiBaseUrl": "https://analyticsdata.googleapis.com" },
 *       "conversionSigningSecrets": ["whsec_..."] } }
 *
 * Several signing secrets may be listed while a sender rotates its key. Nothing here is logged.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';

export { WEB_ANALYTICS_SECRET } from '../../contracts/resource-names.js';
export const GA4_API_BASE_URL = 'https://analyticsdata.googleapis.com';

export const serviceAccountSchema = z.object({
  client_email: z.string().min(1),
  private_key: z.string().includes('PRIVATE KEY', { message: 'must be the PEM private key from the service account key file' }),
  private_key_id: z.string().optional(),
  token_uri: z.url().default('https://oauth2.googleapis.com/token'),
});
export type ServiceAccount = z.infer<typeof serviceAccountSchema>;

const brandSecretsSchema = z.object({
  ga4: z.object({
    propertyId: z.string().regex(/^\d+$/, 'must be the numeric GA4 property id (Admin → Property settings)'),
    serviceAccount: serviceAccountSchema,
    apiBaseUrl: z.url().default(GA4_API_BASE_URL),
  }).optional(),
  conversionSigningSecrets: z.array(z.string().startsWith('whsec_', 'must start with whsec_')).min(1).optional(),
});
export type BrandWebAnalyticsSecrets = z.infer<typeof brandSecretsSchema>;

export interface WebAnalyticsSecrets {
  /** The brand's entry; undefined when the brand has none. A malformed entry throws, naming the field. */
  forBrand(brandId: string): Promise<BrandWebAnalyticsSecrets | undefined>;
  /** Brands with a GA4 entry, for the daily import. */
  brandsWithGa4(): Promise<string[]>;
}

export function createWebAnalyticsSecrets(client: SecretsManagerClient, secretId: string, cacheMs = 60_000): WebAnalyticsSecrets {
  let cached: { at: number; value: Record<string, unknown> } | undefined;
  const read = async () => {
    if (!cached || Date.now() - cached.at > cacheMs) {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      cached = { at: Date.now(), value: SecretString ? (JSON.parse(SecretString) as Record<string, unknown>) : {} };
    }
    return cached.value;
  };
  const parse = (brandId: string, value: unknown) => {
    const parsed = brandSecretsSchema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.map((i) => `${[brandId, ...i.path].join('.')}: ${i.message}`).join('; ');
    throw new Error(`secret ${secretId} is malformed (${issues}); fix that entry`);
  };
  return {
    async forBrand(brandId) {
      const value = (await read())[brandId];
      return value === undefined ? undefined : parse(brandId, value);
    },
    async brandsWithGa4() {
      const all = await read();
      return Object.keys(all).filter((brandId) => parse(brandId, all[brandId]).ga4 !== undefined).sort();
    },
  };
}
