/**
 * The local web analytics secret for a demo brand, as an operator would fill it in Secrets Manager:
 * a GA4 property served by the stand-in with a service account key it issued, and a Standard
 * Webhooks signing secret for the conversion webhook. A key file and signing secret already in
 * the secrets file are kept (the stand-in adopts the key), so a restart does not change them.
 */
import { randomBytes } from 'node:crypto';
import { WEB_ANALYTICS_SECRET } from '../../../shared/analytics/web-analytics/brand-secrets.js';
import type { Ga4StandIn, ServiceAccountKeyFile } from './server.js';

export const DEMO_PROPERTY_ID = '400000001';

interface DemoEntry {
  ga4?: { propertyId?: string; serviceAccount?: ServiceAccountKeyFile; apiBaseUrl?: string };
  conversionSigningSecrets?: string[];
}

/** `secrets` with the brand's entry added to (or refreshed in) the web analytics secret. */
export function withDemoWebAnalyticsSecret(ga4: Ga4StandIn, secrets: Record<string, string>, brandId: string): Record<string, string> {
  const all = JSON.parse(secrets[WEB_ANALYTICS_SECRET] ?? '{}') as Record<string, DemoEntry>;
  const previous = all[brandId] ?? {};
  const kept = previous.ga4?.serviceAccount;
  let serviceAccount: ServiceAccountKeyFile;
  if (kept?.client_email && kept.private_key) {
    ga4.adoptServiceAccount(kept, [DEMO_PROPERTY_ID]);
    serviceAccount = { ...kept, token_uri: `${ga4.url}/token` };
  } else {
    serviceAccount = ga4.createServiceAccount(`pillars-${brandId}`, [DEMO_PROPERTY_ID]);
  }
  const entry: DemoEntry = {
    ga4: { propertyId: DEMO_PROPERTY_ID, serviceAccount, apiBaseUrl: ga4.url },
    conversionSigningSecrets: previous.conversionSigningSecrets ?? [`whsec_${randomBytes(24).toString('base64')}`],
  };
  return { ...secrets, [WEB_ANALYTICS_SECRET]: JSON.stringify({ ...all, [brandId]: entry }) };
}
