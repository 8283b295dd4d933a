/**
 * Network credentials live in one Secrets Manager secret (locally a git-ignored file served by
 * the local runtime): a JSON object keyed by account id, plus `app:<network>` entries for the
 * registered apps. They are never logged or stored in the table.
 */
import { GetSecretValueCommand, PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { AppCredentials, NetworkCredentials } from '../contract.js';
import type { WithLock } from '../../platform/store/locks.js';

const credentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresAt: z.string().optional(),
  refreshExpiresAt: z.string().optional(),
  extra: z.record(z.string(), z.string()).optional(),
});
const serviceSchema = z.object({ accessToken: z.string().min(1) });
const appSchema = z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1).optional() });

export type CredentialsLookup = (accountId: string) => Promise<NetworkCredentials | undefined>;

export interface CredentialStore {
  readonly get: CredentialsLookup;
  app(network: string): Promise<AppCredentials | undefined>;
  /** Another service's token kept in the same secret, e.g. a brand's link shortener. */
  service(key: string): Promise<{ accessToken: string } | undefined>;
  /**
   * Refreshes one account's credentials under a lock, so two invocations never spend the same
   * rotating refresh token or overwrite each other's write (the secret holds every account).
   * If someone already replaced the rejected token, theirs is returned without a refresh.
   * A refresh token the new value lacks is kept.
   */
  refresh(
    accountId: string,
    rejected: NetworkCredentials,
    doRefresh: (current: NetworkCredentials) => Promise<NetworkCredentials>,
  ): Promise<NetworkCredentials>;
}

export function createCredentialStore(client: SecretsManagerClient, secretId: string, withLock: WithLock, cacheMs = 60_000): CredentialStore {
  let cached: { at: number; value: Record<string, unknown> } | undefined;
  const read = async (fresh: boolean) => {
    if (fresh || !cached || Date.now() - cached.at > cacheMs) {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      cached = { at: Date.now(), value: SecretString ? (JSON.parse(SecretString) as Record<string, unknown>) : {} };
    }
    return cached.value;
  };
  return {
    async get(accountId) {
      const parsed = credentialsSchema.safeParse((await read(false))[accountId]);
      return parsed.success ? parsed.data : undefined;
    },
    async app(network) {
      const parsed = appSchema.safeParse((await read(false))[`app:${network}`]);
      return parsed.success ? parsed.data : undefined;
    },
    async service(key) {
      const parsed = serviceSchema.safeParse((await read(false))[key]);
      return parsed.success ? parsed.data : undefined;
    },
    refresh: (accountId, rejected, doRefresh) => withLock(`credentials:${secretId}`, async () => {
      const all = await read(true);
      const parsed = credentialsSchema.safeParse(all[accountId]);
      const current = parsed.success ? parsed.data : rejected;
      if (current.accessToken !== rejected.accessToken) return current;
      const merged = mergeCredentials(current, await doRefresh(current));
      const value = { ...all, [accountId]: merged };
      await client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(value) }));
      cached = { at: Date.now(), value };
      return merged;
    }),
  };
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

/** Read-only lookup for code that never refreshes (kept for tests and tools). */
export function createCredentialsLookup(client: SecretsManagerClient, secretId: string, cacheMs = 60_000): CredentialsLookup {
  return createCredentialStore(client, secretId, () => Promise.reject(new Error('read-only credentials')), cacheMs).get;
}
