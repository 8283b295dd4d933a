import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engagementAt, startSandboxNetwork, type SandboxNetwork } from '../../../local/stand-ins/mastodon/server.js';
import { NetworkError, type NetworkAccount, type NetworkAdapter, type NetworkCredentials } from '../../../shared/networks/contract.js';
import { createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import { failure } from '../../helpers/failure.js';

const START = Date.parse('2026-03-02T09:00:00.000Z');
const HOUR = 60 * 60 * 1000;
const credentials: NetworkCredentials = { accessToken: 'alice-token' };

describe('Mastodon metrics against the sandbox network', () => {
  let sandbox: SandboxNetwork;
  let account: NetworkAccount;
  let adapter: NetworkAdapter;
  let clock: number;

  beforeEach(async () => {
    clock = START;
    sandbox = await startSandboxNetwork({ engagement: true, now: () => clock });
    sandbox.addAccount({ username: 'alice', token: credentials.accessToken });
    account = { accountId: 'mastodon-main', brandId: 'brand-1', network: 'mastodon', handle: '@alice', baseUrl: sandbox.url };
    adapter = createMastodonAdapter({ now: () => clock });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('maps favourites, replies and reblogs to reactions, comments and shares, growing with the post\'s age', async () => {
    const { networkPostId } = await adapter.publish(account, credentials, { text: 'Metrics please', idempotencyKey: 'm-1' });
    clock += 6 * HOUR;

    const reading = await adapter.fetchPostMetrics(account, credentials, networkPostId);

    const expected = engagementAt(networkPostId, 6 * HOUR);
    expect(reading.values).toMatchObject({ reactions: expected.favourites, comments: expected.replies, shares: expected.reblogs });
    expect(reading.raw).toMatchObject({ favourites_count: expected.favourites, reblogs_count: expected.reblogs });
    expect(reading.observedAt).toBe(new Date(clock).toISOString());
    expect(reading.partial).toBe(false);
    clock += 48 * HOUR;
    const later = await adapter.fetchPostMetrics(account, credentials, networkPostId);
    expect(later.values.reactions).toBeGreaterThanOrEqual(reading.values.reactions ?? Infinity);
    expect(later.values.reactions).toBe(engagementAt(networkPostId, 54 * HOUR).favourites);
  });

  it('reports what Mastodon does not count (impressions, reach, saves, clicks, video views) as null, not 0', async () => {
    const { networkPostId } = await adapter.publish(account, credentials, { text: 'No impressions here', idempotencyKey: 'm-2' });

    const { values } = await adapter.fetchPostMetrics(account, credentials, networkPostId);

    expect(values).toMatchObject({ impressions: null, reach: null, saves: null, clicks: null, videoViews: null });
    expect(values.reactions).toBe(0);
  });

  it('reads the account\'s followers, which grow by day, and leaves the rest null', async () => {
    const first = await adapter.fetchAccountMetrics(account, credentials);
    clock += 3 * 24 * HOUR;
    const later = await adapter.fetchAccountMetrics(account, credentials);

    expect(first.values.followers).toBeGreaterThan(0);
    expect(later.values.followers).toBeGreaterThan(first.values.followers ?? Infinity);
    expect(later.values).toMatchObject({ reach: null, impressions: null, profileVisits: null });
  });

  it('turns a 401 into refresh_credentials and a 429 into retry_later with the wait', async () => {
    const { networkPostId } = await adapter.publish(account, credentials, { text: 'Faults', idempotencyKey: 'm-3' });

    sandbox.injectFault({ kind: 'status', status: 401, error: 'The access token is invalid', path: '/api/v1/statuses' });
    expect((await failure(adapter.fetchPostMetrics(account, credentials, networkPostId), NetworkError)).kind).toBe('refresh_credentials');
    sandbox.injectFault({ kind: 'rate_limit', retryAfterSeconds: 30, path: '/api/v1/accounts' });
    const limited = await failure(adapter.fetchAccountMetrics(account, credentials), NetworkError);
    expect(limited).toMatchObject({ kind: 'retry_later', retryAfterMs: 30_000 });
  });

  it('refuses a post id that is not a Mastodon id before calling the network', async () => {
    const error = await failure(adapter.fetchPostMetrics(account, credentials, '../accounts/1'), NetworkError);
    expect(error.kind).toBe('bad_content');
    expect(error.message).toContain('not a Mastodon status id');
  });
});
