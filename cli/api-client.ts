/**
 * A thin fetch wrapper for the management API. It knows the error body shape
 * `{ error: { code, message, issues?, requestId? } }` and turns transport failures into
 * messages that say what to check, but knows nothing about individual routes.
 */
import type { Setting } from './config.js';
import { CliError } from './errors.js';

export interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
  /** The body exactly as received, for --json. */
  readonly raw: string;
}

export interface ApiIssue {
  readonly field: string;
  readonly message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code?: string;
  readonly issues: readonly ApiIssue[];
  readonly requestId?: string;
  readonly raw: string;
  readonly hint?: string;
  constructor(details: { status: number; message: string; code?: string; issues?: readonly ApiIssue[]; requestId?: string; raw: string; hint?: string }) {
    super(details.message);
    this.name = 'ApiError';
    this.status = details.status;
    this.code = details.code;
    this.issues = details.issues ?? [];
    this.requestId = details.requestId;
    this.raw = details.raw;
    this.hint = details.hint;
  }
}

/** Long enough for a cold Lambda, short enough that a hung connection does not look like a hung CLI. */
const TIMEOUT_MS = 30_000;

export class ApiClient {
  constructor(
    private readonly apiUrl: Setting,
    private readonly token: Setting,
    private readonly fetchImpl: typeof fetch,
  ) {}

  async send(request: ApiRequest): Promise<ApiResponse> {
    const { response, raw } = await this.exchange(request, 'application/json');
    const body = parseJson(raw);
    if (response.ok) {
      if (body === undefined && raw !== '') throw new CliError(`the API at ${this.apiUrl.value} answered ${response.status} with a body that is not JSON`, `is ${this.apiUrl.value} really the Pillars API?`);
      return { status: response.status, body, raw };
    }
    throw this.apiError(response, body, raw);
  }

  /** For routes that answer a file (a report's HTML or CSV) instead of JSON: the body as text. */
  async download(request: ApiRequest): Promise<string> {
    const { response, raw } = await this.exchange(request, '*/*');
    if (response.ok) return raw;
    throw this.apiError(response, parseJson(raw), raw);
  }

  private async exchange(request: ApiRequest, accept: string): Promise<{ response: Response; raw: string }> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.urlFor(request), {
        method: request.method,
        headers: {
          authorization: `Bearer ${this.token.value}`,
          accept,
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw this.transportError(error);
    }
    return { response, raw: await response.text() };
  }

  private urlFor(request: ApiRequest): string {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) query.set(key, value);
    const search = query.toString();
    return `${this.apiUrl.value}${request.path}${search ? `?${search}` : ''}`;
  }

  private apiError(response: Response, body: unknown, raw: string): ApiError {
    const envelope = (body as { error?: { code?: unknown; message?: unknown; issues?: unknown; requestId?: unknown } } | undefined)?.error;
    // API Gateway's own rejections (e.g. its JWT authorizer) use { message } instead of our envelope.
    const message = stringOr(envelope?.message) ?? stringOr((body as { message?: unknown } | undefined)?.message) ?? `HTTP ${response.status} ${response.statusText}`.trim();
    return new ApiError({
      status: response.status,
      message,
      code: stringOr(envelope?.code),
      issues: Array.isArray(envelope?.issues) ? envelope.issues.filter(isIssue) : [],
      requestId: stringOr(envelope?.requestId),
      raw,
      hint: this.hintFor(response.status),
    });
  }

  private hintFor(status: number): string | undefined {
    if (status === 401 || status === 403) {
      return `the API at ${this.apiUrl.value} rejected the token from ${this.token.source}; pass a valid one with --token or PILLARS_TOKEN, or for the local runtime run \`npm start\` to (re)write .pillars/local.json`;
    }
    if (status >= 500) return 'this is a server-side failure; quote the request id when reporting it';
    return undefined;
  }

  private transportError(error: unknown): CliError {
    const where = `cannot reach the Pillars API at ${this.apiUrl.value}`;
    if (error instanceof Error && error.name === 'TimeoutError') return new CliError(`${where}: no answer within ${TIMEOUT_MS / 1000}s`);
    const code = causeCode(error);
    if (code === 'ECONNREFUSED') return new CliError(`${where}: is \`npm start\` running?`);
    return new CliError(`${where}: ${code ?? (error as Error).message}`, 'check --api / PILLARS_API_URL');
  }
}

function parseJson(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isIssue(value: unknown): value is ApiIssue {
  return typeof value === 'object' && value !== null && typeof (value as ApiIssue).field === 'string' && typeof (value as ApiIssue).message === 'string';
}

/** fetch wraps socket errors in `cause`; with both IPv4 and IPv6 tried, the codes sit in an AggregateError. */
function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown; errors?: { code?: unknown }[] } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  const nested = cause?.errors?.find((e) => typeof e.code === 'string')?.code;
  return typeof nested === 'string' ? nested : undefined;
}
