/** How a channel is named in a report: its network and handle, e.g. "mastodon @pillars". */
import type { NetworkAccount } from '../../../networks/contract.js';

export function channelNamer(accounts: readonly NetworkAccount[]): (accountId: string) => string {
  const names = new Map(accounts.map((a) => [a.accountId, `${a.network} ${a.handle}`]));
  return (accountId) => names.get(accountId) ?? accountId;
}
