/**
 * Bluesky rich text: the facets (links, mentions, hashtags) a post record carries, because the
 * server never detects them (https://docs.bsky.app/docs/advanced-guides/post-richtext).
 *
 * Facet indexes are UTF-8 BYTE offsets into the post text (`byteStart` inclusive, `byteEnd`
 * exclusive), while JavaScript strings index UTF-16 code units: every offset goes through
 * `utf8Offset`. Detection follows @atproto/api's `detectFacets` rules: links start with http(s)://
 * (or are bare domains on common TLDs) and lose trailing punctuation; mentions are `@handle` with a
 * domain-shaped handle, resolved to a DID afterwards (unresolvable ones stay plain text); tags are
 * `#tag` after a space or at the start, up to 64 characters, not all digits, without trailing
 * punctuation, stored without the `#`.
 */

export const BLUESKY_MAX_GRAPHEMES = 300;
export const BLUESKY_MAX_TEXT_BYTES = 3000;
const MAX_TAG_LENGTH = 64;

export type FacetFeature =
  | { readonly $type: 'app.bsky.richtext.facet#link'; readonly uri: string }
  | { readonly $type: 'app.bsky.richtext.facet#mention'; readonly did: string }
  | { readonly $type: 'app.bsky.richtext.facet#tag'; readonly tag: string };

/** One `app.bsky.richtext.facet`, as it goes into the record. */
export interface Facet {
  readonly $type: 'app.bsky.richtext.facet';
  readonly index: { readonly byteStart: number; readonly byteEnd: number };
  readonly features: readonly FacetFeature[];
}

export type FacetKind = 'link' | 'mention' | 'tag';

/** A detected span before mentions are resolved: `value` is the URI, the handle (no `@`) or the tag (no `#`). */
export interface FacetCandidate {
  readonly kind: FacetKind;
  /** UTF-16 offsets, for slicing the JavaScript string. */
  readonly start: number;
  readonly end: number;
  /** UTF-8 byte offsets, for the record. */
  readonly byteStart: number;
  readonly byteEnd: number;
  readonly value: string;
}

/** Resolves a handle to its DID; `undefined` when the handle does not exist. */
export type HandleResolver = (handle: string) => Promise<string | undefined>;

