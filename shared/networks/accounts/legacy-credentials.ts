/**
 * Old-style credential entries, from before credentials were kept per brand, are keyed by account
 * id alone in the shared secret. Such an entry belongs to the brand whose account of that id was
 * connected before the upgrade: it has no `connectedAt`, which every account connected since
 * carries. An account id that another brand connects later is that brand's own account and never
 * reads the old entry. Where several brands had an account of that id before the upgrade, the
 * entry cannot be told apart, so no brand reads it until an operator moves it into the right
 * brand's secret (README, "Tenancy").
 */
import type { AccountsRepository } from './accounts-repository.js';

export function legacyCredentialOwner(accounts: Pick<AccountsRepository, 'listAll'>, cacheMs = 60_000): (accountId: string) => Promise<string | undefined> {
  let cached: { at: number; owners: Map<string, string | null> } | undefined;
  return async (accountId) => {
    if (!cached || Date.now() - cached.at > cacheMs) {
      // null: several brands had the account id before the upgrade.
      const owners = new Map<string, string | null>();
      for (const account of await accounts.listAll()) {
        if (account.connectedAt !== undefined) continue;
        owners.set(account.accountId, owners.has(account.accountId) ? null : account.brandId);
      }
      cached = { at: Date.now(), owners };
    }
    return cached.owners.get(accountId) ?? undefined;
  };
}
