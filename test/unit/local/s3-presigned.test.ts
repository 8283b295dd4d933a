/**
 * The local S3's presigned-URL check against the worked example of the S3 API reference
 * ("Authenticating Requests: Using Query Parameters", GET /test.txt from examplebucket), so the
 * check is pinned to AWS's own figures and not only to what the SDK produces.
 */
import { describe, expect, it } from 'vitest';
import { checkPresigned, type PresignedRequest } from '../../../local/aws/s3-presigned.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const secretOf = (id: string) => (id === 'AKIAIOSFODNN7EXAMPLE' ? SECRET : undefined);
const SIGNED_AT = Date.parse('2013-05-24T00:00:00Z');
const EXAMPLE = {
  'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
  'X-Amz-Credential': 'AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request',
  'X-Amz-Date': '20130524T000000Z',
  'X-Amz-Expires': '86400',
  'X-Amz-SignedHeaders': 'host',
  'X-Amz-Signature': 'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
};

function request(changes: Partial<Record<keyof typeof EXAMPLE, string | undefined>> = {}, rawPath = '/test.txt'): PresignedRequest {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...EXAMPLE, ...changes })) if (value !== undefined) params.set(name, value);
  return { method: 'GET', rawPath, params, headers: { host: 'examplebucket.s3.amazonaws.com' } };
}

describe('checkPresigned', () => {
  it('accepts the reference example throughout its 86,400 seconds', () => {
    expect(checkPresigned(request(), secretOf, SIGNED_AT)).toBeUndefined();
    expect(checkPresigned(request(), secretOf, SIGNED_AT + 86_400_000)).toBeUndefined();
  });

  it('refuses it as expired one millisecond later', () => {
    expect(checkPresigned(request(), secretOf, SIGNED_AT + 86_400_001)).toMatchObject({ code: 'AccessDenied', message: 'Request has expired', status: 403 });
  });

  it('refuses it with SignatureDoesNotMatch when the signature, the path, a signed parameter or the signed Host differs', () => {
    const tampered = [
      request({ 'X-Amz-Signature': EXAMPLE['X-Amz-Signature'].replace(/^a/, 'b') }),
      request({}, '/test.txt2'),
      request({ 'X-Amz-Expires': '86401' }),
      { ...request(), headers: { host: 'otherbucket.s3.amazonaws.com' } },
    ];
    for (const changed of tampered) {
      expect(checkPresigned(changed, secretOf, SIGNED_AT)).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    }
  });

  it('answers, for a refused signature, the canonical request and string it signed, as S3 does', () => {
    const refusal = checkPresigned(request({ 'X-Amz-Signature': '0'.repeat(64) }), secretOf, SIGNED_AT);
    expect(refusal?.extra?.CanonicalRequest).toBe([
      'GET', '/test.txt',
      'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host',
      'host:examplebucket.s3.amazonaws.com', '', 'host', 'UNSIGNED-PAYLOAD',
    ].join('\n'));
    expect(refusal?.extra?.StringToSign).toBe('AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04');
  });

  it('refuses an access key it does not know with InvalidAccessKeyId', () => {
    expect(checkPresigned(request(), () => undefined, SIGNED_AT)).toMatchObject({ code: 'InvalidAccessKeyId', status: 403, extra: { AWSAccessKeyId: 'AKIAIOSFODNN7EXAMPLE' } });
  });

  it('refuses malformed query authentication with AuthorizationQueryParametersError naming what is wrong', () => {
    const cases: [PresignedRequest, RegExp][] = [
      [request({ 'X-Amz-Algorithm': 'AWS4-HMAC-SHA1' }), /X-Amz-Algorithm only supports/],
      [request({ 'X-Amz-SignedHeaders': undefined }), /missing: X-Amz-SignedHeaders/],
      [request({ 'X-Amz-Credential': 'AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3' }), /X-Amz-Credential/],
      [request({ 'X-Amz-Date': '2013-05-24T00:00:00Z' }), /ISO8601 Long Format/],
      [request({ 'X-Amz-Expires': '604801' }), /less than a week/],
      [request({ 'X-Amz-Expires': '-1' }), /should be a number/],
    ];
    for (const [malformed, message] of cases) {
      expect(checkPresigned(malformed, secretOf, SIGNED_AT)).toMatchObject({ code: 'AuthorizationQueryParametersError', status: 400, message: expect.stringMatching(message) });
    }
  });
});
