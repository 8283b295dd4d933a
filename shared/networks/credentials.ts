/**
 * Network credentials live in one Secrets Manager secret (locally a git-ignored file served by
 * the local runtime): a JSON object keyed by account id. They are never logged or stored in the table.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { NetworkCredentials } from './contract.js';

const credentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresAt: z.string().optional(),
});

export type CredentialsLookup = (accountId: string) => Promise<NetworkCredentials | undefined>;

export function createCredentialsLookup(client: SecretsManagerClient, secretId: string, cacheMs = 60_000): CredentialsLookup {
  let cached: { at: number; value: Record<string, unknown> } | undefined;
  return async (accountId) => {
    if (!cached || Date.now() - cached.at > cacheMs) {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      cached = { at: Date.now(), value: SecretString ? (JSON.parse(SecretString) as Record<string, unknown>) : {} };
    }
    const parsed = credentialsSchema.safeParse(cached.value[accountId]);
    return parsed.success ? parsed.data : undefined;
  };
}
