/**
 * Network credentials, stored and read per brand and account. Each brand has its own Secrets
 * Manager secret (`pillars/brands/<brandId>/network-credentials`, locally a git-ignored file
 * served by the local runtime): a JSON object keyed by the brand's account ids. A lookup names
 * the brand, so it can only ever open that brand's secret: the same account id in another brand
 * is another brand's account, with its own credentials or none.
 *
 * The deployment's shared secret (`pillars/network-credentials`) keeps what belongs to no one
 * brand or is keyed by brand already: `app:<network>` entries for the registered apps and
 * `linkShortener:<brandId>`. It may still hold old-style entries keyed by account id alone, from
 * before credentials were kept per brand; such an entry is read, and refreshed in place, only for
 * the brand that owns that account (see legacy-credentials.ts), until an operator moves it into
 * the brand's secret (README, "Tenancy"). Credentials are never logged or stored in the table.
 */
import { GetSecretValueCommand, PutSecretValueCommand, ResourceNotFoundException, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { AppCredentials, NetworkAccount, NetworkCredentials } from '../contract.js';
import type { WithLock } from '../../platform/store/locks.js';
import { logger } from '../../platform/observability.js';
import { BRAND_ID_PATTERN } from '../../contracts/auth.js';
import { brandCredentialsSecretName } from '../../contracts/resource-names.js';

const credentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresAt: z.string().optional(),
  refreshExpiresAt: z.string().optional(),
  extra: z.record(z.string(), z.string()).optional(),
});
const serviceSchema = z.object({ accessToken: z.string().min(1) });
const appSchema = z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1).optional() });

/** Which account's credentials: always the brand and the brand's own account id. */
export type AccountKey = Pick<NetworkAccount, 'brandId' | 'accountId'>;

export type CredentialsLookup = (account: AccountKey) => Promise<NetworkCredentials | undefined>;

export interface CredentialStore {
  readonly get: CredentialsLookup;
  app(network: string): Promise<AppCredentials | undefined>;
  /** Another service's token kept in the shared secret under a key that names its brand, e.g. a brand's link shortener. */
  service(key: string): Promise<{ accessToken: string } | undefined>;
  /**
   * Refreshes one account's credentials under a lock on the secret that holds them, so two
   * invocations never spend the same rotating refresh token or overwrite each other's write.
   * If someone already replaced the rejected token, theirs is returned without a refresh.
   * A refresh token the new value lacks is kept.
   */
  refresh(
    account: AccountKey,
    rejected: NetworkCredentials,
    doRefresh: (current: NetworkCredentials) => Promise<NetworkCredentials>,
  ): Promise<NetworkCredentials>;
}

export interface CredentialStoreOptions {
  readonly client: SecretsManagerClient;
  /** The deployment's shared secret: apps, brand-keyed service tokens, old-style account entries. */
  readonly sharedSecretId: string;
  readonly withLock: WithLock;
  /** The secret of one brand's credentials. @default brandCredentialsSecretName */
  readonly brandSecretId?: (brandId: string) => string;
  /** The one brand that may still read an old-style entry of this account id; without it, none may. */
  readonly legacyOwner?: (accountId: string) => Promise<string | undefined>;
  /** @default 60_000 */
  readonly cacheMs?: number;
}

type SecretValue = Record<string, unknown>;

export function createCredentialStore(options: CredentialStoreOptions): CredentialStore {
  const { client, sharedSecretId, withLock, legacyOwner } = options;
  const cacheMs = options.cacheMs ?? 60_000;
  const brandSecretId = (brandId: string) => {
    // The name is built from the brand, so a brand id that is not one never names a secret.
    if (!BRAND_ID_PATTERN.test(brandId)) throw new Error(`not a brand id: ${JSON.stringify(brandId)}`);
    return (options.brandSecretId ?? brandCredentialsSecretName)(brandId);
  };
  const cache = new Map<string, { at: number; value: SecretValue }>();
  const read = async (secretId: string, fresh: boolean): Promise<SecretValue> => {
    const cached = cache.get(secretId);
    if (!fresh && cached && Date.now() - cached.at <= cacheMs) return cached.value;
    const value = await readSecret(client, secretId);
    cache.set(secretId, { at: Date.now(), value });
    return value;
  };
  const parseCredentials = (value: unknown) => {
    const parsed = credentialsSchema.safeParse(value);
    return parsed.success ? parsed.data : undefined;
  };

  /** Where the account's credentials live: its brand's secret, or an old-style entry its brand owns. */
  const locate = async (account: AccountKey, fresh: boolean): Promise<{ secretId: string; entry: unknown } | undefined> => {
    const own = brandSecretId(account.brandId);
    const ownValue = await read(own, fresh);
    if (Object.hasOwn(ownValue, account.accountId)) return { secretId: own, entry: ownValue[account.accountId] };
    const shared = await read(sharedSecretId, fresh);
    if (!Object.hasOwn(shared, account.accountId)) return undefined;
    if (legacyOwner && (await legacyOwner(account.accountId)) === account.brandId) return { secretId: sharedSecretId, entry: shared[account.accountId] };
    logger.warn('an old-style credential entry of this account id is not read for this brand: another brand owns it, or several do', {
      brandId: account.brandId, accountId: account.accountId,
    });
    return undefined;
  };

  return {
    async get(account) {
      return parseCredentials((await locate(account, false))?.entry);
    },
    async app(network) {
      const parsed = appSchema.safeParse((await read(sharedSecretId, false))[`app:${network}`]);
      return parsed.success ? parsed.data : undefined;
    },
    async service(key) {
      const parsed = serviceSchema.safeParse((await read(sharedSecretId, false))[key]);
      return parsed.success ? parsed.data : undefined;
    },
    async refresh(account, rejected, doRefresh) {
      const secretId = (await locate(account, true))?.secretId ?? brandSecretId(account.brandId);
      return withLock(`credentials:${secretId}`, async () => {
        const all = await read(secretId, true);
        const current = parseCredentials(all[account.accountId]) ?? rejected;
        if (current.accessToken !== rejected.accessToken) return current;
        const merged = mergeCredentials(current, await doRefresh(current));
        const value = { ...all, [account.accountId]: merged };
        await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(value) }));
        cache.set(secretId, { at: Date.now(), value });
        return merged;
      });
    },
  };
}

/** Read-only lookup for code that never refreshes (tests and tools). */
export function createCredentialsLookup(client: SecretsManagerClient, sharedSecretId: string, cacheMs = 60_000): CredentialsLookup {
  return createCredentialStore({ client, sharedSecretId, withLock: () => Promise.reject(new Error('read-only credentials')), cacheMs }).get;
}

async function readSecret(client: SecretsManagerClient, secretId: string): Promise<SecretValue> {
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    return SecretString ? (JSON.parse(SecretString) as SecretValue) : {};
  } catch (error) {
    // A brand whose secret was never created has no credentials (yet): its accounts read as disconnected.
    if (error instanceof ResourceNotFoundException) return {};
    throw error;
  }
}

/** Never let a refresh erase what the network did not replace: an empty refresh token keeps the old one. */
export function mergeCredentials(current: NetworkCredentials | undefined, next: NetworkCredentials): NetworkCredentials {
  return {
    ...current,
    ...next,
    refreshToken: next.refreshToken || current?.refreshToken,
    // The expiry belongs to the refresh token: a kept token keeps its own, a new one brings its own (or none).
    refreshExpiresAt: next.refreshToken ? next.refreshExpiresAt : current?.refreshExpiresAt,
    extra: current?.extra || next.extra ? { ...current?.extra, ...next.extra } : undefined,
  };
}
