/**
 * Validation of `app.bsky.feed.post` records as the stand-in's PDS accepts them, after the lexicons
 * app/bsky/feed/post.json, app/bsky/richtext/facet.json, app/bsky/embed/images.json and
 * app/bsky/embed/external.json. Messages follow the PDS's lexicon errors
 * ("Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes").
 *
 * Stricter than the PDS on purpose, so adapter bugs surface in tests: facet byte ranges must lie
 * inside the text on UTF-8 character boundaries, tag and mention facets must cover `#tag` (or a
 * cashtag's `$TICKER`) and `@handle`, reply refs and image blobs must exist in this stand-in.
 */
import type { BlueskyState } from './state.js';

const MAX_GRAPHEMES = 300;
const MAX_TEXT_BYTES = 3000;
const MAX_IMAGE_BYTES = 1_000_000;

export class InvalidRecord extends Error {}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (path: string, message: string): never => {
  throw new InvalidRecord(`Invalid app.bsky.feed.post record: ${path} ${message}`);
};

function graphemes(text: string): number {
  return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;
}

/** Throws InvalidRecord with the PDS's message when `record` is not a post this PDS would store. */
export function assertValidPost(state: BlueskyState, did: string, record: Obj): void {
  if (record.$type !== 'app.bsky.feed.post') fail('Record/$type', 'must be app.bsky.feed.post');
  const text = record.text;
  if (typeof text !== 'string') fail('Record', 'must have the property "text"');
  const body = text as string;
  const bytes = Buffer.from(body, 'utf8');
  if (bytes.length > MAX_TEXT_BYTES) fail('Record/text', `must not be longer than ${MAX_TEXT_BYTES} characters`);
  if (graphemes(body) > MAX_GRAPHEMES) fail('Record/text', `must not be longer than ${MAX_GRAPHEMES} graphemes`);
  if (typeof record.createdAt !== 'string' || Number.isNaN(Date.parse(record.createdAt))) fail('Record/createdAt', 'must be an valid atproto datetime');
  if (record.langs !== undefined && (!Array.isArray(record.langs) || record.langs.length > 3)) fail('Record/langs', 'must not have more than 3 elements');
  if (record.facets !== undefined) assertFacets(record.facets, bytes);
  if (record.reply !== undefined) assertReply(state, record.reply);
  if (record.embed !== undefined) assertEmbed(state, did, record.embed);
}

function assertFacets(facets: unknown, bytes: Buffer): void {
  if (!Array.isArray(facets)) fail('Record/facets', 'must be an array');
  (facets as unknown[]).forEach((facet, i) => {
    const path = `Record/facets/${i}`;
    if (!isObj(facet) || !isObj(facet.index) || !Array.isArray(facet.features)) fail(path, 'must have index and features');
    const { byteStart, byteEnd } = (facet as { index: Obj }).index;
    if (!Number.isInteger(byteStart) || (byteStart as number) < 0) fail(`${path}/index/byteStart`, 'must be an integer >= 0');
    if (!Number.isInteger(byteEnd) || (byteEnd as number) < 0) fail(`${path}/index/byteEnd`, 'must be an integer >= 0');
    const [start, end] = [byteStart as number, byteEnd as number];
    if (start >= end) fail(`${path}/index`, 'byteStart must be before byteEnd');
    if (end > bytes.length) fail(`${path}/index/byteEnd`, `must not exceed the text's ${bytes.length} UTF-8 bytes`);
    const continuation = (at: number) => at < bytes.length && ((bytes[at] ?? 0) & 0xc0) === 0x80;
    if (continuation(start) || continuation(end)) fail(`${path}/index`, 'must fall on UTF-8 character boundaries');
    const covered = bytes.subarray(start, end).toString('utf8');
    for (const [j, feature] of ((facet as { features: unknown[] }).features).entries()) {
      assertFeature(`${path}/features/${j}`, feature, covered);
    }
  });
}

