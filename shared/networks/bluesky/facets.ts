/**
 * Bluesky rich text: the facets (links, mentions, hashtags, cashtags) a post record carries,
 * because the server never detects them (https://docs.bsky.app/docs/advanced-guides/post-richtext).
 * Detection is @atproto/api's RichText, the same rules the Bluesky app applies, so a post reads
 * the same whether it was written there or here; facet indexes are its UTF-8 byte offsets.
 *
 * Mentions are resolved here rather than by `RichText.detectFacets(agent)`, which turns every
 * failed lookup, an outage included, into a mention with an empty DID: a handle that does not
 * exist stays plain text, while a failure to look it up propagates (the adapter classifies it).
 */
import { AppBskyRichtextFacet, RichText } from '@atproto/api';

export const BLUESKY_MAX_GRAPHEMES = 300;

/** One `app.bsky.richtext.facet`, as it goes into the record. */
export type Facet = AppBskyRichtextFacet.Main;

/** Resolves a handle to its DID; `undefined` when the handle does not exist. */
export type HandleResolver = (handle: string) => Promise<string | undefined>;

/** Length of `text` as Bluesky counts it for the 300 limit: grapheme clusters. */
export function countGraphemes(text: string): number {
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;
}

/**
 * The facets for `text`, in text order: links and tags as detected, mentions whose handle resolves
 * (each handle looked up once). `link`, when given, is the link `composeText` appended at the end of
 * `text`; it is linked whole, even where detection would trim or miss it.
 */
export async function buildFacets(text: string, resolveHandle: HandleResolver, link?: string): Promise<Facet[]> {
  const rich = new RichText({ text });
  rich.detectFacetsWithoutResolution();
  let facets = rich.facets ?? [];
  if (link && text.endsWith(link)) {
    const byteEnd = rich.unicodeText.length;
    const byteStart = byteEnd - Buffer.byteLength(link, 'utf8');
    facets = facets.filter((f) => f.index.byteEnd <= byteStart);
    const uri = /^https?:\/\//i.test(link) ? link : `https://${link}`;
    facets.push({ $type: 'app.bsky.richtext.facet', index: { byteStart, byteEnd }, features: [{ $type: 'app.bsky.richtext.facet#link', uri }] });
  }

  // RichText leaves the handle in `did` until it is resolved; handles are case-insensitive.
  const handleOf = (facet: Facet) => facet.features.find(AppBskyRichtextFacet.isMention)?.did.toLowerCase();
  const dids = new Map<string, string | undefined>();
  for (const handle of facets.map(handleOf)) {
    if (handle !== undefined && !dids.has(handle)) dids.set(handle, await resolveHandle(handle));
  }
  return facets.flatMap((facet): Facet[] => {
    const handle = handleOf(facet);
    if (handle === undefined) return [{ ...facet, $type: 'app.bsky.richtext.facet' }];
    const did = dids.get(handle);
    return did ? [{ $type: 'app.bsky.richtext.facet', index: facet.index, features: [{ $type: 'app.bsky.richtext.facet#mention', did }] }] : [];
  });
}
