import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startGa4StandIn, type Ga4StandIn } from '../../../local/stand-ins/ga4/server.js';
import { withDemoWebAnalyticsSecret } from '../../../local/stand-ins/ga4/demo-secret.js';
import { startAwsServices, type AwsServices } from '../../../local/aws/server.js';
import { createWebAnalyticsSecrets, WEB_ANALYTICS_SECRET } from '../../../shared/analytics/web-analytics/brand-secrets.js';
import { createGa4ClientsForBrands } from '../../../shared/analytics/web-analytics/ga4-for-brand.js';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../helpers/local-clients.js';

let first: Ga4StandIn;
let restarted: Ga4StandIn;
let services: AwsServices | undefined;
beforeAll(async () => {
  first = await startGa4StandIn();
  restarted = await startGa4StandIn();
});
afterAll(async () => {
  await Promise.all([first?.close(), restarted?.close(), services?.close()]);
});

describe('withDemoWebAnalyticsSecret', () => {
  it('seeds a GA4 entry and signing secret the real client reads, and keeps both across a restart', async () => {
    const seeded = withDemoWebAnalyticsSecret(first, { other: 'kept' }, 'demo');
    const again = withDemoWebAnalyticsSecret(restarted, seeded, 'demo');
    expect(again.other).toBe('kept');
    const [before, after] = [seeded, again].map((s) => JSON.parse(s[WEB_ANALYTICS_SECRET]!).demo);
    expect(after.ga4.serviceAccount.private_key).toBe(before.ga4.serviceAccount.private_key);
    expect(after.conversionSigningSecrets).toEqual(before.conversionSigningSecrets);
    expect(after.ga4.apiBaseUrl).toBe(restarted.url);

    services = await startAwsServices({ onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => undefined, secrets: again });
    const client = new SecretsManagerClient({ endpoint: services.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const secrets = createWebAnalyticsSecrets(client, WEB_ANALYTICS_SECRET);
    expect(await secrets.brandsWithGa4()).toEqual(['demo']);
    const ga4 = await createGa4ClientsForBrands(secrets)('demo');
    expect((await ga4!.runReport('2026-11-25')).rows.length).toBeGreaterThan(0);
    client.destroy();
  });

  it('names the field of a malformed brand entry and how to fix it', async () => {
    const own = await startAwsServices({
      onEvents: () => {}, onScheduleDue: () => {}, nextFireTime: () => undefined,
      secrets: { bad: JSON.stringify({ shop: { ga4: { propertyId: 'properties/12', serviceAccount: {} }, conversionSigningSecrets: ['s3cr3t'] } }) },
    });
    const client = new SecretsManagerClient({ endpoint: own.url, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    const read = createWebAnalyticsSecrets(client, 'bad').forBrand('shop');
    await expect(read).rejects.toThrow('shop.ga4.propertyId: must be the numeric GA4 property id');
    await expect(read).rejects.toThrow('shop.ga4.serviceAccount.client_email');
    await expect(read).rejects.toThrow('shop.conversionSigningSecrets.0: must start with whsec_');
    client.destroy();
    await own.close();
  });
});
