/** The networks Pillars speaks to, and the facts about them that requests are checked against. */

export const NETWORK_NAMES = ['mastodon', 'bluesky', 'x', 'facebook', 'instagram', 'threads', 'linkedin'] as const;
export type NetworkName = (typeof NETWORK_NAMES)[number];

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
