/**
 * Connects the demo brand's account on every stand-in, as the brand's admin would. The stand-ins
 * listen on ports the OS gives at each start, so an account kept from an earlier run (--data) is
 * re-pointed at this run's stand-in rather than left at an address nothing answers.
 */
import type { StandIns } from '../stand-ins.js';
import type { DemoCall } from './demo-api.js';

export async function connectStandInAccounts(call: DemoCall, standIns: StandIns): Promise<void> {
  const connected = new Set(((await call('GET', '/accounts')).items as { accountId: string }[]).map((a) => a.accountId));
  for (const { accountId, ...location } of standIns.accounts) {
    if (connected.has(accountId)) await call('PUT', `/accounts/${accountId}`, location);
    else await call('POST', '/accounts', { accountId, ...location });
  }
}
