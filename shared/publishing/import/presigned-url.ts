/**
 * Presigned S3 URLs (query-string SigV4) by the SDK's own presigner, with the client's endpoint,
 * path style and credentials. A presigned PUT signs its Content-Type, so the upload must send
 * exactly that type.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

export interface PresignedUrl {
  readonly url: string;
  readonly expiresAt: Date;
}

/**
 * `presigner` must be made with `requestChecksumCalculation: 'WHEN_REQUIRED'`: by default the SDK
 * signs the CRC32 of the (still empty) body into a PUT URL, and S3 then refuses every real upload.
 */
export async function presignPut(presigner: S3Client, bucket: string, key: string, contentType: string, expiresInSeconds: number, now: Date): Promise<PresignedUrl> {
  const calculation = await presigner.config.requestChecksumCalculation();
  if (calculation !== 'WHEN_REQUIRED') {
    throw new Error(`presignPut needs an S3Client made with requestChecksumCalculation: 'WHEN_REQUIRED' (this one has ${calculation}): `
      + 'otherwise the URL carries the checksum of an empty body and S3 refuses the upload');
  }
  const command = new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType });
  // The presigner leaves Content-Type unsigned unless asked; signing it keeps the upload a CSV.
  return presign(presigner, command, { signableHeaders: new Set(['content-type']) }, expiresInSeconds, now);
}

export async function presignGet(presigner: S3Client, bucket: string, key: string, expiresInSeconds: number, now: Date): Promise<PresignedUrl> {
  return presign(presigner, new GetObjectCommand({ Bucket: bucket, Key: key }), {}, expiresInSeconds, now);
}

async function presign(
  presigner: S3Client, command: PutObjectCommand | GetObjectCommand, options: { signableHeaders?: Set<string> }, expiresIn: number, now: Date,
): Promise<PresignedUrl> {
  const url = await getSignedUrl(presigner, command, { ...options, expiresIn, signingDate: now });
  return { url, expiresAt: new Date(now.getTime() + expiresIn * 1000) };
}
