/**
 * The connected accounts and their credentials, as functions of every pillar reach them: the
 * accounts repository, and credentials read (and refreshed under a lock) per each network's policy.
 */
import { documentClient, secretsManager } from '../../platform/clients.js';
import { getStringFromEnv } from '../../platform/config.js';
import { tableName } from '../../platform/dependencies.js';
import { createLocks } from '../../platform/store/locks.js';
import type { NetworkAccount, NetworkAdapter, NetworkCredentials } from '../contract.js';
import { createAccountsRepository } from './accounts-repository.js';
import { createCredentialStore } from './credentials.js';

export function accountsRepository() {
  return createAccountsRepository(documentClient, tableName());
}

export function credentialStoreFromEnv() {
  return createCredentialStore(secretsManager, getStringFromEnv('NETWORK_CREDENTIALS_SECRET_ARN'), createLocks(documentClient, tableName()));
}

export function credentialDeps() {
  const store = credentialStoreFromEnv();
  return {
    credentials: store.get,
    refreshCredentials: async (account: NetworkAccount, adapter: NetworkAdapter, rejected: NetworkCredentials) => {
      const app = await store.app(adapter.network);
      return store.refresh(account.accountId, rejected, (current) => adapter.refreshCredentials(account, current, app));
    },
  };
}
