/**
 * A stand-in for the management API: records every request and answers with whatever the
 * test set, so CLI tests check the wire format without the real stack.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../../cli/main.js';
import type { CliIoInput } from '../../../cli/io.js';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly authorization?: string;
  readonly contentType?: string;
  readonly body: unknown;
}

export interface Answer {
  readonly status: number;
  readonly body?: unknown;
  /** Sent verbatim instead of `body`, for non-JSON answers. */
  readonly raw?: string;
}

export interface FakeApi {
  readonly url: string;
  readonly requests: RecordedRequest[];
  answer(fn: (request: RecordedRequest) => Answer): void;
  close(): Promise<void>;
}

export async function startFakeApi(): Promise<FakeApi> {
  const requests: RecordedRequest[] = [];
  let respond: (request: RecordedRequest) => Answer = () => ({ status: 200, body: {} });
  const server = createServer(async (req, res) => {
    const recorded = await record(req);
    requests.push(recorded);
    const answer = respond(recorded);
    const payload = answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    res.writeHead(answer.status, { 'content-type': answer.raw === undefined ? 'application/json' : 'text/html' });
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (fn) => void (respond = fn),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://localhost');
  return {
    method: req.method ?? '',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    authorization: req.headers.authorization,
    contentType: req.headers['content-type'],
    body: text === '' ? undefined : JSON.parse(text),
  };
}

/** 2026-03-28 11:00 in Berlin, the day before the switch to summer time. */
export const NOW = new Date('2026-03-28T10:00:00Z');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output, a fixed clock and, unless given, an empty checkout. */
export async function cli(argv: readonly string[], io: Partial<CliIoInput> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    env: {},
    repoDir: emptyRepo(),
    now: () => NOW,
    ...io,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  });
  return { code, stdout, stderr };
}

const tempDirs: string[] = [];

export function emptyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pillars-cli-'));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A checkout whose local runtime has written these tokens. */
export function repoWithTokens(tokens: readonly { token: string; brandId: string }[]): string {
  const dir = emptyRepo();
  mkdirSync(join(dir, '.pillars'));
  writeFileSync(join(dir, '.pillars', 'local.json'), JSON.stringify({ tokens }));
  return dir;
}

export const post = {
  brandId: 'demo',
  postId: '01JQ8Z6V9X8Q2W4E5R6T7Y8M9K',
  accountId: 'mastodon-main',
  network: 'mastodon',
  text: 'Hello world',
  dueAt: '2026-03-28T10:10:00.000Z',
  status: 'scheduled',
  attempts: 0,
  createdAt: '2026-03-28T10:00:00.000Z',
  updatedAt: '2026-03-28T10:00:00.000Z',
};
