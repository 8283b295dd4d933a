import { describe, expect, it } from 'vitest';
import { NetworkError, type NetworkErrorKind } from '../../../shared/networks/contract.js';
import { interpretInstagramContainer, validateCaption } from '../../../shared/networks/instagram/adapter.js';
import { extendCredentials } from '../../../shared/networks/meta/adapter-helpers.js';
import { encodeParams, type GraphOperation } from '../../../shared/networks/meta/graph-client.js';
import {
  GraphApiError,
  classifyGraphApiError,
  classifyGraphFailure,
  parseGraphError,
} from '../../../shared/networks/meta/graph-errors.js';
import { graphTime, quotaResetAt } from '../../../shared/networks/meta/graph-listing.js';
import { parseGraphUsage, retryAfterFromHeaders, usageToRateLimit } from '../../../shared/networks/meta/graph-usage.js';
import { interpretThreadsContainer, measureThreadsText } from '../../../shared/networks/threads/adapter.js';

const NOW = Date.parse('2025-03-01T12:00:00.000Z');
const now = () => NOW;

function graphError(code: number | undefined, subcode?: number, extra: Partial<ConstructorParameters<typeof GraphApiError>[0]> = {}): GraphApiError {
  return new GraphApiError({ httpStatus: 400, message: 'Graph said no', code, subcode, ...extra });
}

