/**
 * The `npm start` demo: a brand with a Mastodon account on the sandbox network, and one post
 * created through the management API a few seconds ahead, then watched until it is published.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxNetwork } from './sandbox/mastodon-server.js';
import { DEMO_BRAND, loadSecrets, saveSecrets, type LocalConfig } from './local-config.js';
import { NETWORK_CREDENTIALS_SECRET } from '../core-stack.js';
import type { Runtime } from './runtime.js';

export const DEMO_ACCOUNT = 'mastodon-demo';
const DEMO_USERNAME = 'pillars_demo';

/**
 * Gives the demo account a sandbox token kept in the git-ignored secrets file, so the account
 * (stored in DynamoDB) keeps working across restarts with --data.
 */
export function ensureDemoCredentials(sandbox: SandboxNetwork, configDir?: string): Record<string, string> {
  const secrets = loadSecrets(configDir);
  const credentials = JSON.parse(secrets[NETWORK_CREDENTIALS_SECRET] ?? '{}') as Record<string, { accessToken: string }>;
  credentials[DEMO_ACCOUNT] ??= { accessToken: `sandbox_${randomBytes(18).toString('base64url')}` };
  sandbox.addAccount({ username: DEMO_USERNAME, token: credentials[DEMO_ACCOUNT].accessToken });
  const next = { ...secrets, [NETWORK_CREDENTIALS_SECRET]: JSON.stringify(credentials) };
  saveSecrets(next, configDir);
  return next;
}

export interface DemoResult {
  readonly postId: string;
  readonly dueAt: string;
  readonly publishedAt?: string;
  readonly url?: string;
  readonly status: string;
  /** When the post was seen published, minus its due time. */
  readonly lateMs?: number;
}

export async function runDemo(runtime: Runtime, sandbox: SandboxNetwork, config: LocalConfig, options: { leadMs?: number; timeoutMs?: number } = {}): Promise<DemoResult> {
  const token = config.tokens.find((t) => t.brandId === DEMO_BRAND)?.token;
  if (!token) throw new Error(`no token for brand ${DEMO_BRAND} in .pillars/local.json`);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${runtime.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, any>;
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };

  await call('POST', '/accounts', { accountId: DEMO_ACCOUNT, network: 'mastodon', handle: `@${DEMO_USERNAME}`, baseUrl: sandbox.url });
  const dueAt = new Date(Math.ceil((Date.now() + (options.leadMs ?? 4_000)) / 1000) * 1000);
  const post = await call('POST', '/posts', {
    accountId: DEMO_ACCOUNT,
    text: 'Hello from Pillars: this post was scheduled through the management API and published on time, exactly once.',
    link: 'https://example.com/pillars',
    dueAt: dueAt.toISOString(),
  });

  const outcome = await new Promise<{ type: string; seenAt: number } | undefined>((resolve) => {
    const timer = setTimeout(() => { stop(); resolve(undefined); }, options.timeoutMs ?? 60_000);
    const stop = runtime.onEvent((event) => {
      const detail = event.detail as { postId?: string };
      if (detail.postId !== post.postId || !['PostPublished', 'PostFailed'].includes(event['detail-type'])) return;
      clearTimeout(timer);
      stop();
      resolve({ type: event['detail-type'], seenAt: Date.now() });
    });
  });
  const current = await call('GET', `/posts/${post.postId}`);
  return {
    postId: post.postId, dueAt: post.dueAt, status: current.status, publishedAt: current.publishedAt, url: current.url,
    lateMs: outcome?.type === 'PostPublished' ? outcome.seenAt - dueAt.getTime() : undefined,
  };
}