const URL_PATTERN = /(^|\s|\()(https?:\/\/\S+|(?<domain>[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)(?:\/\S*)?)/gimu;
const MENTION_PATTERN = /(^|\s|\()@([a-zA-Z0-9.-]+)\b/gu;
const INVISIBLE = '\\u00AD\\u2060\\u200A\\u200B\\u200C\\u200D\\u20e2';
const TAG_PATTERN = new RegExp(
  `(^|\\s)[#＃]((?!\\ufe0f)[^\\s${INVISIBLE}]*[^\\d\\s\\p{P}${INVISIBLE}]+[^\\s${INVISIBLE}]*)?`,
  'gu',
);
const TRAILING_PUNCTUATION = /\p{P}+$/u;
const HANDLE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
/** Bare domains (no scheme) are linked only on these TLDs; @atproto/api checks the full IANA list. */
const BARE_DOMAIN_TLDS = new Set([
  'com', 'org', 'net', 'edu', 'gov', 'io', 'co', 'dev', 'app', 'ai', 'me', 'info', 'biz', 'xyz', 'social', 'blog', 'news', 'tech',
  'online', 'site', 'store', 'shop', 'page', 'uk', 'us', 'eu', 'de', 'fr', 'es', 'it', 'nl', 'be', 'ch', 'at', 'ca', 'au', 'jp',
]);

const encoder = new TextEncoder();

/** Length of `text` as Bluesky counts it for the 300 limit: grapheme clusters. */
export function countGraphemes(text: string): number {
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;
}

export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

/** The UTF-8 byte offset of UTF-16 index `index` in `text`. */
export function utf8Offset(text: string, index: number): number {
  return utf8Length(text.slice(0, index));
}

/** Links, mentions and tags in `text`, in order, without overlaps (links win). */
export function detectFacetCandidates(text: string): FacetCandidate[] {
  const found: Array<{ kind: FacetKind; start: number; end: number; value: string }> = [];
  const add = (kind: FacetKind, start: number, end: number, value: string): void => {
    if (end > start && !found.some((f) => start < f.end && f.start < end)) found.push({ kind, start, end, value });
  };

  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index + (match[1] ?? '').length;
    let raw = match[2] ?? '';
    const domain = match.groups?.domain;
    if (domain !== undefined && !raw.toLowerCase().startsWith('http')) {
      const tld = domain.split('.').at(-1)?.toLowerCase() ?? '';
      if (!BARE_DOMAIN_TLDS.has(tld)) continue;
    }
    raw = trimUrl(raw);
    const uri = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
    add('link', start, start + raw.length, uri);
  }
  for (const match of text.matchAll(MENTION_PATTERN)) {
    const handle = match[2] ?? '';
    if (!HANDLE.test(handle)) continue;
    const start = match.index + (match[1] ?? '').length;
    add('mention', start, start + 1 + handle.length, handle.toLowerCase());
  }
  for (const match of text.matchAll(TAG_PATTERN)) {
    const tag = (match[2] ?? '').trim().replace(TRAILING_PUNCTUATION, '');
    if (tag.length === 0 || tag.length > MAX_TAG_LENGTH) continue;
    const start = match.index + (match[1] ?? '').length;
    add('tag', start, start + 1 + tag.length, tag);
  }

  return found
    .sort((a, b) => a.start - b.start)
    .map((f) => ({ ...f, byteStart: utf8Offset(text, f.start), byteEnd: utf8Offset(text, f.end) }));
}

/**
 * The facets for `text`: links and tags as detected, mentions whose handle resolves (others are
 * left as plain text, as the Bluesky app does). `link`, when given, is the link `composeText`
 * appended at the end of `text`; it always gets a link facet, even where detection would miss it.
 */
export async function buildFacets(text: string, resolveHandle: HandleResolver, link?: string): Promise<Facet[]> {
  const candidates = detectFacetCandidates(text);
  if (link && text.endsWith(link)) {
    const start = text.length - link.length;
    if (!candidates.some((c) => c.start < text.length && start < c.end)) {
      const uri = /^https?:\/\//i.test(link) ? link : `https://${link}`;
      candidates.push({ kind: 'link', start, end: text.length, byteStart: utf8Offset(text, start), byteEnd: utf8Length(text), value: uri });
    }
  }
  const dids = new Map<string, string | undefined>();
  for (const c of candidates) {
    if (c.kind === 'mention' && !dids.has(c.value)) dids.set(c.value, await resolveHandle(c.value));
  }
  const facets: Facet[] = [];
  for (const c of candidates) {
    const feature = toFeature(c, dids);
    if (feature) facets.push({ $type: 'app.bsky.richtext.facet', index: { byteStart: c.byteStart, byteEnd: c.byteEnd }, features: [feature] });
  }
  return facets;
}

function toFeature(candidate: FacetCandidate, dids: ReadonlyMap<string, string | undefined>): FacetFeature | undefined {
  switch (candidate.kind) {
    case 'link':
      return { $type: 'app.bsky.richtext.facet#link', uri: candidate.value };
    case 'tag':
      return { $type: 'app.bsky.richtext.facet#tag', tag: candidate.value };
    case 'mention': {
      const did = dids.get(candidate.value);
      return did ? { $type: 'app.bsky.richtext.facet#mention', did } : undefined;
    }
  }
}

/** Drops trailing punctuation and a closing parenthesis that has no opening one in the URL. */
function trimUrl(url: string): string {
  let trimmed = url;
  for (;;) {
    if (/[.,;:!?'"]$/.test(trimmed)) trimmed = trimmed.slice(0, -1);
    else if (trimmed.endsWith(')') && !trimmed.includes('(')) trimmed = trimmed.slice(0, -1);
    else return trimmed;
  }
}