describe('Graph error classification', () => {
  // [what, code, subcode, extra, kind for read, kind for prepare, kind for commit]
  const table: Array<[string, number | undefined, number | undefined, Partial<ConstructorParameters<typeof GraphApiError>[0]>, NetworkErrorKind, NetworkErrorKind, NetworkErrorKind]> = [
    ['190 expired token (463)', 190, 463, {}, 'refresh_credentials', 'refresh_credentials', 'refresh_credentials'],
    ['190 invalid token (467)', 190, 467, {}, 'refresh_credentials', 'refresh_credentials', 'refresh_credentials'],
    ['190 without subcode', 190, undefined, {}, 'refresh_credentials', 'refresh_credentials', 'refresh_credentials'],
    ['102 session', 102, undefined, {}, 'refresh_credentials', 'refresh_credentials', 'refresh_credentials'],
    ['190 password changed (460)', 190, 460, {}, 'disconnected', 'disconnected', 'disconnected'],
    ['190 user checkpointed (459)', 190, 459, {}, 'disconnected', 'disconnected', 'disconnected'],
    ['190 no longer a Page admin (492)', 190, 492, {}, 'disconnected', 'disconnected', 'disconnected'],
    ['4 app rate limit', 4, undefined, {}, 'retry_later', 'retry_later', 'retry_later'],
    ['17 user rate limit', 17, undefined, {}, 'retry_later', 'retry_later', 'retry_later'],
    ['32 Page rate limit', 32, undefined, {}, 'retry_later', 'retry_later', 'retry_later'],
    ['613 custom rate limit', 613, undefined, {}, 'retry_later', 'retry_later', 'retry_later'],
    ['80002 Instagram BUC rate limit', 80002, undefined, {}, 'retry_later', 'retry_later', 'retry_later'],
    ['9/2207042 Instagram publishing quota', 9, 2207042, {}, 'retry_later', 'retry_later', 'retry_later'],
    ['4/2207051 Instagram spam restriction', 4, 2207051, {}, 'disconnected', 'disconnected', 'unknown_outcome'],
    ['368 blocked for policy', 368, undefined, {}, 'disconnected', 'disconnected', 'disconnected'],
    ['2207050 Instagram account restricted', 100, 2207050, {}, 'disconnected', 'disconnected', 'disconnected'],
    ['10 permission denied', 10, undefined, {}, 'disconnected', 'disconnected', 'disconnected'],
    ['200 permissions error', 200, undefined, {}, 'disconnected', 'disconnected', 'disconnected'],
    ['100/33 object does not exist', 100, 33, {}, 'disconnected', 'disconnected', 'disconnected'],
    ['100 invalid parameter', 100, undefined, {}, 'bad_content', 'bad_content', 'bad_content'],
    ['506 duplicate post', 506, undefined, {}, 'bad_content', 'bad_content', 'bad_content'],
    ['1609005 link error', 100, 1609005, {}, 'bad_content', 'bad_content', 'bad_content'],
    ['9004/2207052 media download failed', 9004, 2207052, {}, 'bad_content', 'bad_content', 'bad_content'],
    ['36000/2207004 image too large', 36000, 2207004, {}, 'bad_content', 'bad_content', 'bad_content'],
    ['-2/2207020 media expired', -2, 2207020, {}, 'retry_later', 'retry_later', 'retry_later'],
    ['9007/2207027 media not ready', 9007, 2207027, {}, 'retry_later', 'retry_later', 'retry_later'],
    ['24/2207008 media builder not found', 24, 2207008, {}, 'retry_later', 'retry_later', 'retry_later'],
    ['24/4279009 Threads media not found', 24, 4279009, {}, 'retry_later', 'retry_later', 'retry_later'],
    ['-1/2207001 Instagram server error', -1, 2207001, {}, 'retry_later', 'retry_later', 'unknown_outcome'],
    ['-1 without subcode', -1, undefined, {}, 'retry_later', 'retry_later', 'unknown_outcome'],
    ['1 unknown error', 1, undefined, {}, 'retry_later', 'retry_later', 'unknown_outcome'],
    ['2 service unavailable', 2, undefined, { httpStatus: 503 }, 'retry_later', 'retry_later', 'unknown_outcome'],
    ['is_transient', 100, undefined, { isTransient: true }, 'retry_later', 'retry_later', 'unknown_outcome'],
    ['HTTP 500 without Graph body', undefined, undefined, { httpStatus: 500 }, 'retry_later', 'retry_later', 'unknown_outcome'],
    ['unreadable 200 answer', undefined, undefined, { httpStatus: 200, unreadable: true }, 'retry_later', 'retry_later', 'unknown_outcome'],
    ['HTTP 429 without Graph body', undefined, undefined, { httpStatus: 429 }, 'retry_later', 'retry_later', 'retry_later'],
    ['HTTP 401 without Graph body', undefined, undefined, { httpStatus: 401 }, 'refresh_credentials', 'refresh_credentials', 'refresh_credentials'],
    ['HTTP 404 without Graph body', undefined, undefined, { httpStatus: 404 }, 'disconnected', 'disconnected', 'disconnected'],
    ['HTTP 422 without Graph body', undefined, undefined, { httpStatus: 422 }, 'bad_content', 'bad_content', 'bad_content'],
  ];

  it.each(table.map(([what, code, subcode, extra, read, prepare, commit]) => ({ what, code, subcode, extra, read, prepare, commit })))(
    '$what → $read (read) / $prepare (prepare) / $commit (commit)', ({ code, subcode, extra, read, prepare, commit }) => {
      const error = graphError(code, subcode, extra);
      const kinds = (['read', 'prepare', 'commit'] as GraphOperation[]).map((op) => classifyGraphApiError('instagram', error, op, now).kind);

      expect(kinds).toEqual([read, prepare, commit]);
    },
  );

  it('keeps the network, the HTTP status, the Graph error as cause and the code in the message', () => {
    const cause = graphError(190, 463, { message: 'Error validating access token: Session has expired' });

    const error = classifyGraphApiError('facebook', cause, 'commit', now);

    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ network: 'facebook', kind: 'refresh_credentials', httpStatus: 400, cause });
    expect(error.message).toBe('Facebook: Error validating access token: Session has expired (#190/463)');
  });

  it('takes the wait of a throttled call from estimated_time_to_regain_access (minutes)', () => {
    const headers = new Headers({
      'X-Business-Use-Case-Usage': JSON.stringify({ 1789: [{ type: 'instagram', call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: 7 }] }),
    });

    const error = classifyGraphApiError('instagram', graphError(80002, undefined, { headers }), 'commit', now);

    expect(error).toMatchObject({ kind: 'retry_later', retryAfterMs: 7 * 60_000 });
  });

  it.each<[string, Error, GraphOperation, NetworkErrorKind]>([
    ['a timeout on a commit', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'commit', 'unknown_outcome'],
    ['a timeout on a container creation', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'prepare', 'retry_later'],
    ['a timeout on a read', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'read', 'retry_later'],
    ['a refused connection on a commit', new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }), 'commit', 'retry_later'],
    ['an unknown host on a commit', new TypeError('fetch failed', { cause: Object.assign(new Error('dns'), { code: 'ENOTFOUND' }) }), 'commit', 'retry_later'],
    ['a reset connection on a commit', new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }), 'commit', 'unknown_outcome'],
    ['a closed socket on a commit', new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }), 'commit', 'unknown_outcome'],
    ['a closed socket on a read', new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) }), 'read', 'retry_later'],
    ['anything else on a commit', new Error('boom'), 'commit', 'unknown_outcome'],
  ])('classifies %s as %s', (_what, error, operation, kind) => {
    expect(classifyGraphFailure('threads', error, operation, now).kind).toBe(kind);
  });
});

