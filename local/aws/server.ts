/**
 * One local HTTP endpoint that answers the AWS SDK v3 clients of EventBridge, EventBridge
 * Scheduler, Secrets Manager, SNS, S3 and SES v2 at the wire level, so unchanged handlers reach it
 * through AWS_ENDPOINT_URL_EVENTBRIDGE / _SCHEDULER / _SECRETS_MANAGER / _SNS / _S3 / _SESV2.
 * Request signatures are not checked, except those of S3 presigned URLs (see s3-presigned.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeService, type BusEvent } from './eventbridge.js';
import { AwsError, parseJsonBody, readBody, sendError, sendReply, type Protocol } from './http.js';
import { SchedulerService, type NextFireTime, type StoredSchedule } from './scheduler.js';
import { SecretsManagerService } from './secrets-manager.js';
import { handleSnsQuery, type SnsMessage } from './sns.js';
import { S3Service } from './s3.js';
import { SesV2Service, type SentEmail } from './sesv2.js';

export type { BusEvent } from './eventbridge.js';
export type { NextFireTime, ScheduleTarget, StoredSchedule } from './scheduler.js';
export type { SnsMessage } from './sns.js';
export type { SentEmail } from './sesv2.js';

export interface AwsServicesOptions {
  /** 0 or absent: any free port. */
  readonly port?: number;
  /**
   * Keeps schedules.jsonl, secrets.json, S3 objects (s3/) and sent e-mail (outbox/) here across
   * restarts; when absent, the first two live in memory and the rest in a temporary folder removed on close.
   */
  readonly dataDir?: string;
  /**
   * Without a dataDir, where S3 objects and sent e-mail still go: they are files people open after
   * the run (reports, .eml). Absent: a temporary folder removed on close.
   */
  readonly filesDir?: string;
  /** Called after PutEvents has answered, once per bus, with the accepted events. */
  readonly onEvents: (busName: string, events: BusEvent[]) => void | Promise<void>;
  /** Called when an ENABLED schedule comes due; see SchedulerOptions.onScheduleDue. */
  readonly onScheduleDue: (schedule: StoredSchedule) => void | Promise<void>;
  /** The next run strictly after `after`, or undefined when there is none; throws for an invalid expression. */
  readonly nextFireTime: NextFireTime;
  /** Called for each SNS Publish; there are no subscribers locally. */
  readonly onSnsMessage?: (message: SnsMessage) => void;
  /** Called for each SES v2 SendEmail, once its .eml file is written. */
  readonly onEmail?: (email: SentEmail) => void;
  /** S3 buckets that exist from the start (more can be added with createBucket). */
  readonly buckets?: readonly string[];
  /** Secret name → SecretString. */
  readonly secrets?: Record<string, string>;
  readonly region?: string;
  readonly accountId?: string;
  /**
   * Access key id → secret access key, to check presigned S3 URLs with. Default: the local
   * runtime's `local`/`local`, which its functions and the tests sign with.
   */
  readonly credentials?: Readonly<Record<string, string>>;
}

export interface AwsServices {
  /** e.g. http://127.0.0.1:4566, for the clients' `endpoint` or AWS_ENDPOINT_URL_<SERVICE>. */
  readonly url: string;
  close(): Promise<void>;
  schedules(): StoredSchedule[];
  putSecret(id: string, value: string): void;
  createBucket(name: string): void;
  /** Makes the bucket send "Object Created" events to the default bus. */
  enableEventBridge(bucket: string): void;
  /** The folder holding every bucket as `<s3Root>/<bucket>/`. */
  readonly s3Root: string;
  /** Where the S3 object `bucket/key` is stored on disk. */
  objectPath(bucket: string, key: string): string;
  /** The folder SES v2 writes each sent message into, as `<time>-<MessageId>.eml`. */
  readonly outbox: string;
  /** Test hook: the next `count` valid PutEvents entries fail with ErrorCode InternalException. */
  failNextPutEventsEntries(count: number): void;
}

