/**
 * The connected accounts and their credentials, as functions of every pillar reach them: the
 * accounts repository, and credentials read (and refreshed under a lock) per brand and account.
 */
import { documentClient, secretsManager } from '../../platform/clients.js';
import { getStringFromEnv } from '../../platform/config.js';
import { tableName } from '../../platform/dependencies.js';
import { createLocks } from '../../platform/store/locks.js';
import type { NetworkAccount, NetworkAdapter, NetworkCredentials } from '../contract.js';
import { createAccountsRepository } from './accounts-repository.js';
import { createCredentialStore } from './credentials.js';
import { legacyCredentialOwner } from './legacy-credentials.js';

export function accountsRepository() {
  return createAccountsRepository(documentClient, tableName());
}

export function credentialStoreFromEnv() {
  return createCredentialStore({
    client: secretsManager,
    sharedSecretId: getStringFromEnv('NETWORK_CREDENTIALS_SECRET_ARN'),
    withLock: createLocks(documentClient, tableName()),
    legacyOwner: legacyCredentialOwner(accountsRepository()),
  });
}

export function credentialDeps() {
  const store = credentialStoreFromEnv();
  return {
    credentials: store.get,
    refreshCredentials: async (account: NetworkAccount, adapter: NetworkAdapter, rejected: NetworkCredentials) => {
      const app = await store.app(adapter.network);
      return store.refresh(account, rejected, (current) => adapter.refreshCredentials(account, current, app));
    },
  };
}