describe('Graph answers', () => {
  it('parses the documented error shape', () => {
    const body = { error: { message: 'Invalid parameter', type: 'OAuthException', code: 100, error_subcode: 33, is_transient: false, error_user_msg: 'Fix it', fbtrace_id: 'AbC' } };

    expect(parseGraphError(400, body)).toMatchObject({ httpStatus: 400, code: 100, subcode: 33, type: 'OAuthException', isTransient: false, userMessage: 'Fix it', fbtraceId: 'AbC', unreadable: false });
    expect(parseGraphError(200, { id: '1' })).toBeUndefined();
    expect(parseGraphError(502, undefined)).toMatchObject({ httpStatus: 502, unreadable: true, code: undefined });
  });

  it('reads X-App-Usage, X-Page-Usage and X-Business-Use-Case-Usage as the highest percentage used', () => {
    const headers = new Headers({
      'X-App-Usage': '{"call_count":28,"total_time":25,"total_cputime":25}',
      'X-Business-Use-Case-Usage': '{"112":[{"type":"pages","call_count":5,"total_cputime":64,"total_time":10,"estimated_time_to_regain_access":0}]}',
    });

    const usage = parseGraphUsage(headers);

    expect(usage).toEqual({ percentUsed: 64, regainAccessMinutes: 0 });
    expect(usageToRateLimit(usage!, now)).toEqual({ remaining: 36, resetAt: '2025-03-01T13:00:00.000Z' });
    expect(usageToRateLimit({ percentUsed: 100, regainAccessMinutes: 12 }, now)).toEqual({ remaining: 0, resetAt: '2025-03-01T12:12:00.000Z' });
    expect(parseGraphUsage(new Headers({ 'X-App-Usage': 'not json' }))).toBeUndefined();
    expect(parseGraphUsage(new Headers())).toBeUndefined();
  });

  it('falls back to Retry-After when Meta gives no regain time', () => {
    expect(retryAfterFromHeaders(new Headers({ 'Retry-After': '30' }), now)).toBe(30_000);
    expect(retryAfterFromHeaders(new Headers({ 'Retry-After': 'Sat, 01 Mar 2025 12:01:00 GMT' }), now)).toBe(60_000);
    expect(retryAfterFromHeaders(new Headers(), now)).toBeUndefined();
  });

  it('reads Graph timestamps and unix seconds as ISO 8601', () => {
    expect(graphTime('2025-03-01T12:00:00+0000')).toBe('2025-03-01T12:00:00.000Z');
    expect(graphTime('2025-03-01T14:00:00+0200')).toBe('2025-03-01T12:00:00.000Z');
    expect(graphTime(1740830400)).toBe('2025-03-01T12:00:00.000Z');
    expect(graphTime('yesterday')).toBeUndefined();
  });

  it('encodes arrays as indexed keys and objects as JSON, skipping undefined', () => {
    const encoded = encodeParams({ message: 'hi #tag', attached_media: [{ media_fbid: '1' }, { media_fbid: '2' }], published: false, link: undefined });

    expect([...encoded]).toEqual([
      ['message', 'hi #tag'], ['attached_media[0]', '{"media_fbid":"1"}'], ['attached_media[1]', '{"media_fbid":"2"}'], ['published', 'false'],
    ]);
  });
});

