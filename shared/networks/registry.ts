/** Which adapter serves which network. New networks register here and nowhere else. */
import type { NetworkAdapter } from './contract.js';
import { createMastodonAdapter } from './mastodon/adapter.js';
import { createBlueskyAdapter } from './bluesky/adapter.js';
import { createXAdapter } from './x/adapter.js';
import { createFacebookAdapter } from './facebook/adapter.js';
import { createInstagramAdapter } from './instagram/adapter.js';
import { createThreadsAdapter } from './threads/adapter.js';
import { createLinkedInAdapter } from './linkedin/adapter.js';

export type AdapterRegistry = (network: string) => NetworkAdapter | undefined;

export function defaultAdapters(): NetworkAdapter[] {
  return [
    createMastodonAdapter(), createBlueskyAdapter(), createXAdapter(), createFacebookAdapter(),
    createInstagramAdapter(), createThreadsAdapter(), createLinkedInAdapter(),
  ];
}

export function createAdapterRegistry(adapters: readonly NetworkAdapter[] = defaultAdapters()): AdapterRegistry {
  const byName = new Map<string, NetworkAdapter>(adapters.map((a) => [a.network, a]));
  return (network) => byName.get(network);
}
