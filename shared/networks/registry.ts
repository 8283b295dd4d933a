/** Which adapter serves which network. New networks register here and nowhere else. */
import { NETWORK_NAMES, type NetworkAdapter, type NetworkName } from './contract.js';
import { createMastodonAdapter } from './mastodon/adapter.js';
import { createBlueskyAdapter } from './bluesky/adapter.js';
import { createXAdapter } from './x/adapter.js';
import { createFacebookAdapter } from './facebook/adapter.js';
import { createInstagramAdapter } from './instagram/adapter.js';
import { createThreadsAdapter } from './threads/adapter.js';
import { createLinkedInAdapter } from './linkedin/adapter.js';

export type AdapterRegistry = (network: string) => NetworkAdapter | undefined;

export const NETWORKS: readonly NetworkName[] = NETWORK_NAMES;

/** What each network calls the id that `externalId` holds, for networks whose API needs it. */
export const EXTERNAL_ID: Partial<Record<NetworkName, string>> = {
  x: 'the X user id',
  bluesky: 'the DID (did:plc:…)',
  facebook: 'the Page id',
  instagram: 'the Instagram professional account (IG user) id',
  threads: 'the Threads user id',
  linkedin: 'the author URN (urn:li:organization:… or urn:li:person:…)',
};

/** The API base URL of each network, the default when an account does not name one. */
export const DEFAULT_BASE_URL: Partial<Record<NetworkName, string>> = {
  x: 'https://api.x.com',
  bluesky: 'https://bsky.social',
  facebook: 'https://graph.facebook.com',
  instagram: 'https://graph.facebook.com',
  threads: 'https://graph.threads.net',
  linkedin: 'https://api.linkedin.com',
};

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
