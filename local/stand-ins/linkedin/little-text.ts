/**
 * LinkedIn's "little" text format, as the stand-in reads a post's `commentary`
 * (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format):
 * a backslash makes the next character plain text; `#word` is a hashtag; `@[Name](urn:li:…)` a mention;
 * `{hashtag|\#|word}` the hashtag template. Any other unescaped reserved character is treated the way
 * developers report LinkedIn treating it: the post is cut there, silently. Kept apart from the adapter's
 * escaper so each checks the other.
 */

/** Reserved by the little format: must be backslash-escaped to be shown as typed. */
export const LITTLE_RESERVED = new Set(['\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~']);

export interface LittleText {
  /** The text LinkedIn shows: escapes resolved, elements rendered, cut at the first stray reserved character. */
  readonly shown: string;
  /** The same text, not cut: the length LinkedIn validates against its 3,000-character limit. */
  readonly plain: string;
  /** Where the shown text was cut, if it was. */
  readonly truncatedAt: number | null;
}

const MENTION = /@\[([^\]\\]*)\]\((urn:li:(?:person|organization):[\w-]+)\)/y;
const HASHTAG_TEMPLATE = /\{hashtag\|\\#\|([\p{L}\p{N}_]+)\}/uy;
const HASHTAG = /#[\p{L}\p{N}_]+/uy;

function matchAt(pattern: RegExp, text: string, index: number): RegExpExecArray | null {
  pattern.lastIndex = index;
  return pattern.exec(text);
}

export function parseLittleText(commentary: string): LittleText {
  let plain = '';
  let truncatedAt: number | null = null;
  let i = 0;
  while (i < commentary.length) {
    const ch = commentary[i] as string;
    if (ch === '\\' && i + 1 < commentary.length) {
      plain += commentary[i + 1];
      i += 2;
      continue;
    }
    const mention = matchAt(MENTION, commentary, i);
    const template = matchAt(HASHTAG_TEMPLATE, commentary, i);
    const hashtag = matchAt(HASHTAG, commentary, i);
    const element = mention ? { length: mention[0].length, text: mention[1] ?? '' }
      : template ? { length: template[0].length, text: `#${template[1] ?? ''}` }
        : hashtag ? { length: hashtag[0].length, text: hashtag[0] }
          : undefined;
    if (element) {
      plain += element.text;
      i += element.length;
      continue;
    }
    if (LITTLE_RESERVED.has(ch) && truncatedAt === null) truncatedAt = plain.length;
    plain += ch;
    i += 1;
  }
  return { shown: truncatedAt === null ? plain : plain.slice(0, truncatedAt), plain, truncatedAt };
}
