/** The daily token check against DynamoDB Local: refresh ahead of time, else report once per expiry. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkExpiringCredentials, type ExpiryDeps } from '../../../shared/networks/accounts/credential-expiry.js';
import { createMastodonAdapter } from '../../../shared/networks/mastodon/adapter.js';
import { createLinkedInAdapter } from '../../../shared/networks/linkedin/adapter.js';
import { createXAdapter } from '../../../shared/networks/x/adapter.js';
import { createAdapterRegistry } from '../../../shared/networks/registry.js';
import type { NetworkCredentials } from '../../../shared/networks/contract.js';
import { createAccountsRepository, type AccountsRepository } from '../../../shared/networks/accounts/accounts-repository.js';
import { createTestTable, type TestTable } from '../../helpers/table.js';

const NOW = Date.parse('2026-06-01T07:00:00.000Z');
const DAY = 86_400_000;

let table: TestTable;
let accounts: AccountsRepository;
let brandId: string;
let stored: Record<string, NetworkCredentials>;
let events: { detailType: string; detail: Record<string, unknown> }[];
let refreshes: string[];
let refreshFails: boolean;
let deps: ExpiryDeps;

beforeAll(async () => {
  table = await createTestTable('credential-expiry');
  accounts = createAccountsRepository(table.documentClient, table.tableName);
});
afterAll(() => table?.drop());

beforeEach(async () => {
  brandId = `brand-${randomUUID()}`;
  await accounts.put({ brandId, accountId: `${brandId}-mastodon`, network: 'mastodon', handle: '@m', baseUrl: 'http://127.0.0.1:9' });
  await accounts.put({ brandId, accountId: `${brandId}-x`, network: 'x', handle: '@x', baseUrl: 'http://127.0.0.1:9', externalId: '1' });
  await accounts.put({ brandId, accountId: `${brandId}-linkedin`, network: 'linkedin', handle: 'Brand', baseUrl: 'http://127.0.0.1:9', externalId: 'urn:li:organization:1' });
  stored = {};
  events = [];
  refreshes = [];
  refreshFails = false;
  deps = {
    accounts,
    adapters: createAdapterRegistry([createMastodonAdapter(), createLinkedInAdapter(), createXAdapter()]),
    credentials: async ({ accountId }) => stored[accountId],
    refreshCredentials: async (account) => {
      refreshes.push(account.accountId);
      if (refreshFails) throw new Error('invalid_grant');
      return (stored[account.accountId] = { accessToken: 'new', expiresAt: new Date(NOW + 60 * DAY).toISOString() });
    },
    publish: async (es) => { events.push(...es.map((e) => ({ detailType: e.entry.detailType, detail: e.entry.schema.parse(e.detail) as Record<string, unknown> }))); },
    now: () => new Date(NOW),
  };
});

const ours = () => events.filter((e) => e.detail.brandId === brandId);

describe('checkExpiringCredentials', () => {
  it('refreshes a refreshable token that expires within a week, and says nothing', async () => {
    stored[`${brandId}-linkedin`] = { accessToken: 'old', refreshToken: 'r', expiresAt: new Date(NOW + 3 * DAY).toISOString() };
    const report = await checkExpiringCredentials(deps);
    expect(report.refreshed).toContain(`${brandId}-linkedin`);
    expect(ours()).toEqual([]);
  });

  it('reports a token it cannot refresh once per expiry, not every day, and why the refresh failed', async () => {
    const expiresAt = new Date(NOW + 2 * DAY).toISOString();
    stored[`${brandId}-mastodon`] = { accessToken: 'static', expiresAt };
    stored[`${brandId}-linkedin`] = { accessToken: 'old', refreshToken: 'r', expiresAt };
    refreshFails = true;

    const first = await checkExpiringCredentials(deps);
    deps = { ...deps, now: () => new Date(NOW + DAY) };
    await checkExpiringCredentials(deps);

    expect(first.refreshFailed.filter((f) => f.accountId.startsWith(brandId))).toEqual([{ accountId: `${brandId}-linkedin`, reason: 'Error: invalid_grant' }]);
    expect(ours().map((e) => [e.detailType, e.detail.accountId, e.detail.daysLeft]).sort()).toEqual([
      ['CredentialExpiryNoticed', `${brandId}-linkedin`, 2],
      ['CredentialExpiryNoticed', `${brandId}-mastodon`, 2],
    ]);
    expect(refreshes.filter((a) => a.startsWith(brandId))).toEqual([`${brandId}-linkedin`, `${brandId}-linkedin`]);
  });

  it('reports again when a new expiry comes round, and ignores tokens that last', async () => {
    stored[`${brandId}-mastodon`] = { accessToken: 'static', expiresAt: new Date(NOW + 30 * DAY).toISOString() };
    await checkExpiringCredentials(deps);
    expect(ours()).toEqual([]);
    stored[`${brandId}-mastodon`] = { accessToken: 'static', expiresAt: new Date(NOW + DAY).toISOString() };
    await checkExpiringCredentials(deps);
    stored[`${brandId}-mastodon`] = { accessToken: 'static2', expiresAt: new Date(NOW + 5 * DAY).toISOString() };
    await checkExpiringCredentials(deps);
    expect(ours().map((e) => e.detail.daysLeft)).toEqual([1, 5]);
  });

  it('reports a LinkedIn refresh token that stops working within the week, once, though the access token lasts', async () => {
    const refreshExpiresAt = new Date(NOW + 5 * DAY).toISOString();
    stored[`${brandId}-linkedin`] = { accessToken: 'a', refreshToken: 'r', expiresAt: new Date(NOW + 50 * DAY).toISOString(), refreshExpiresAt };

    await checkExpiringCredentials(deps);
    deps = { ...deps, now: () => new Date(NOW + DAY) };
    await checkExpiringCredentials(deps);

    // A LinkedIn refresh does not renew the refresh token, so none is tried: only reconnecting helps.
    expect(refreshes.filter((a) => a.startsWith(brandId))).toEqual([]);
    expect(ours().map((e) => [e.detail.accountId, e.detail.expiresAt, e.detail.daysLeft])).toEqual([[`${brandId}-linkedin`, refreshExpiresAt, 5]]);
  });

  it('rotates an X refresh token that is about to expire instead of reporting it', async () => {
    stored[`${brandId}-x`] = { accessToken: 'a', refreshToken: 'r', expiresAt: new Date(NOW + 30 * DAY).toISOString(), refreshExpiresAt: new Date(NOW + 2 * DAY).toISOString() };

    const report = await checkExpiringCredentials(deps);

    expect(report.refreshed).toContain(`${brandId}-x`);
    expect(ours()).toEqual([]);
  });
});
