import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMetaStandIn, type MetaStandIn } from '../../../local/stand-ins/meta/index.js';
import { createInstagramAdapter } from '../../../shared/networks/instagram/adapter.js';

const TOKEN = 'ig-token';

describe('Meta stand-in insights', () => {
  let meta: MetaStandIn;
  let userId: string;
  let mediaId: string;

  const get = async (path: string, params: Record<string, string>) => {
    const res = await fetch(`${meta.url}/v23.0${path}?${new URLSearchParams({ ...params, access_token: TOKEN }).toString()}`);
    return { status: res.status, body: (await res.json()) as { data?: Array<Record<string, unknown>>; error?: { code?: number; message?: string } } };
  };

  beforeEach(async () => {
    meta = await startMetaStandIn();
    userId = meta.addInstagramUser({ username: 'acme', token: TOKEN }).id;
    const account = { accountId: 'ig', brandId: 'b', network: 'instagram' as const, handle: '@acme', baseUrl: meta.url, externalId: userId };
    const adapter = createInstagramAdapter({ sleep: async () => {} });
    mediaId = (await adapter.publish(account, { accessToken: TOKEN }, { text: 'x', media: [{ kind: 'image', url: 'https://cdn.example.com/a.jpg' }], idempotencyKey: 'k' })).networkPostId;
  });

  afterEach(async () => {
    await meta.close();
  });

  it('refuses the retired impressions metric with #100, as Instagram does since April 2025', async () => {
    const { status, body } = await get(`/${mediaId}/insights`, { metric: 'impressions' });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 100 });
    expect(body.error?.message).toContain('views');
  });

  it('answers media insights as lifetime values under their names', async () => {
    const { status, body } = await get(`/${mediaId}/insights`, { metric: 'views,saved' });
    expect(status).toBe(200);
    expect(body.data?.map((m) => [m.name, m.period])).toEqual([['views', 'lifetime'], ['saved', 'lifetime']]);
    expect(body.data?.[0]).toHaveProperty('values', [{ value: 0 }]);
  });

  it('requires metric_type=total_value for profile_views on a user, and then answers a total', async () => {
    const refused = await get(`/${userId}/insights`, { metric: 'profile_views', period: 'day' });
    expect(refused.body.error?.message).toContain('metric_type=total_value');
    const { body } = await get(`/${userId}/insights`, { metric: 'profile_views', period: 'day', metric_type: 'total_value' });
    expect(body.data?.[0]).toMatchObject({ name: 'profile_views', total_value: { value: expect.any(Number) } });
  });
});
