import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CopyObjectCommand, CreateMultipartUploadCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchBucket, NoSuchKey, NotFound,
  PutObjectCommand, S3Client, S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startAwsServices, type AwsServices, type AwsServicesOptions, type BusEvent } from '../../../local/aws/server.js';
import { presignGet, presignPut } from '../../../shared/publishing/import/presigned-url.js';
import { LOCAL_CREDENTIALS } from '../../helpers/local-clients.js';

const BUCKET = 'pillars-reports';
const running: AwsServices[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
  folders.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

async function start(overrides: Partial<AwsServicesOptions> = {}) {
  const services = await startAwsServices({
    onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => undefined, buckets: [BUCKET], ...overrides,
  });
  running.push(services);
  const config = { endpoint: services.url, forcePathStyle: true, region: 'eu-west-1', credentials: LOCAL_CREDENTIALS };
  const s3 = new S3Client(config);
  const presigner = new S3Client({ ...config, requestChecksumCalculation: 'WHEN_REQUIRED' });
  return { services, s3, presigner };
}

/** The URL with one query parameter replaced. */
function withParam(url: string, name: string, value: string): string {
  const changed = new URL(url);
  changed.searchParams.set(name, value);
  return changed.toString();
}

const putCsv = (url: string, body = 'date,time,message\n', headers: Record<string, string> = {}) =>
  fetch(url, { method: 'PUT', headers: { 'content-type': 'text/csv', ...headers }, body });

const md5 = (bytes: Uint8Array | string) => `"${createHash('md5').update(bytes).digest('hex')}"`;

describe('local S3 through the real S3 client', () => {
  it('round-trips an object: put answers the MD5 ETag, get returns the bytes, Content-Type and user metadata, head the same headers', async () => {
    const { s3 } = await start();
    const put = await s3.send(new PutObjectCommand({
      Bucket: BUCKET, Key: 'reports/b1/r1/index.html', Body: '<h1>Week 47</h1>', ContentType: 'text/html; charset=utf-8', Metadata: { brand: 'b1' },
    }));
    expect(put.ETag).toBe(md5('<h1>Week 47</h1>'));

    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'reports/b1/r1/index.html' }));
    expect(await got.Body!.transformToString()).toBe('<h1>Week 47</h1>');
    expect(got).toMatchObject({ ContentType: 'text/html; charset=utf-8', ContentLength: 16, ETag: put.ETag, Metadata: { brand: 'b1' } });

    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'reports/b1/r1/index.html' }));
    expect(head).toMatchObject({ ContentType: 'text/html; charset=utf-8', ContentLength: 16, ETag: put.ETag });
    expect(head.LastModified).toBeInstanceOf(Date);
  });

  it('keeps binary bodies byte for byte, also when the SDK streams them aws-chunked', async () => {
    const { s3 } = await start();
    const bytes = new Uint8Array(Array.from({ length: 256 }, (_, i) => i));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'bin/all-bytes', Body: bytes }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'bin/streamed', Body: Readable.from([Buffer.from(bytes)]), ContentLength: bytes.length }));

    for (const key of ['bin/all-bytes', 'bin/streamed']) {
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(Buffer.from(await got.Body!.transformToByteArray()).equals(Buffer.from(bytes))).toBe(true);
      expect(got.ContentType).toBe('application/octet-stream');
      expect(got.ETag).toBe(md5(bytes));
    }
  });

  it('stores UTF-8 and URL-special keys, including segments a file system could not name, and lists them back exactly', async () => {
    const { s3 } = await start();
    const keys = ['rapports/été 2026/résumé?#&+.html', 'emoji/🚀.csv', 'odd//double/./dot/../end', 'percent/100%.txt'];
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));

    for (const key of keys) {
      const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(await got.Body!.transformToString()).toBe(key);
    }
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual([...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });

  it('lists by prefix in key order and pages with continuation tokens until the last page', async () => {
    const { s3 } = await start();
    const keys = ['reports/b1/r1/a.csv', 'reports/b1/r1/b.csv', 'reports/b1/r1/index.html', 'reports/b1/r2/index.html', 'reports/b2/r3/index.html'];
    for (const key of [...keys].reverse()) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x' }));

    const pages: (string | undefined)[][] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'reports/b1/', MaxKeys: 2, ContinuationToken: token }));
      pages.push((page.Contents ?? []).map((o) => o.Key));
      expect(page.KeyCount).toBe(page.Contents?.length);
      expect(page.IsTruncated).toBe(page.NextContinuationToken !== undefined);
      token = page.NextContinuationToken;
    } while (token);
    expect(pages).toEqual([['reports/b1/r1/a.csv', 'reports/b1/r1/b.csv'], ['reports/b1/r1/index.html', 'reports/b1/r2/index.html']]);

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'reports/b2/' }));
    expect(listed.Contents?.[0]).toMatchObject({ Key: 'reports/b2/r3/index.html', Size: 1, ETag: md5('x'), StorageClass: 'STANDARD' });
  });

  it('deletes an object, after which get fails with NoSuchKey, head with NotFound, and a second delete still succeeds', async () => {
    const { s3 } = await start();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'gone/soon.txt', Body: 'bye' }));
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'gone/soon.txt' }));

    const get = s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'gone/soon.txt' }));
    await expect(get).rejects.toBeInstanceOf(NoSuchKey);
    await expect(get).rejects.toMatchObject({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    await expect(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'gone/soon.txt' }))).rejects.toBeInstanceOf(NotFound);
    await expect(s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'gone/soon.txt' }))).resolves.toMatchObject({ $metadata: { httpStatusCode: 204 } });
    expect((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents).toBeUndefined();
  });

  it('refuses with BadDigest, and stores nothing, a body whose sent CRC32 does not match it', async () => {
    const { s3 } = await start();
    const put = s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'bad/crc.txt', Body: 'hello', ChecksumCRC32: 'AAAAAA==' }));
    await expect(put).rejects.toMatchObject({ name: 'BadDigest', message: 'The CRC32 you specified did not match the calculated checksum.', $metadata: { httpStatusCode: 400 } });
    expect((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents).toBeUndefined();
  });

  it('answers NoSuchBucket for a bucket that was never created', async () => {
    const { s3 } = await start();
    const put = s3.send(new PutObjectCommand({ Bucket: 'no-such-bucket', Key: 'a', Body: 'x' }));
    await expect(put).rejects.toBeInstanceOf(NoSuchBucket);
    await expect(put).rejects.toMatchObject({ message: 'The specified bucket does not exist', $metadata: { httpStatusCode: 404 } });
  });

  it('refuses, with a reason, a key whose parent is already an object, since both cannot be files', async () => {
    const { s3 } = await start();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'a', Body: 'x' }));
    const put = s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'a/b', Body: 'y' }));
    await expect(put).rejects.toBeInstanceOf(S3ServiceException);
    await expect(put).rejects.toMatchObject({ name: 'InvalidArgument', message: expect.stringContaining('key "a/b" cannot be stored') });
  });

  it('answers NotImplemented to a copy or a multipart upload rather than storing the wrong bytes', async () => {
    const { s3 } = await start();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'source', Body: 'x' }));
    const copy = s3.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy', CopySource: `${BUCKET}/source` }));
    await expect(copy).rejects.toMatchObject({ name: 'NotImplemented', $metadata: { httpStatusCode: 501 } });
    const multipart = s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'big' }));
    await expect(multipart).rejects.toMatchObject({ name: 'NotImplemented', message: expect.stringContaining('"uploads"') });
    expect((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents?.map((o) => o.Key)).toEqual(['source']);
  });

  it('keeps objects as plain files under <dataDir>/s3/<bucket>/<key> that survive a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pillars-s3-test-'));
    folders.push(dataDir);
    const first = await start({ dataDir });
    await first.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'reports/b1/r1/index.html', Body: '<p>kept</p>', ContentType: 'text/html' }));
    const path = first.services.objectPath(BUCKET, 'reports/b1/r1/index.html');
    expect(path).toBe(join(dataDir, 's3', BUCKET, 'reports', 'b1', 'r1', 'index.html'));
    expect(readFileSync(path, 'utf8')).toBe('<p>kept</p>');
    await first.services.close();

    const second = await start({ dataDir, buckets: [] });
    const got = await second.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'reports/b1/r1/index.html' }));
    expect(await got.Body!.transformToString()).toBe('<p>kept</p>');
    expect(got.ContentType).toBe('text/html');
  });

  it('removes its temporary folder on close when there is no data folder', async () => {
    const { services, s3 } = await start();
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'x' }));
    const path = services.objectPath(BUCKET, 'k');
    expect(existsSync(path)).toBe(true);
    await services.close();
    expect(existsSync(path)).toBe(false);
  });
});

