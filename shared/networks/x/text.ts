/**
 * X's weighted text length, after twitter-text's v3 configuration
 * (https://github.com/twitter/twitter-text/blob/master/config/v3.json and
 * https://docs.x.com/fundamentals/counting-characters):
 *
 * - the text is NFC-normalised first;
 * - a code point in 0–4351, 8192–8205, 8208–8223 or 8242–8247 weighs 100, any other 200 (scale 100);
 * - an emoji sequence (skin tones, ZWJ families, flags, keycaps) weighs 200 as a whole;
 * - every URL weighs 23 characters (t.co), whatever its length;
 * - the limit is 28000 weight, i.e. 280 "characters".
 *
 * URL detection follows twitter-text's rules where they matter for length: http(s) URLs with a
 * valid host (labels of at most 63 characters once punycoded, no leading or trailing hyphen, no
 * underscore in the registrable domain), and bare domains on common generic TLDs, or on a country
 * TLD when followed by a path (`t.co` excepted). twitter-text checks bare domains against the full
 * IANA TLD list; this module knows the common ones only, so a rare TLD written without `https://`
 * counts by its characters (never more than 23 too few per such domain).
 */

export const X_MAX_WEIGHTED_LENGTH = 280;
export const X_URL_LENGTH = 23;

const SCALE = 100;
const DEFAULT_WEIGHT = 200;
const WEIGHTED_RANGES: ReadonlyArray<readonly [number, number]> = [[0, 4351], [8192, 8205], [8208, 8223], [8242, 8247]];
const INVALID_CHARACTERS = /[\uFFFE\uFEFF\uFFFF]/u;