describe('Meta adapter helpers', () => {
  it('finds when the next publishing slot frees in a moving window', () => {
    const hour = 3_600_000;
    const day = 24 * hour;
    const posts = [NOW - 20 * hour, NOW - 23 * hour, NOW - 2 * hour];

    expect(quotaResetAt(posts, 3, 3, day)).toBe(NOW - 23 * hour + day);
    expect(quotaResetAt(posts, 4, 3, day)).toBe(NOW - 20 * hour + day);
    expect(quotaResetAt([], 3, 3, day)).toBeUndefined();
  });

  it('keeps every credential field a refresh answer lacks', () => {
    const old = { accessToken: 'old', refreshToken: 'r', expiresAt: '2025-03-02T00:00:00.000Z', extra: { a: '1' } };

    expect(extendCredentials('instagram', old, { access_token: 'new', expires_in: 3600 }, now))
      .toEqual({ accessToken: 'new', refreshToken: 'r', expiresAt: '2025-03-01T13:00:00.000Z', extra: { a: '1' } });
    expect(extendCredentials('instagram', old, { access_token: 'new' }, now)).toEqual({ ...old, accessToken: 'new' });
    expect(() => extendCredentials('instagram', old, { expires_in: 5 }, now)).toThrow(NetworkError);
  });

  it('counts Threads text in graphemes, emojis by their UTF-8 bytes', () => {
    expect(measureThreadsText('hello')).toBe(5);
    expect(measureThreadsText('café')).toBe(4);
    expect(measureThreadsText('👍')).toBe(4);
    expect(measureThreadsText('👍🏽')).toBe(8);
    expect(measureThreadsText('❤️')).toBe(6);
    expect(measureThreadsText('🇫🇷')).toBe(8);
    expect(measureThreadsText('日本')).toBe(2);
    expect(measureThreadsText('©')).toBe(1);
  });

  it('lists every reason Instagram would refuse a caption', () => {
    expect(validateCaption('fine #one @two')).toEqual([]);
    expect(validateCaption('x'.repeat(2200))).toEqual([]);
    expect(validateCaption('x'.repeat(2201))).toEqual(['caption has 2201 characters, Instagram allows 2200']);
    expect(validateCaption(Array.from({ length: 31 }, (_, i) => `#tag${i}`).join(' '))).toEqual(['caption has 31 hashtags, Instagram allows 30']);
    expect(validateCaption(Array.from({ length: 21 }, (_, i) => `@user${i}`).join(' '))).toEqual(['caption has 21 @-mentions, Instagram allows 20']);
    expect(validateCaption('mail me at a@b.co, not a tag: x#y')).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string, NetworkErrorKind | undefined]>([
    ['Instagram FINISHED', { status_code: 'FINISHED' }, 'ready', undefined],
    ['Instagram IN_PROGRESS', { status_code: 'IN_PROGRESS' }, 'wait', undefined],
    ['Instagram EXPIRED', { status_code: 'EXPIRED' }, 'failed', 'retry_later'],
    ['Instagram ERROR, retryable subcode', { status_code: 'ERROR', status: 'Error: 2207003' }, 'failed', 'retry_later'],
    ['Instagram ERROR, bad media', { status_code: 'ERROR', status: 'Error: 2207026 unsupported video' }, 'failed', 'bad_content'],
    ['Instagram PUBLISHED', { status_code: 'PUBLISHED' }, 'failed', 'unknown_outcome'],
  ])('reads the container status %s', (_what, body, state, kind) => {
    const result = interpretInstagramContainer(body);
    expect(result.state).toBe(state);
    if (result.state === 'failed') expect(result.error.kind).toBe(kind);
  });

  it.each<[Record<string, unknown>, string, NetworkErrorKind | undefined]>([
    [{ status: 'FINISHED' }, 'ready', undefined],
    [{ status: 'IN_PROGRESS' }, 'wait', undefined],
    [{ status: 'EXPIRED' }, 'failed', 'retry_later'],
    [{ status: 'ERROR', error_message: 'FAILED_DOWNLOADING_VIDEO' }, 'failed', 'retry_later'],
    [{ status: 'ERROR', error_message: 'INVALID_ASPEC_RATIO' }, 'failed', 'bad_content'],
    [{ status: 'ERROR' }, 'failed', 'retry_later'],
  ])('reads the Threads container status %o', (body, state, kind) => {
    const result = interpretThreadsContainer(body);
    expect(result.state).toBe(state);
    if (result.state === 'failed') expect(result.error.kind).toBe(kind);
  });
});
