/**
 * The link a post goes out with, decided when the post is created or edited: UTM-tagged for its
 * network and campaign, then shortened by the brand's shortener. Doing it then, not at the due
 * time, lets validation count the link the network will really receive, keeps a third-party call
 * out of the publish path, and shows the author the final link. A shortener that fails does not
 * stop the post: it goes out with the full tagged link, and `linkNote` says why.
 */
import { tagLink } from '../utm.js';
import type { LinkShortener } from './shortener.js';

export interface OutgoingLink {
  /** The shortened, tagged link; absent when the brand shortens nothing or the shortener failed. */
  readonly shortLink?: string;
  /** Why the post keeps its full link although the brand shortens links. */
  readonly linkNote?: string;
}

export async function outgoingLink(
  link: string | undefined, tags: { network: string; campaign?: string }, shortener: LinkShortener | undefined,
): Promise<OutgoingLink> {
  if (!link || !shortener) return {};
  const tagged = tagLink(link, { source: tags.network, campaign: tags.campaign });
  try {
    return { shortLink: await shortener.shorten(tagged) };
  } catch (error) {
    return { linkNote: `not shortened (${(error as Error).message}); the post goes out with the full link` };
  }
}