function assertFeature(path: string, feature: unknown, covered: string): void {
  if (!isObj(feature)) fail(path, 'must be an object');
  const f = feature as Obj;
  switch (f.$type) {
    case 'app.bsky.richtext.facet#link':
      if (typeof f.uri !== 'string' || !URL.canParse(f.uri)) fail(`${path}/uri`, 'must be a valid uri');
      return;
    case 'app.bsky.richtext.facet#mention':
      if (typeof f.did !== 'string' || !/^did:[a-z]+:[a-zA-Z0-9._:%-]+$/.test(f.did)) fail(`${path}/did`, 'must be a valid did');
      if (!covered.startsWith('@')) fail(path, `must cover an @handle, not ${JSON.stringify(covered)}`);
      return;
    case 'app.bsky.richtext.facet#tag':
      if (typeof f.tag !== 'string' || graphemes(f.tag) > 64 || Buffer.byteLength(f.tag) > 640) fail(`${path}/tag`, 'must be at most 64 graphemes');
      // A cashtag is a tag kept with its $ and upper-cased, whatever case the text has.
      if (String(f.tag).startsWith('$') ? covered.toUpperCase() !== f.tag : covered !== `#${String(f.tag)}` && covered !== `＃${String(f.tag)}`) {
        fail(path, `must cover ${String(f.tag).startsWith('$') ? '' : '#'}${String(f.tag)}, not ${JSON.stringify(covered)}`);
      }
      return;
    default:
      // An open union: unknown features are kept, as the PDS does.
  }
}

function assertReply(state: BlueskyState, reply: unknown): void {
  if (!isObj(reply)) fail('Record/reply', 'must be an object');
  for (const key of ['root', 'parent'] as const) {
    const ref = (reply as Obj)[key];
    if (!isObj(ref) || typeof ref.uri !== 'string' || typeof ref.cid !== 'string') fail(`Record/reply/${key}`, 'must be a strongRef {uri, cid}');
    const target = state.records.get((ref as { uri: string }).uri);
    if (!target || target.cid !== (ref as { cid: string }).cid) fail(`Record/reply/${key}`, 'must reference an existing record at that cid');
  }
}

function assertEmbed(state: BlueskyState, did: string, embed: unknown): void {
  if (!isObj(embed)) fail('Record/embed', 'must be an object');
  const e = embed as Obj;
  if (e.$type === 'app.bsky.embed.external') {
    const external = e.external;
    if (!isObj(external) || typeof external.uri !== 'string' || !URL.canParse(external.uri)) fail('Record/embed/external/uri', 'must be a valid uri');
    const ext = external as Obj;
    if (typeof ext.title !== 'string' || typeof ext.description !== 'string') fail('Record/embed/external', 'must have title and description');
    return;
  }
  if (e.$type !== 'app.bsky.embed.images') fail('Record/embed', `type ${String(e.$type)} is not supported by the stand-in`);
  if (!Array.isArray(e.images) || e.images.length === 0 || e.images.length > 4) fail('Record/embed/images', 'must have 1 to 4 elements');
  (e.images as unknown[]).forEach((image, i) => {
    const path = `Record/embed/images/${i}`;
    if (!isObj(image) || typeof image.alt !== 'string') fail(`${path}/alt`, 'must be a string');
    const blob = (image as Obj).image;
    const link = isObj(blob) && isObj(blob.ref) ? blob.ref.$link : undefined;
    if (!isObj(blob) || blob.$type !== 'blob' || typeof link !== 'string') fail(`${path}/image`, 'must be a blob');
    const stored = state.blobs.get(link as string);
    if (!stored || stored.did !== did) fail(`${path}/image`, 'must be a blob uploaded by this account');
    if (!stored?.mimeType.startsWith('image/')) fail(`${path}/image`, 'mimeType must be image/*');
    if ((stored?.size ?? 0) > MAX_IMAGE_BYTES) fail(`${path}/image`, `file too large: ${stored?.size} bytes, max ${MAX_IMAGE_BYTES}`);
  });
}