describe('local S3: presigned URLs, checked as S3 checks them', () => {
  it('takes a PUT and answers a GET through URLs presigned by the SDK, with no Authorization header', async () => {
    const { s3, presigner } = await start();
    const now = new Date();
    const put = await presignPut(presigner, BUCKET, 'imports/b1/i1/upload.csv', 'text/csv', 900, now);
    const params = new URL(put.url).searchParams;
    expect(params.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(params.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect([...params.keys()].filter((name) => name.toLowerCase().startsWith('x-amz-checksum'))).toEqual([]);
    expect(put.expiresAt).toEqual(new Date(now.getTime() + 900_000));

    expect((await putCsv(put.url)).status).toBe(200);

    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'imports/b1/i1/upload.csv' }));
    expect(await got.Body!.transformToString()).toBe('date,time,message\n');
    expect(got.ContentType).toBe('text/csv');
    const download = await fetch((await presignGet(presigner, BUCKET, 'imports/b1/i1/upload.csv', 900, now)).url);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('date,time,message\n');
  });

  it('refuses a presigned URL whose time is up, as S3 does', async () => {
    const { presigner } = await start();
    const put = await presignPut(presigner, BUCKET, 'imports/b1/i1/upload.csv', 'text/csv', 60, new Date(Date.now() - 61_000));

    const uploaded = await putCsv(put.url);

    expect(uploaded.status).toBe(403);
    expect(await uploaded.text()).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
    await expect(presigner.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'imports/b1/i1/upload.csv' }))).rejects.toBeInstanceOf(NotFound);
  });

  it('refuses with SignatureDoesNotMatch a URL whose signature, key, lifetime or signed Content-Type was changed, and stores nothing', async () => {
    const { presigner } = await start();
    const put = await presignPut(presigner, BUCKET, 'imports/b1/i1/upload.csv', 'text/csv', 60, new Date(Date.now() - 61_000));
    const signature = new URL(put.url).searchParams.get('X-Amz-Signature')!;
    const fresh = await presignPut(presigner, BUCKET, 'imports/b1/i1/upload.csv', 'text/csv', 900, new Date());

    const attempts = [
      putCsv(withParam(fresh.url, 'X-Amz-Signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`)),
      putCsv(fresh.url.replace('/upload.csv?', '/other.csv?')),
      // An expired URL made to look younger.
      putCsv(withParam(put.url, 'X-Amz-Expires', '3600')),
      putCsv(fresh.url, 'x', { 'content-type': 'text/html' }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    }
    expect((await presigner.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents).toBeUndefined();
  });

  it('refuses a URL signed with an access key it does not know, or with the wrong secret of a known one', async () => {
    const { services, presigner } = await start();
    const signedBy = (credentials: { accessKeyId: string; secretAccessKey: string }) =>
      new S3Client({ endpoint: services.url, forcePathStyle: true, region: 'eu-west-1', credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });

    const unknown = await presignPut(signedBy({ accessKeyId: 'stranger', secretAccessKey: 'local' }), BUCKET, 'a.csv', 'text/csv', 900, new Date());
    const wrongSecret = await presignPut(signedBy({ accessKeyId: 'local', secretAccessKey: 'guess' }), BUCKET, 'a.csv', 'text/csv', 900, new Date());

    const refusedUnknown = await putCsv(unknown.url);
    expect(refusedUnknown.status).toBe(403);
    expect(await refusedUnknown.text()).toContain('<Code>InvalidAccessKeyId</Code>');
    const refusedWrong = await putCsv(wrongSecret.url);
    expect(refusedWrong.status).toBe(403);
    expect(await refusedWrong.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect((await presigner.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents).toBeUndefined();
  });

  it('refuses an x-amz-* header the URL did not sign', async () => {
    const { presigner } = await start();
    const put = await presignPut(presigner, BUCKET, 'a.csv', 'text/csv', 900, new Date());

    const refused = await putCsv(put.url, 'x', { 'x-amz-meta-owner': 'someone' });

    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<HeadersNotSigned>x-amz-meta-owner</HeadersNotSigned>');
  });

  it('refuses, as S3 does, an upload to a URL the SDK signed with its default checksum of an empty body; presignPut will not make one', async () => {
    const { s3 } = await start();
    const command = new PutObjectCommand({ Bucket: BUCKET, Key: 'a.csv', ContentType: 'text/csv' });
    const url = await getSignedUrl(s3, command, { signableHeaders: new Set(['content-type']) });
    expect(new URL(url).searchParams.get('x-amz-checksum-crc32')).toBe('AAAAAA==');

    const refused = await putCsv(url);

    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('<Code>BadDigest</Code>');
    await expect(presignPut(s3, BUCKET, 'a.csv', 'text/csv', 900, new Date())).rejects.toThrow(/requestChecksumCalculation: 'WHEN_REQUIRED'/);
  });
});

describe('local S3: EventBridge notifications', () => {
  it('sends Object Created to the default bus in S3\'s EventBridge shape, only for buckets with notifications enabled', async () => {
    const events: { bus: string; event: BusEvent }[] = [];
    const { services, s3 } = await start({ buckets: [BUCKET, 'quiet'], onEvents: (bus, batch) => { batch.forEach((event) => events.push({ bus, event })); }, accountId: '123456789012', region: 'eu-west-1' });
    services.enableEventBridge(BUCKET);

    await s3.send(new PutObjectCommand({ Bucket: 'quiet', Key: 'a.csv', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'imports/b1/i1/upload.csv', Body: 'hello' }));

    expect(events).toHaveLength(1);
    expect(events[0]).toEqual({
      bus: 'default',
      event: {
        version: '0', id: expect.any(String), 'detail-type': 'Object Created', source: 'aws.s3', account: '123456789012', region: 'eu-west-1',
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/), resources: [`arn:aws:s3:::${BUCKET}`],
        detail: {
          version: '0', bucket: { name: BUCKET },
          object: { key: 'imports/b1/i1/upload.csv', size: 5, etag: md5('hello').replace(/"/g, ''), sequencer: expect.any(String) },
          'request-id': expect.any(String), requester: '123456789012', 'source-ip-address': expect.any(String), reason: 'PutObject',
        },
      },
    });
  });
});