/** A grapheme counted as one emoji: pictographic with emoji presentation, a modifier, VS16, a ZWJ sequence, a flag or a keycap. */
const EMOJI_GRAPHEME = /\p{Emoji_Presentation}|\p{Emoji_Modifier}|\uFE0F|\u200D\p{Extended_Pictographic}|\p{Regional_Indicator}|[0-9#*]\uFE0F?\u20E3/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

const PROTOCOL = /(?<![\p{L}\p{N}@$#＃])https?:\/\//giu;
/** Characters that may continue a URL after its host (twitter-text: Latin, accented Latin, Cyrillic, digits and URL punctuation). */
const URL_TAIL_CHAR = /[\p{Script=Latin}\p{Script=Cyrillic}\p{N}!*';:=+,.$/%#[\]\-\u2013_~|&@()?]/u;
const AUTHORITY_CHAR = /[^\s/?#<>"'`\u2000-\u206F\uFEFF\uFFFE\uFFFF]/u;
const TRAILING_PUNCTUATION = /[.,:;!?'"*]$/u;
const BARE_DOMAIN = /(?<![\p{L}\p{N}@$#＃._\-/:])((?:[\p{L}\p{N}_-]+\.)+[\p{L}]{2,})(?![\p{L}\p{N}_-])/gu;
const GENERIC_TLDS = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'name', 'pro', 'aero', 'coop', 'museum', 'mobi', 'asia', 'tel',
  'travel', 'jobs', 'cat', 'xyz', 'app', 'dev', 'online', 'site', 'store', 'tech', 'blog', 'shop', 'news', 'live', 'cloud', 'page',
  'art', 'design', 'media', 'studio', 'social', 'world', 'today', 'life', 'email', 'agency', 'company', 'digital', 'network',
]);

export interface XUrlSpan {
  /** UTF-16 offsets into the NFC-normalised text. */
  readonly start: number;
  readonly end: number;
  readonly url: string;
}

export interface XTextResult {
  /** Length as X counts it: 280 is the limit. */
  readonly weightedLength: number;
  /** Within the limit, not empty and free of the characters X refuses (U+FFFE, U+FEFF, U+FFFF). */
  readonly valid: boolean;
  /** Share of the limit used, in thousandths (twitter-text's `permillage`). */
  readonly permillage: number;
}

/** X's weighted length of `text` (NFC, weights, emoji sequences, 23 per URL). */
export function measureXText(text: string): number {
  return parseXText(text).weightedLength;
}

export function parseXText(text: string): XTextResult {
  const normalized = text.normalize('NFC');
  let weight = 0;
  let cursor = 0;
  for (const url of extractXUrls(normalized)) {
    weight += weighPlainText(normalized.slice(cursor, url.start)) + X_URL_LENGTH * SCALE;
    cursor = url.end;
  }
  weight += weighPlainText(normalized.slice(cursor));
  const weightedLength = Math.floor(weight / SCALE);
  return {
    weightedLength,
    valid: normalized.length > 0 && weightedLength <= X_MAX_WEIGHTED_LENGTH && !INVALID_CHARACTERS.test(normalized),
    permillage: Math.floor((weightedLength * 1000) / X_MAX_WEIGHTED_LENGTH),
  };
}

/** The URLs X wraps with t.co, in order, as spans of the (already NFC-normalised) text. */
export function extractXUrls(text: string): XUrlSpan[] {
  const spans: XUrlSpan[] = [];
  for (const match of text.matchAll(PROTOCOL)) {
    const start = match.index;
    if (spans.some((s) => start < s.end)) continue;
    const end = protocolUrlEnd(text, start + match[0].length);
    if (end !== undefined) spans.push({ start, end, url: text.slice(start, end) });
  }
  for (const match of text.matchAll(BARE_DOMAIN)) {
    const start = match.index;
    const domain = match[1] ?? '';
    if (spans.some((s) => start < s.end && s.start < start + domain.length)) continue;
    const end = bareUrlEnd(text, start, domain);
    if (end !== undefined) spans.push({ start, end, url: text.slice(start, end) });
  }
  return spans.sort((a, b) => a.start - b.start);
}

function weighPlainText(text: string): number {
  let weight = 0;
  for (const { segment } of graphemes(text)) {
    if (PICTOGRAPHIC.test(segment) && EMOJI_GRAPHEME.test(segment)) {
      weight += DEFAULT_WEIGHT;
      continue;
    }
    for (const char of segment) weight += codePointWeight(char.codePointAt(0) ?? 0);
  }
  return weight;
}

function codePointWeight(codePoint: number): number {
  return WEIGHTED_RANGES.some(([from, to]) => codePoint >= from && codePoint <= to) ? SCALE : DEFAULT_WEIGHT;
}

let segmenter: Intl.Segmenter | undefined;
function graphemes(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter.segment(text);
}

/** End of an http(s) URL starting at `start`, or undefined when its host is not one X would link. */
function protocolUrlEnd(text: string, afterScheme: number): number | undefined {
  let index = afterScheme;
  while (index < text.length && AUTHORITY_CHAR.test(text[index] ?? '')) index += 1;
  while (index > afterScheme && /[.,:;!?'"*)]/.test(text[index - 1] ?? '')) index -= 1;
  if (!isValidAuthority(text.slice(afterScheme, index))) return undefined;
  return urlTailEnd(text, index);
}

function bareUrlEnd(text: string, start: number, domain: string): number | undefined {
  const labels = domain.split('.');
  const tld = (labels.at(-1) ?? '').toLowerCase();
  if (!isValidHost(domain)) return undefined;
  const hostEnd = start + domain.length;
  const end = urlTailEnd(text, hostEnd);
  const hasPath = end > hostEnd && text[hostEnd] === '/';
  if (GENERIC_TLDS.has(tld)) return end;
  // A two-letter country TLD: twitter-text links `label.cc` alone only for t.co; with a path or a subdomain, always.
  if (/^[a-z]{2}$/.test(tld) && (hasPath || labels.length > 2 || domain.toLowerCase() === 't.co')) return end;
  return undefined;
}

/** Extends a URL over its port/path/query/fragment characters, then drops trailing punctuation and unbalanced brackets. */
function urlTailEnd(text: string, from: number): number {
  let end = from;
  if (text[end] === ':' && /\d/.test(text[end + 1] ?? '')) {
    end += 1;
    while (/\d/.test(text[end] ?? '')) end += 1;
  }
  if (end < text.length && /[/?#]/.test(text[end] ?? '')) {
    while (end < text.length && URL_TAIL_CHAR.test(text[end] ?? '')) end += 1;
  }
  for (;;) {
    const tail = text.slice(from, end);
    if (TRAILING_PUNCTUATION.test(tail)) end -= 1;
    else if (tail.endsWith(')') && count(tail, '(') < count(tail, ')')) end -= 1;
    else if (tail.endsWith(']') && count(tail, '[') < count(tail, ']')) end -= 1;
    else return end;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function isValidAuthority(authority: string): boolean {
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : '';
  if (at >= 0 && !/^[A-Za-z0-9\-._~!$&'()*+,;=:%]+$/.test(userinfo)) return false;
  const hostPort = authority.slice(at + 1);
  if (/^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(hostPort)) return true;
  const host = hostPort.replace(/:\d+$/, '');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host)) return host.split('.').every((octet) => Number(octet) <= 255);
  return isValidHost(host);
}

/** A domain X would link: 2+ labels, letters-only TLD, each label ≤ 63 once punycoded, no edge hyphens, no underscore in the last two. */
function isValidHost(host: string): boolean {
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((label) => label === '' || label.startsWith('-') || label.endsWith('-'))) return false;
  if (!labels.every((label) => /^[\p{L}\p{M}\p{N}_-]+$/u.test(label))) return false;
  if (labels.slice(-2).some((label) => label.includes('_'))) return false;
  if (!/^\p{L}{2,}$/u.test(labels.at(-1) ?? '')) return false;
  let ascii: string;
  try {
    ascii = new URL(`http://${host.replace(/_/g, 'u')}`).hostname;
  } catch {
    return false;
  }
  return ascii.length <= 253 && ascii.split('.').every((label) => label.length >= 1 && label.length <= 63);
}
