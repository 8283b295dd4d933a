/**
 * Amazon S3's object basics (restXml, path-style: /<bucket>/<key>): PutObject, GetObject,
 * HeadObject, ListObjectsV2 and DeleteObject, enough for stored reports and import uploads, also
 * through presigned URLs, whose signature and expiry are checked as S3 checks them
 * (s3-presigned.ts; requests signed in their Authorization header are not checked). A body's
 * CRC32, SHA-1 or SHA-256 checksum, when sent, is checked too. A bucket with EventBridge
 * notifications sends "Object Created" events in S3's documented shape. Each object is a plain
 * file at `<root>/<bucket>/<key>`, so a stored report can be opened from disk; its ETag,
 * Content-Type and user metadata sit in a sidecar under `<root>/.meta/<bucket>/` (bucket names
 * cannot start with a dot, so the sidecars never collide with a bucket).
 */
import { createHash, randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import type { BusEvent } from './eventbridge.js';
import { checkPresigned, isPresigned } from './s3-presigned.js';

interface ObjectMeta {
  readonly Key: string;
  readonly ETag: string;
  readonly Size: number;
  readonly LastModified: string;
  readonly ContentType: string;
  readonly Metadata: Record<string, string>;
}

class S3Error extends Error {
  readonly code: string;
  readonly status: number;
  readonly extra: Record<string, string>;
  constructor(code: string, message: string, status: number, extra: Record<string, string> = {}) {
    super(message);
    this.code = code;
    this.status = status;
    this.extra = extra;
  }
}

const MAX_KEYS = 1000;

export interface S3Options {
  readonly region: string;
  readonly accountId: string;
  /** Receives the "Object Created" events of buckets with EventBridge notifications enabled. */
  readonly onEvent: (event: BusEvent) => void;
  /** The secret access key of an access key id, to check presigned URLs with; undefined for an unknown key. */
  readonly secretOf: (accessKeyId: string) => string | undefined;
}

export class S3Service {
  readonly root: string;
  readonly #options: S3Options;
  readonly #eventBridgeBuckets = new Set<string>();

  constructor(root: string, options: S3Options) {
    this.root = root;
    this.#options = options;
    mkdirSync(root, { recursive: true });
  }

  /** As a bucket's NotificationConfiguration.EventBridgeConfiguration does. */
  enableEventBridge(bucket: string): void {
    this.#eventBridgeBuckets.add(bucket);
  }

  createBucket(name: string): void {
    mkdirSync(join(this.root, name), { recursive: true });
  }

  /** Where an object's bytes live on disk, e.g. to print a report's path. */
  objectPath(bucket: string, key: string): string {
    return objectPath(this.root, bucket, key);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Not through URL: it would resolve "." and ".." segments, which are part of an S3 key.
    const [path = '/', query = ''] = splitOnce(req.url ?? '/', '?');
    const params = new URLSearchParams(query);
    const [bucketPart = '', ...keyParts] = path.slice(1).split('/');
    const bucket = decodeURIComponent(bucketPart);
    const key = decodeURIComponent(keyParts.join('/'));
    const method = req.method ?? 'GET';
    try {
      if (!bucket) throw new S3Error('NotImplemented', 'ListBuckets is not emulated locally; name a bucket in the path.', 501);
      if (bucket.startsWith('.') || !existsSync(join(this.root, bucket))) {
        throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
      }
      if (key === '' && method === 'GET' && params.get('list-type') === '2') return this.#list(res, bucket, params);
      if (key === '') throw new S3Error('NotImplemented', `${method} on a bucket is not emulated locally; only ListObjectsV2 is.`, 501);
      // Multipart uploads, copies, tags and ACLs look like plain object requests plus a parameter:
      // answering them as PutObject or GetObject would silently store or return the wrong thing.
      const unsupported = [...params.keys()].find((name) => name !== 'x-id' && !name.toLowerCase().startsWith('x-amz-'))
        ?? (req.headers['x-amz-copy-source'] ? 'x-amz-copy-source' : undefined);
      if (unsupported) throw new S3Error('NotImplemented', `${method} with "${unsupported}" is not emulated locally; only plain PutObject, GetObject, HeadObject and DeleteObject are.`, 501);
      if (isPresigned(params)) {
        const refusal = checkPresigned({ method, rawPath: path, params, headers: req.headers }, this.#options.secretOf, Date.now());
        if (refusal) throw new S3Error(refusal.code, refusal.message, refusal.status, refusal.extra);
      }
      switch (method) {
        case 'PUT': return await this.#put(req, res, bucket, key, params);
        case 'GET': return this.#get(res, bucket, key, true);
        case 'HEAD': return this.#get(res, bucket, key, false);
        case 'DELETE': return this.#delete(res, bucket, key);
        default: throw new S3Error('MethodNotAllowed', `The specified method ${method} is not allowed against this resource.`, 405);
      }
    } catch (error) {
      if (!(error instanceof S3Error)) throw error;
      const resource = `/${bucket}${key ? `/${key}` : ''}`;
      sendError(res, method === 'HEAD', error, resource);
    }
  }

  async #put(req: IncomingMessage, res: ServerResponse, bucket: string, key: string, params: URLSearchParams): Promise<void> {
    const raw = await readBytes(req);
    // The SDK streams bodies of unknown origin as aws-chunked with a checksum trailer.
    const { body, trailers } = String(req.headers['content-encoding'] ?? '').includes('aws-chunked') ? decodeAwsChunked(raw) : { body: raw, trailers: {} };
    // A presigned URL carries its checksum as a query parameter (the presigner hoists x-amz-* headers).
    checkChecksums(body, { ...Object.fromEntries([...params].map(([name, value]) => [name.toLowerCase(), value])), ...req.headers, ...trailers });
    const path = objectPath(this.root, bucket, key);
    const meta: ObjectMeta = {
      Key: key,
      ETag: `"${createHash('md5').update(body).digest('hex')}"`,
      Size: body.length,
      LastModified: new Date().toISOString(),
      ContentType: String(req.headers['content-type'] ?? 'binary/octet-stream'),
      Metadata: Object.fromEntries(Object.entries(req.headers)
        .filter(([name]) => name.startsWith('x-amz-meta-'))
        .map(([name, value]) => [name.slice('x-amz-meta-'.length), String(value)])),
    };
    try {
      writeAtomically(path, body);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTDIR' && code !== 'EISDIR' && code !== 'EEXIST') throw error;
      // S3 has no folders, but a file system cannot hold both "a" and "a/b" as files.
      throw new S3Error('InvalidArgument', `Locally, key "${key}" cannot be stored: objects are files under ${join(this.root, bucket)} `
        + 'and a file cannot also be a folder, so no key may be another key followed by "/". Rename one of the two keys.', 400);
    }
    writeAtomically(this.#metaPath(bucket, key), Buffer.from(JSON.stringify(meta)));
    const id = requestId();
    res.writeHead(200, { ETag: meta.ETag, 'x-amz-request-id': id, 'content-length': 0 }).end();
    if (this.#eventBridgeBuckets.has(bucket)) this.#options.onEvent(objectCreated(this.#options, bucket, meta, id, req));
  }

  #get(res: ServerResponse, bucket: string, key: string, withBody: boolean): void {
    const meta = this.#meta(bucket, key);
    if (!meta) throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
    const body = withBody ? readFileSync(objectPath(this.root, bucket, key)) : undefined;
    res.writeHead(200, {
      'content-type': meta.ContentType,
      'content-length': meta.Size,
      ETag: meta.ETag,
      'last-modified': new Date(meta.LastModified).toUTCString(),
      'x-amz-request-id': requestId(),
      ...Object.fromEntries(Object.entries(meta.Metadata).map(([name, value]) => [`x-amz-meta-${name}`, value])),
    });
    res.end(body);
  }

  #delete(res: ServerResponse, bucket: string, key: string): void {
    // Deleting a key that does not exist succeeds in S3 too.
    for (const path of [objectPath(this.root, bucket, key), this.#metaPath(bucket, key)]) {
      rmSync(path, { force: true });
      removeEmptyParents(dirname(path), join(this.root, bucket));
    }
    res.writeHead(204, { 'x-amz-request-id': requestId() }).end();
  }

  #list(res: ServerResponse, bucket: string, params: URLSearchParams): void {
    if (params.has('delimiter')) throw new S3Error('NotImplemented', 'ListObjectsV2 with a delimiter is not emulated locally.', 501);
    const prefix = params.get('prefix') ?? '';
    const maxKeys = Math.min(Number(params.get('max-keys') ?? MAX_KEYS), MAX_KEYS);
    if (!Number.isInteger(maxKeys) || maxKeys < 0) throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400);
    const token = params.get('continuation-token');
    const after = token !== null ? decodeToken(token) : params.get('start-after') ?? '';
    const urlEncoded = params.get('encoding-type') === 'url';
    const encode = (text: string) => escapeXml(urlEncoded ? encodeURIComponent(text).replace(/%2F/g, '/') : text);

    // S3 lists keys in UTF-8 binary order.
    const matching = this.#allMeta(bucket)
      .filter((m) => m.Key.startsWith(prefix) && Buffer.compare(Buffer.from(m.Key), Buffer.from(after)) > 0)
      .sort((a, b) => Buffer.compare(Buffer.from(a.Key), Buffer.from(b.Key)));
    const page = matching.slice(0, maxKeys);
    const truncated = matching.length > page.length;
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
      + `<Name>${escapeXml(bucket)}</Name><Prefix>${encode(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>`
      + `<MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>`
      + (token !== null ? `<ContinuationToken>${escapeXml(token)}</ContinuationToken>` : '')
      + (truncated ? `<NextContinuationToken>${encodeToken(page.at(-1)!.Key)}</NextContinuationToken>` : '')
      + (params.has('start-after') ? `<StartAfter>${encode(params.get('start-after')!)}</StartAfter>` : '')
      + (urlEncoded ? '<EncodingType>url</EncodingType>' : '')
      + page.map((m) => `<Contents><Key>${encode(m.Key)}</Key><LastModified>${m.LastModified}</LastModified>`
        + `<ETag>${escapeXml(m.ETag)}</ETag><Size>${m.Size}</Size><StorageClass>STANDARD</StorageClass></Contents>`).join('')
      + '</ListBucketResult>';
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml), 'x-amz-request-id': requestId() }).end(xml);
  }

  #metaDir(bucket: string): string {
    return join(this.root, '.meta', bucket);
  }

  /** Flat and hashed, so no key can collide with another key's sidecar. */
  #metaPath(bucket: string, key: string): string {
    return join(this.#metaDir(bucket), `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  #meta(bucket: string, key: string): ObjectMeta | undefined {
    const path = this.#metaPath(bucket, key);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ObjectMeta) : undefined;
  }

  #allMeta(bucket: string): ObjectMeta[] {
    const dir = this.#metaDir(bucket);
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as ObjectMeta);
  }
}

