/**
 * Presigned S3 URLs (query-string SigV4), made with the client's own configuration: the request
 * is built by the client's middleware stack (endpoint, path style, key encoding) and stopped
 * before it is sent, then signed into its query string. A presigned PUT signs its Content-Type,
 * so the upload must send exactly that type.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import type { BuildMiddleware, HttpRequest, MiddlewareStack } from '@smithy/types';

export interface PresignedUrl {
  readonly url: string;
  readonly expiresAt: Date;
}

export async function presignPut(s3: S3Client, bucket: string, key: string, contentType: string, expiresInSeconds: number, now: Date): Promise<PresignedUrl> {
  return presign(s3, new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType }), expiresInSeconds, now);
}

export async function presignGet(s3: S3Client, bucket: string, key: string, expiresInSeconds: number, now: Date): Promise<PresignedUrl> {
  return presign(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), expiresInSeconds, now);
}

class Captured extends Error {
  constructor(readonly request: HttpRequest) {
    super('captured for presigning');
  }
}

async function presign(s3: S3Client, command: PutObjectCommand | GetObjectCommand, expiresIn: number, now: Date): Promise<PresignedUrl> {
  // Captured right after serialization, before checksum, content-length and signing middleware
  // add headers that a browser or curl upload would not send.
  const capture: BuildMiddleware<object, object> = () => async (args) => {
    throw new Captured(args.request as HttpRequest);
  };
  (command.middlewareStack as MiddlewareStack<object, object>).add(capture, { step: 'build', priority: 'high', name: 'capturePresignRequest' });
  let request: HttpRequest;
  try {
    await s3.send(command as PutObjectCommand);
    throw new Error('the S3 request was sent instead of presigned');
  } catch (error) {
    if (!(error instanceof Captured)) throw error;
    request = error.request;
  }
  const host = `${request.hostname}${request.port ? `:${request.port}` : ''}`;
  const signer = new SignatureV4({
    credentials: s3.config.credentials,
    region: await s3.config.region(),
    service: 's3',
    sha256: s3.config.sha256,
    uriEscapePath: false,
  });
  const signed = await signer.presign(
    { ...request, headers: { ...request.headers, host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
    { expiresIn, signingDate: now, unhoistableHeaders: new Set(['content-type']), signableHeaders: new Set(['content-type']) },
  );
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(signed.query ?? {})) {
    for (const v of [value].flat()) if (v !== null && v !== undefined) query.append(name, v);
  }
  return {
    url: `${signed.protocol}//${host}${signed.path}?${query.toString().replace(/\+/g, '%20')}`,
    expiresAt: new Date(now.getTime() + expiresIn * 1000),
  };
}
