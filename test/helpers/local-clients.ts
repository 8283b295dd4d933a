/**
 * Real AWS SDK clients for tests, pointed at local endpoints: DynamoDB Local (started once per
 * run by global-setup.ts) and tiny AWS JSON-protocol services a test starts itself. Region and
 * credentials are dummies, so nothing here can ever reach a real AWS account.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface LocalDynamoDb {
  readonly client: DynamoDBClient;
  /** Marshalled like the production client in shared/clients.ts (undefined values removed). */
  readonly documentClient: DynamoDBDocumentClient;
}

/** Clients for the run's DynamoDB Local, as the global setup provides it through `inject('ddbEndpoint')`. */
export function localDynamoDb(endpoint: string = inject('ddbEndpoint')): LocalDynamoDb {
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return { client, documentClient };
}

/** One call an AWS JSON-protocol stub received: the operation from `X-Amz-Target` and the parsed body. */
export interface AwsJsonCall {
  readonly target: string;
  readonly body: Record<string, unknown>;
  readonly headers: IncomingHttpHeaders;
}

/** What a stub handler answers: a JSON body with status 200, or an AWS error shape. */
export type AwsJsonReply =
  | { readonly body: Record<string, unknown> }
  | { readonly status: number; readonly errorType: string; readonly message: string };

export interface AwsJsonService {
  /** Pass as `endpoint` to the SDK client. */
  readonly endpoint: string;
  /** Every call received, in order. */
  readonly calls: AwsJsonCall[];
  close(): Promise<void>;
}

/**
 * A minimal AWS JSON 1.1 service (EventBridge, Secrets Manager, ...): POST / with
 * `X-Amz-Target: <Service>.<Operation>`, answered by `handle`. Unknown operations get
 * `UnknownOperationException`, as AWS answers them.
 */
export async function startAwsJsonService(
  handle: (call: AwsJsonCall, index: number) => AwsJsonReply | undefined,
): Promise<AwsJsonService> {
  const calls: AwsJsonCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const raw = Buffer.concat(chunks).toString('utf8');
      const call: AwsJsonCall = { target, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {}, headers: req.headers };
      calls.push(call);
      const reply = handle(call, calls.length - 1) ?? { status: 400, errorType: 'UnknownOperationException', message: `unknown operation ${target}` };
      const status = 'body' in reply ? 200 : reply.status;
      const payload = JSON.stringify('body' in reply ? reply.body : { __type: reply.errorType, message: reply.message });
      res.writeHead(status, {
        'Content-Type': 'application/x-amz-json-1.1',
        'Content-Length': String(Buffer.byteLength(payload)),
        'x-amzn-RequestId': `req-${calls.length}`,
        ...('body' in reply ? {} : { 'x-amzn-ErrorType': reply.errorType }),
      });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    }),
  };
}
