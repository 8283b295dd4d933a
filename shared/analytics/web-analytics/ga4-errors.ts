/**
 * What a failed Google call means for the caller. Google's JSON error is
 * `{ error: { code, message, status } }` for APIs and `{ error, error_description }` for the token endpoint.
 *  - credentials: 401/403 or a refused assertion; someone must fix the service account or its access to the property
 *  - retry_later: 429 or 5xx; retried with backoff, then the import is tried again on the next run
 *  - quota: the property's daily token quota is spent; nothing helps before tomorrow
 *  - bad_request: the request itself is wrong (a bug or a bad property id)
 *  - bad_response: an answer that does not follow the documented shape
 */
export type Ga4ErrorKind = 'credentials' | 'retry_later' | 'quota' | 'bad_request' | 'bad_response';

export class Ga4Error extends Error {
  readonly kind: Ga4ErrorKind;
  readonly status?: number;
  /** Seconds Google asked to wait (Retry-After), if it said. */
  readonly retryAfterSeconds?: number;
  constructor(kind: Ga4ErrorKind, message: string, details: { status?: number; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = 'Ga4Error';
    this.kind = kind;
    this.status = details.status;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

export function classifyGoogleError(status: number, body: unknown, retryAfter: string | null): Ga4Error {
  const error = (body as { error?: unknown; error_description?: unknown } | undefined)?.error;
  const message = typeof error === 'object' && error !== null
    ? String((error as { message?: unknown }).message ?? '')
    : [error, (body as { error_description?: unknown } | undefined)?.error_description].filter(Boolean).join(': ');
  const text = `Google answered ${status}${message ? `: ${message}` : ''}`;
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  if (status === 401 || status === 403 || error === 'invalid_grant' || error === 'invalid_client' || error === 'unauthorized_client') {
    return new Ga4Error('credentials', `${text}; check the service account key and that its email has Viewer access to the GA4 property`, { status });
  }
  if (status === 429 && /per day/i.test(message)) return new Ga4Error('quota', `${text}; the property's daily quota is spent, the import resumes tomorrow`, { status });
  if (status === 429 || status >= 500) return new Ga4Error('retry_later', text, { status, retryAfterSeconds: seconds });
  return new Ga4Error('bad_request', text, { status });
}