/**
 * S3 stores nothing whose body does not match a checksum sent with it. CRC32C and CRC64NVME have
 * no Node built-in and are taken unchecked; the SDK's default algorithm is CRC32.
 */
function checkChecksums(body: Buffer, fields: Record<string, string | string[] | undefined>): void {
  const algorithms: Record<string, { name: string; of: (bytes: Buffer) => string }> = {
    'x-amz-checksum-crc32': { name: 'CRC32', of: (bytes) => { const b = Buffer.alloc(4); b.writeUInt32BE(crc32(bytes)); return b.toString('base64'); } },
    'x-amz-checksum-sha1': { name: 'SHA1', of: (bytes) => createHash('sha1').update(bytes).digest('base64') },
    'x-amz-checksum-sha256': { name: 'SHA256', of: (bytes) => createHash('sha256').update(bytes).digest('base64') },
  };
  for (const [field, algorithm] of Object.entries(algorithms)) {
    const sent = fields[field];
    if (sent !== undefined && String(sent) !== algorithm.of(body)) {
      throw new S3Error('BadDigest', `The ${algorithm.name} you specified did not match the calculated checksum.`, 400);
    }
  }
}

/** S3's "Object Created" event as EventBridge delivers it (the S3 user guide, "EventBridge event message structure"). */
function objectCreated(options: S3Options, bucket: string, meta: ObjectMeta, id: string, req: IncomingMessage): BusEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: options.accountId,
    time: meta.LastModified.replace(/\.\d{3}Z$/, 'Z'),
    region: options.region,
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: { key: meta.Key, size: meta.Size, etag: meta.ETag.replace(/"/g, ''), sequencer: Date.now().toString(16).toUpperCase().padStart(18, '0') },
      'request-id': id,
      requester: options.accountId,
      'source-ip-address': req.socket.remoteAddress ?? '127.0.0.1',
      reason: 'PutObject',
    },
  };
}

