/**
 * Transport-level failure helpers shared by the network adapters.
 *
 * Every adapter must tell apart "the request never left" (always safe to retry) from "the request
 * may have been received" (a publish may have happened). The facts used for that decision are the
 * same whatever the client library: Node/undici error codes along the cause chain, abort/timeout
 * error names, and the `Retry-After` header. They live here once; what each network makes of them
 * (which kind a failure becomes) stays in its adapter, because those decisions differ.
 */

/**
 * Failures raised before any byte of the request left (DNS, refused or unroutable connects, connect
 * timeouts, TLS certificate rejections): retrying cannot duplicate a post.
 */
export const NOT_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** True when any of `codes` proves the request was never sent (see NOT_SENT_CODES). */
export function wasNotSent(codes: readonly string[]): boolean {
  return codes.some((code) => NOT_SENT_CODES.has(code));
}

/**
 * Error codes along the cause chain, including each error of an AggregateError: fetch and the
 * client libraries wrap the socket error (and happy-eyeballs connects raise one per address), so
 * the telling code is rarely on the top-level error. Depth is capped against cyclic causes.
 */
export function errorCodes(error: unknown, depth = 0): string[] {
  if (!(error instanceof Error) || depth > 5) return [];
  const code: unknown = (error as Error & { code?: unknown }).code;
  const own = typeof code === 'string' ? [code] : [];
  const nested = error instanceof AggregateError ? error.errors.flatMap((e: unknown) => errorCodes(e, depth + 1)) : [];
  return [...new Set([...own, ...nested, ...errorCodes(error.cause, depth + 1)])];
}

/**
 * True when `error` itself is an `AbortSignal.timeout` or abort failure: the request may already
 * have been received, so the outcome is uncertain. Looks at this error only, not its causes.
 */
export function isTimeoutOrAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/**
 * `Retry-After` (or any header in the same format) as milliseconds to wait: delta-seconds or an
 * HTTP date, measured against `now` so tests can pin the clock. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: () => number = Date.now): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now());
}