export async function startAwsServices(options: AwsServicesOptions): Promise<AwsServices> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const file = (name: string) => (options.dataDir ? join(options.dataDir, name) : undefined);
  const eventBridge = new EventBridgeService({ region, accountId, onEvents: options.onEvents });
  const scheduler = new SchedulerService({
    region, accountId, file: file('schedules.jsonl'), legacyFile: file('schedules.json'), onScheduleDue: options.onScheduleDue, nextFireTime: options.nextFireTime,
  });
  const secrets = new SecretsManagerService({ region, accountId, file: file('secrets.json'), seeds: options.secrets });
  const scratch = options.dataDir || options.filesDir ? undefined : mkdtempSync(join(tmpdir(), 'pillars-aws-'));
  const folder = (name: string) => join(options.dataDir ?? options.filesDir ?? scratch!, name);
  // S3 sends its events to the account's default bus.
  const credentials = new Map(Object.entries(options.credentials ?? { local: 'local' }));
  const s3 = new S3Service(folder('s3'), {
    region, accountId, onEvent: (event) => void options.onEvents('default', [event]), secretOf: (accessKeyId) => credentials.get(accessKeyId),
  });
  (options.buckets ?? []).forEach((bucket) => s3.createBucket(bucket));
  const sesv2 = new SesV2Service(folder('outbox'), options.onEmail ?? (() => {}));

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const target = req.headers['x-amz-target'];
    const service = signingService(req);
    if (service === 's3') {
      try {
        return await s3.handle(req, res);
      } catch (error) {
        console.error(`local AWS services: S3 ${req.method} ${req.url} failed`, error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/xml' }).end('<Error><Code>InternalError</Code><Message>The local S3 failed; see its log.</Message></Error>');
        return;
      }
    }
    // SNS speaks awsQuery: a form-encoded POST with no X-Amz-Target.
    if (target === undefined && String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      const reply = handleSnsQuery(new URLSearchParams(await readBody(req)), options.onSnsMessage ?? (() => {}));
      res.writeHead(reply.status, { 'content-type': 'text/xml' }).end(reply.xml);
      return;
    }
    const protocol: Protocol = typeof target === 'string' ? 'awsJson1_1' : 'restJson1';
    try {
      const input = parseJsonBody(await readBody(req));
      if (typeof target === 'string') {
        const [prefix, operation = ''] = target.split('.');
        const service = prefix === 'AWSEvents' ? eventBridge : prefix === 'secretsmanager' ? secrets : undefined;
        if (!service) throw new AwsError('UnknownOperationException', `Target ${target} is not emulated locally.`);
        sendReply(res, protocol, service.handle(operation, input));
      } else {
        const url = new URL(req.url ?? '/', 'http://localhost');
        sendReply(res, protocol, service === 'ses'
          ? await sesv2.handle(req.method ?? 'GET', url.pathname, input)
          : scheduler.handle(req.method ?? 'GET', url.pathname, url.searchParams, input));
      }
    } catch (error) {
      if (error instanceof AwsError) return sendError(res, protocol, error);
      console.error(`local AWS services: ${req.method} ${req.url} ${typeof target === 'string' ? target : ''} failed`, error);
      sendError(res, protocol, new AwsError('InternalFailure', 'The local AWS services failed; see their log.', 500));
    }
  };
  const server = createServer((req, res) => void route(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  scheduler.start();

  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        scheduler.stop();
        server.close((error) => {
          if (scratch) rmSync(scratch, { recursive: true, force: true });
          return error ? reject(error) : resolve();
        });
        // The SDK keeps connections alive; without this, close() would wait for them to idle out.
        server.closeAllConnections();
      });
      return closed;
    },
    schedules: () => scheduler.schedules(),
    putSecret: (id, value) => secrets.put(id, value),
    createBucket: (name) => s3.createBucket(name),
    enableEventBridge: (bucket) => s3.enableEventBridge(bucket),
    s3Root: s3.root,
    objectPath: (bucket, key) => s3.objectPath(bucket, key),
    outbox: sesv2.outbox,
    failNextPutEventsEntries: (count) => eventBridge.failNextEntries(count),
  };
}

/**
 * The service named in the request's SigV4 credential scope (`<key>/<date>/<region>/<service>/aws4_request`),
 * from the Authorization header or a presigned URL's X-Amz-Credential: S3's paths and SES's cannot be told
 * from the Scheduler's by shape alone.
 */
function signingService(req: IncomingMessage): string | undefined {
  const credential = /Credential=([^,\s]+)/.exec(String(req.headers.authorization ?? ''))?.[1]
    ?? new URL(req.url ?? '/', 'http://localhost').searchParams.get('X-Amz-Credential') ?? '';
  return credential.split('/')[3];
}
