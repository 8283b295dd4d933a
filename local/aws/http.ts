/**
 * The wire details the AWS SDK v3 checks on every response: JSON bodies, a request id, and
 * errors named in `x-amzn-errortype` (restJson1) or `__type` (awsJson1_1), which the SDK turns
 * into its typed exception classes.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type Protocol = 'awsJson1_1' | 'restJson1';

/**
 * A service's answer; `afterResponse` runs once the response is done with, sent or not: what a
 * service accepted stays accepted even if the client hung up, as in AWS.
 */
export interface Reply {
  readonly body: unknown;
  readonly afterResponse?: () => void;
}

export class AwsError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(code: string, message: string, status = 400) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

export const validation = (message: string) => new AwsError('ValidationException', message);

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function parseJsonBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below, like a malformed body
  }
  throw new AwsError('SerializationException', 'The request body is not a JSON object.');
}

export function sendReply(res: ServerResponse, protocol: Protocol, reply: Reply): void {
  if (reply.afterResponse) res.once('close', reply.afterResponse);
  send(res, protocol, 200, {}, reply.body);
}

export function sendError(res: ServerResponse, protocol: Protocol, error: AwsError): void {
  const body = protocol === 'awsJson1_1' ? { __type: error.code, message: error.message } : { Message: error.message };
  send(res, protocol, error.status, { 'x-amzn-errortype': error.code }, body);
}

function send(res: ServerResponse, protocol: Protocol, status: number, headers: Record<string, string>, body: unknown): void {
  const text = JSON.stringify(body ?? {});
  res.writeHead(status, {
    ...headers,
    'content-type': protocol === 'awsJson1_1' ? 'application/x-amz-json-1.1' : 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  res.end(text);
}

/** Epoch seconds, the timestamp format of both JSON protocols. */
export const toEpochSeconds = (iso: string) => Date.parse(iso) / 1000;
