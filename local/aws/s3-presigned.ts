/**
 * S3's check of a presigned URL (query-string SigV4), written from the S3 API reference
 * ("Authenticating Requests: Using Query Parameters") rather than with the SDK's signer, so the
 * URLs the SDK makes are checked by an independent reading of the rules, as S3 checks them.
 * Requests signed in their Authorization header are not checked: only a presigned URL leaves the
 * code that made it (to a browser or a script), so only there do expiry and tampering matter.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface PresignedRequest {
  readonly method: string;
  /** The path as received, still percent-encoded. */
  readonly rawPath: string;
  readonly params: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
}

/** Why S3 refuses the request, in its error vocabulary. */
export interface Refusal {
  readonly code: string;
  readonly message: string;
  readonly status: number;
  readonly extra?: Record<string, string>;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_EXPIRES_SECONDS = 7 * 24 * 3600;
const REQUIRED = ['X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'] as const;

export function isPresigned(params: URLSearchParams): boolean {
  return params.has('X-Amz-Algorithm') || params.has('X-Amz-Signature') || params.has('X-Amz-Credential');
}

/**
 * Undefined when the signature matches the secret of its access key and the URL has not expired
 * at `now` (ms since the epoch); otherwise the refusal S3 answers.
 */
export function checkPresigned(request: PresignedRequest, secretOf: (accessKeyId: string) => string | undefined, now: number): Refusal | undefined {
  const { params } = request;
  if (params.get('X-Amz-Algorithm') !== ALGORITHM) return queryError(`X-Amz-Algorithm only supports "${ALGORITHM}"`);
  const missing = REQUIRED.filter((name) => !params.get(name));
  if (missing.length > 0) {
    return queryError(`Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters; missing: ${missing.join(', ')}`);
  }
  const credential = params.get('X-Amz-Credential')!;
  const [accessKeyId = '', day = '', region = '', service = '', terminator, ...rest] = credential.split('/');
  if (!accessKeyId || !/^\d{8}$/.test(day) || !region || !service || terminator !== 'aws4_request' || rest.length > 0) {
    return queryError(`Error parsing the X-Amz-Credential parameter; it must be <access key id>/<yyyyMMdd>/<region>/<service>/aws4_request, got "${credential}"`);
  }
  const amzDate = params.get('X-Amz-Date')!;
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) return queryError('X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
  if (!amzDate.startsWith(day)) return queryError(`Error parsing the X-Amz-Credential parameter; the date ${day} does not match X-Amz-Date ${amzDate}`);
  const expires = params.get('X-Amz-Expires')!;
  if (!/^\d+$/.test(expires)) return queryError('X-Amz-Expires should be a number');
  if (Number(expires) > MAX_EXPIRES_SECONDS) return queryError(`X-Amz-Expires must be less than a week (in seconds) that is; ${MAX_EXPIRES_SECONDS}`);

  const secret = secretOf(accessKeyId);
  if (secret === undefined) {
    return { code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.', status: 403, extra: { AWSAccessKeyId: accessKeyId } };
  }
  const signedHeaders = params.get('X-Amz-SignedHeaders')!.split(';');
  // S3 refuses x-amz-* headers outside the signature: they would change the request unnoticed.
  const unsigned = Object.keys(request.headers).filter((name) => name.startsWith('x-amz-') && !signedHeaders.includes(name));
  if (unsigned.length > 0) {
    return { code: 'AccessDenied', message: 'There were headers present in the request which were not signed', status: 403, extra: { HeadersNotSigned: unsigned.join(', ') } };
  }

  const canonicalRequest = [
    request.method,
    canonicalUri(request.rawPath),
    [...params].filter(([name]) => name !== 'X-Amz-Signature')
      .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
      .sort(([a, av], [b, bv]) => (a === b ? compare(av, bv) : compare(a, b)))
      .map(([name, value]) => `${name}=${value}`).join('&'),
    signedHeaders.map((name) => `${name}:${headerValue(request.headers[name])}\n`).join(''),
    signedHeaders.join(';'),
    // A presigned URL signs no body.
    'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const key = [day, region, service, 'aws4_request'].reduce<Buffer>((k, part) => hmac(k, part), Buffer.from(`AWS4${secret}`));
  const expected = hmac(key, stringToSign).toString('hex');
  const provided = params.get('X-Amz-Signature')!;
  if (provided.length !== expected.length || !timingSafeEqual(Buffer.from(provided), Buffer.from(expected))) {
    return {
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      status: 403,
      extra: { AWSAccessKeyId: accessKeyId, StringToSign: stringToSign, SignatureProvided: provided, CanonicalRequest: canonicalRequest },
    };
  }
  // Checked after the signature, which covers X-Amz-Date and X-Amz-Expires: neither can be moved.
  if (now > signedAt + Number(expires) * 1000) {
    return { code: 'AccessDenied', message: 'Request has expired', status: 403, extra: { 'X-Amz-Expires': expires, Expires: new Date(signedAt + Number(expires) * 1000).toISOString(), ServerTime: new Date(now).toISOString() } };
  }
  return undefined;
}

const queryError = (message: string): Refusal => ({ code: 'AuthorizationQueryParametersError', message, status: 400 });

function parseAmzDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const time = Date.parse(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`);
  return Number.isNaN(time) ? undefined : time;
}

/** S3 signs the path with each segment encoded once (no second encoding, unlike other services). */
function canonicalUri(rawPath: string): string {
  return rawPath.split('/').map((segment) => uriEncode(decodeURIComponent(segment))).join('/');
}

/** SigV4's UriEncode: every byte but A-Z a-z 0-9 - . _ ~ as %XY with upper-case hex. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function headerValue(value: string | string[] | undefined): string {
  return [value ?? ''].flat().join(',').trim().replace(/\s+/g, ' ');
}

/** Code-point order, which for the ASCII of encoded names and values is byte order. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();
