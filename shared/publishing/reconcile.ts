/**
 * Finding a post whose publish outcome was unknown among the account's recent posts, for
 * networks without an idempotency key. Networks rewrite what they receive (HTML, shortened
 * links, trimmed whitespace), so texts are compared after normalising those differences away.
 */
import type { RecentPost } from '../networks/contract.js';

/** How far before the first attempt a post may be dated and still be ours (clock skew). */
const SKEW_MS = 2 * 60_000;

export function findOurPost(sentText: string, firstAttemptAt: Date, recent: readonly RecentPost[]): RecentPost | undefined {
  const wanted = normalise(sentText);
  if (!wanted) return undefined;
  return recent.find((post) =>
    Date.parse(post.createdAt) >= firstAttemptAt.getTime() - SKEW_MS && sameText(normalise(post.text), wanted));
}

function sameText(theirs: string, ours: string): boolean {
  // Some networks truncate in listings; a long shared prefix is as good as equality then.
  return theirs === ours || (Math.min(theirs.length, ours.length) >= 40 && (theirs.startsWith(ours) || ours.startsWith(theirs)));
}

export function normalise(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/p>\s*<p>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'")
    .replace(/https?:\/\/\S+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