/**
 * `<root>/<bucket>/<key>`, with each "/"-separated segment made a safe, reversible file name:
 * "%" is escaped so that "", "." and ".." (which S3 allows) can be written as "%", "%2E", "%2E%2E".
 */
export function objectPath(root: string, bucket: string, key: string): string {
  const segments = key.split('/').map((segment) => {
    if (segment === '') return '%';
    if (segment === '.' || segment === '..') return segment.replace(/\./g, '%2E');
    return segment.replace(/[%\0]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
  });
  return join(root, bucket, ...segments);
}

/**
 * Decodes `content-encoding: aws-chunked`: `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n` …
 * `0\r\n<name>:<value>\r\n…\r\n`, answering the bytes and the trailers (lower-case names).
 */
function decodeAwsChunked(raw: Buffer): { body: Buffer; trailers: Record<string, string> } {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new S3Error('IncompleteBody', 'The aws-chunked request body ended before its last chunk.', 400);
    const size = parseInt(raw.subarray(offset, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (Number.isNaN(size)) throw new S3Error('InvalidRequest', 'The aws-chunked request body has a malformed chunk header.', 400);
    if (size === 0) {
      const trailers = raw.subarray(lineEnd + 2).toString('latin1').split('\r\n')
        .map((line) => splitOnce(line, ':'))
        .filter((pair): pair is [string, string] => pair[1] !== undefined)
        .map(([name, value]) => [name.trim().toLowerCase(), value.trim()]);
      return { body: Buffer.concat(parts), trailers: Object.fromEntries(trailers) };
    }
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}

function sendError(res: ServerResponse, isHead: boolean, error: S3Error, resource: string): void {
  const id = requestId();
  // HEAD responses carry no body; the SDK then names the error after the status (NotFound).
  if (isHead) {
    res.writeHead(error.status, { 'x-amz-request-id': id }).end();
    return;
  }
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>`
    + Object.entries(error.extra).map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('')
    + `<Resource>${escapeXml(resource)}</Resource><RequestId>${id}</RequestId></Error>`;
  res.writeHead(error.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml), 'x-amz-request-id': id }).end(xml);
}

function writeAtomically(path: string, body: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = join(dirname(path), `.${randomUUID()}.tmp`);
  writeFileSync(temporary, body);
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function removeEmptyParents(dir: string, stopAt: string): void {
  for (let current = dir; current.startsWith(stopAt) && current !== stopAt; current = dirname(current)) {
    if (!existsSync(current) || !statSync(current).isDirectory() || readdirSync(current).length > 0) return;
    rmdirSync(current);
  }
}

async function readBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

const encodeToken = (key: string) => Buffer.from(key).toString('base64url');
const decodeToken = (token: string) => Buffer.from(token, 'base64url').toString('utf8');
const requestId = () => randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
const escapeXml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
