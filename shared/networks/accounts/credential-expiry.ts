/**
 * The daily look at every account's token. One that expires within the warning window is
 * refreshed ahead of time where the network allows it; if that is not possible, the team is
 * told once per expiry (CredentialExpiryNoticed), not every day and not once per failed post.
 * The refresh token counts too: one that stops working soon (`refreshExpiresAt`) is reported
 * before it does, unless a refresh (rotating networks) replaces it. A refresh that fails is
 * reported with its reason, and the expiry is then noticed as for a token that cannot be refreshed.
 */
import type { AccountsRepository } from './accounts-repository.js';
import type { AdapterRegistry } from '../registry.js';
import type { CredentialsLookup } from './credentials.js';
import type { NetworkAccount, NetworkAdapter, NetworkCredentials } from '../contract.js';
import { event, type OutgoingEvent } from '../../platform/events/publisher.js';
import { CredentialExpiryNoticed } from '../../contracts/events/catalogue.js';

export interface ExpiryDeps {
  readonly accounts: AccountsRepository;
  readonly adapters: AdapterRegistry;
  readonly credentials: CredentialsLookup;
  readonly refreshCredentials?: (account: NetworkAccount, adapter: NetworkAdapter, current: NetworkCredentials) => Promise<NetworkCredentials>;
  readonly publish: (events: OutgoingEvent[]) => Promise<void>;
  readonly now: () => Date;
  /** @default 7 */
  readonly warnDays?: number;
}

export interface ExpiryReport {
  readonly checked: number;
  readonly refreshed: string[];
  readonly reported: string[];
  /** Accounts whose refresh ahead of time failed, and why (the handler logs the report). */
  readonly refreshFailed: { readonly accountId: string; readonly reason: string }[];
}

const DAY = 86_400_000;

export async function checkExpiringCredentials(deps: ExpiryDeps): Promise<ExpiryReport> {
  const now = deps.now().getTime();
  const window = (deps.warnDays ?? 7) * DAY;
  const report: ExpiryReport = { checked: 0, refreshed: [], reported: [], refreshFailed: [] };
  for (const account of await deps.accounts.listAll()) {
    (report as { checked: number }).checked++;
    const credentials = await deps.credentials(account);
    const adapter = deps.adapters(account.network);
    if (!credentials || !adapter) continue;
    const expiring = soonest(credentials, now, window);
    if (!expiring) continue;
    if (adapter.credentialPolicy !== 'static' && deps.refreshCredentials && canRefreshAhead(credentials, adapter, now, window)) {
      try {
        const fresh = await deps.refreshCredentials(account, adapter, credentials);
        if (!soonest(fresh, now, window)) {
          report.refreshed.push(account.accountId);
          continue;
        }
      } catch (error) {
        // Not rethrown, so the other accounts are still checked; the expiry notice below tells the
        // team, and the reason goes into the report for whoever has to reconnect the account.
        report.refreshFailed.push({ accountId: account.accountId, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
    }
    if (await deps.accounts.markExpiryReported(account.brandId, account.accountId, expiring)) {
      const expiresAt = Date.parse(expiring);
      await deps.publish([event(CredentialExpiryNoticed, {
        schemaVersion: 1, brandId: account.brandId, accountId: account.accountId, network: account.network,
        expiresAt: new Date(expiresAt).toISOString(), daysLeft: Math.max(0, Math.floor((expiresAt - now) / DAY)),
      })]);
      report.reported.push(account.accountId);
    }
  }
  return report;
}

/** The earlier of the access token's and the refresh token's expiry, if it falls within the window. */
function soonest(credentials: NetworkCredentials, now: number, window: number): string | undefined {
  return [credentials.expiresAt, credentials.refreshExpiresAt]
    .filter((at): at is string => at !== undefined && Date.parse(at) - now <= window)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

/**
 * A refresh helps when the access token is what expires (and it still works), or when the refresh
 * token expires but the network rotates it, so a refresh brings a new one. An extendable network's
 * refresh token (LinkedIn's year) does not renew: only reconnecting the account does.
 */
function canRefreshAhead(credentials: NetworkCredentials, adapter: NetworkAdapter, now: number, window: number): boolean {
  const at = (iso: string | undefined) => (iso === undefined ? undefined : Date.parse(iso));
  const access = at(credentials.expiresAt);
  const refresh = at(credentials.refreshExpiresAt);
  if (refresh !== undefined && refresh <= now) return false;
  const accessSoon = access !== undefined && access > now && access - now <= window;
  const refreshSoon = refresh !== undefined && refresh - now <= window;
  return accessSoon || (refreshSoon && adapter.credentialPolicy === 'rotating');
}
