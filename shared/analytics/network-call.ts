/**
 * One metrics call to a network with the account's credentials; on an expired token it
 * refreshes once (under the credential store's lock) and retries, as the publisher does.
 */
import { NetworkError, type NetworkAccount, type NetworkAdapter, type NetworkCredentials } from '../networks/contract.js';

export interface CredentialDeps {
  readonly credentials: (account: NetworkAccount) => Promise<NetworkCredentials | undefined>;
  readonly refreshCredentials?: (account: NetworkAccount, adapter: NetworkAdapter, rejected: NetworkCredentials) => Promise<NetworkCredentials>;
}

export async function callWithFreshCredentials<T>(
  deps: CredentialDeps,
  account: NetworkAccount,
  adapter: NetworkAdapter,
  call: (credentials: NetworkCredentials) => Promise<T>,
): Promise<T> {
  const credentials = await deps.credentials(account);
  if (!credentials) throw new NetworkError(adapter.network, 'disconnected', `no credentials stored for account ${account.accountId}; reconnect it`);
  try {
    return await call(credentials);
  } catch (error) {
    const refreshable = error instanceof NetworkError && error.kind === 'refresh_credentials' && adapter.credentialPolicy !== 'static' && deps.refreshCredentials;
    if (!refreshable) throw error;
    return call(await deps.refreshCredentials!(account, adapter, credentials));
  }
}
