/**
 * The daily look at every account's token. One that expires within the warning window is
 * refreshed ahead of time where the network allows it; if that is not possible, the team is
 * told once per expiry (CredentialExpiryNoticed), not every day and not once per failed post.
 */
import type { AccountsRepository } from '../store/accounts-repository.js';
import type { AdapterRegistry } from './registry.js';
import type { CredentialsLookup } from './credentials.js';
import type { NetworkAccount, NetworkAdapter, NetworkCredentials } from './contract.js';
import { event, type OutgoingEvent } from '../events/publisher.js';
import { CredentialExpiryNoticed } from '../events/catalogue.js';

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
}

const DAY = 86_400_000;

export async function checkExpiringCredentials(deps: ExpiryDeps): Promise<ExpiryReport> {
  const now = deps.now().getTime();
  const window = (deps.warnDays ?? 7) * DAY;
  const report: ExpiryReport = { checked: 0, refreshed: [], reported: [] };
  for (const account of await deps.accounts.listAll()) {
    (report as { checked: number }).checked++;
    const credentials = await deps.credentials(account.accountId);
    const adapter = deps.adapters(account.network);
    if (!credentials?.expiresAt || !adapter) continue;
    const expiresAt = Date.parse(credentials.expiresAt);
    if (expiresAt - now > window) continue;
    if (adapter.credentialPolicy !== 'static' && deps.refreshCredentials && expiresAt > now) {
      try {
        const fresh = await deps.refreshCredentials(account, adapter, credentials);
        if (!fresh.expiresAt || Date.parse(fresh.expiresAt) - now > window) {
          report.refreshed.push(account.accountId);
          continue;
        }
      } catch {
        // Falls through to the report: a refresh that fails is exactly what the team must hear about.
      }
    }
    if (await deps.accounts.markExpiryReported(account.brandId, account.accountId, credentials.expiresAt)) {
      await deps.publish([event(CredentialExpiryNoticed, {
        schemaVersion: 1, brandId: account.brandId, accountId: account.accountId, network: account.network,
        expiresAt: new Date(expiresAt).toISOString(), daysLeft: Math.max(0, Math.floor((expiresAt - now) / DAY)),
      })]);
      report.reported.push(account.accountId);
    }
  }
  return report;
}
