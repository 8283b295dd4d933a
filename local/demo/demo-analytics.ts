/**
 * The analytics half of the `npm start` demo. Before the week: the demo brand snapshots its posts
 * at compressed ages, names who gets the report, and enters what its campaigns cost. After it:
 * the collectors run as their schedules would run them, the shop reports a signed conversion,
 * and a report is built — HTML with charts plus CSVs, stored in the local S3 folder and mailed to
 * the local outbox as an .eml file.
 */
import { randomUUID } from 'node:crypto';
import type { Runtime } from '../runtime.js';
import type { DemoCall } from './demo-api.js';
import { DEMO_BRAND } from '../local-config.js';
import { WEB_ANALYTICS_SECRET } from '../../shared/analytics/web-analytics/brand-secrets.js';
import { standardWebhookSignature } from '../../shared/analytics/web-analytics/standard-webhooks.js';

/**
 * A demo "day" lasts seconds, so its snapshots are taken seconds after publishing; the stand-ins
 * age engagement at the same pace (see stand-ins/engagement.ts), so these are hours and days there.
 */
export const DEMO_SNAPSHOT_AGES = ['1s', '3s', '8s'];
const LAST_AGE_MS = 8_000;
export const DEMO_REPORT_RECIPIENT = 'marketing@demo.example';

export async function prepareAnalyticsDemo(call: DemoCall): Promise<void> {
  await call('PUT', '/analytics/settings', { snapshotAges: DEMO_SNAPSHOT_AGES, reportRecipients: [DEMO_REPORT_RECIPIENT] });
  await call('PUT', '/campaigns/launch-week', { cost: 1500, currency: 'EUR', notes: 'Spring launch: creative and influencer fees' });
  await call('PUT', '/campaigns/community', { cost: 400, currency: 'EUR' });
}

export interface AnalyticsDemoResult {
  readonly reportId: string;
  /** index.html on disk. */
  readonly reportPath?: string;
  readonly files: number;
  readonly posts: number;
  readonly snapshots: { taken: number; partial: number; deferred: number; missing: number };
  readonly emailPath?: string;
}

export async function runAnalyticsDemo(runtime: Runtime, call: DemoCall, secrets: Record<string, string>): Promise<AnalyticsDemoResult> {
  // Every planned age of the last post has come.
  await new Promise((r) => setTimeout(r, LAST_AGE_MS + 1_000));
  const invoke = async (entry: string, event: unknown) => {
    const result = await runtime.invokeAsync(runtime.functionNameFor(entry), event);
    if (!result.ok) throw new Error(`${entry}: ${result.errorType}: ${result.errorMessage}`);
    return result.result as Record<string, unknown>;
  };
  const today = new Date().toISOString().slice(0, 10);
  const snapshots = await invoke('functions/analytics/collect-post-metrics.ts', scheduledEvent());
  await invoke('functions/analytics/collect-account-metrics.ts', scheduledEvent());
  await invoke('functions/analytics/collect-web-analytics.ts', { day: today, brandId: DEMO_BRAND });
  await sendConversion(runtime, secrets, today);

  const report = await call('POST', '/reports', { from: today, to: today });
  const emailPath = runtime.emails.at(-1)?.path;
  return {
    reportId: report.reportId, reportPath: report.files[0]?.path, files: report.files.length, posts: report.posts,
    snapshots: snapshots as unknown as AnalyticsDemoResult['snapshots'], emailPath,
  };
}

/** What the shop's checkout would send: one purchase from the launch campaign, signed. */
async function sendConversion(runtime: Runtime, secrets: Record<string, string>, today: string): Promise<void> {
  const entry = (JSON.parse(secrets[WEB_ANALYTICS_SECRET] ?? '{}') as Record<string, { conversionSigningSecrets?: string[] }>)[DEMO_BRAND];
  const secret = entry?.conversionSigningSecrets?.[0];
  if (!secret) throw new Error(`no conversion signing secret for brand ${DEMO_BRAND} in ${WEB_ANALYTICS_SECRET}`);
  const body = JSON.stringify({
    conversionId: `demo-${today}`, occurredAt: new Date().toISOString(), value: 129.9, currency: 'EUR',
    utm_source: 'mastodon', utm_medium: 'social', utm_campaign: 'launch-week', orderId: `order-${today}`,
  });
  const id = `msg_${randomUUID()}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const res = await fetch(`${runtime.apiUrl}/webhooks/conversions/${DEMO_BRAND}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': standardWebhookSignature(secret, id, timestamp, body) },
    body,
  });
  if (!res.ok) throw new Error(`conversion webhook → ${res.status}: ${await res.text()}`);
}

/** The event an EventBridge schedule rule delivers. */
function scheduledEvent() {
  return { version: '0', id: randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} };
}
