/**
 * Media URLs are checked when a post is created, not at its due time: each must answer and
 * serve the declared kind, since the networks fetch them (Meta) or the adapter uploads them.
 */
import type { FieldIssue } from '../platform/errors.js';
import type { MediaItem } from '../networks/contract.js';

export type FetchLike = (url: string, init: { method: string; signal: AbortSignal; headers?: Record<string, string> }) => Promise<{ ok: boolean; status: number; headers: { get(name: string): string | null } }>;

const EXPECTED: Record<MediaItem['kind'], RegExp> = {
  image: /^image\/(jpeg|png|webp|heic|heif)/i,
  gif: /^image\/gif/i,
  video: /^video\//i,
};

export async function checkMedia(media: readonly MediaItem[], fetchFn: FetchLike = fetch, timeoutMs = 5_000): Promise<FieldIssue[]> {
  const issues = await Promise.all(media.map(async (item, index): Promise<FieldIssue | undefined> => {
    const field = `media.${index}.url`;
    try {
      let res = await fetchFn(item.url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
      // Some hosts refuse HEAD; a one-byte GET tells the same.
      if (res.status === 405 || res.status === 501) {
        res = await fetchFn(item.url, { method: 'GET', headers: { range: 'bytes=0-0' }, signal: AbortSignal.timeout(timeoutMs) });
      }
      if (!res.ok) return { field, message: `could not be fetched (HTTP ${res.status}); the network must be able to download it` };
      const type = res.headers.get('content-type') ?? '';
      if (!EXPECTED[item.kind].test(type)) return { field, message: `is served as "${type || 'no content type'}", not as ${item.kind}; fix the URL or the kind` };
      return undefined;
    } catch (error) {
      return { field, message: `could not be fetched (${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message})` };
    }
  }));
  return issues.filter((i): i is FieldIssue => i !== undefined);
}
