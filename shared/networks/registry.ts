/** Which adapter serves which network. New networks register here and nowhere else. */
import type { NetworkAdapter, NetworkName } from './contract.js';
import { createMastodonAdapter } from './mastodon.js';

export type AdapterRegistry = (network: string) => NetworkAdapter | undefined;

export const NETWORKS: readonly NetworkName[] = ['mastodon'];

export function createAdapterRegistry(adapters: readonly NetworkAdapter[] = [createMastodonAdapter()]): AdapterRegistry {
  const byName = new Map<string, NetworkAdapter>(adapters.map((a) => [a.network, a]));
  return (network) => byName.get(network);
}
