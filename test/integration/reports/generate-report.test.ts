/**
 * generateReport from the store: a brand's posts, snapshots, account days, campaign and web
 * analytics are written through the real repositories into DynamoDB Local, the report is built
 * into the local S3 and mailed through the local SES v2, and what it says is checked against
 * numbers worked out by hand from what was seeded.
 */
import { readFileSync } from 'node:fs';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SentEmail } from '../../../local/aws/server.js';
import { generateReport } from '../../../shared/analytics/reports/generate-report.js';
import type { ReportRecord } from '../../../shared/analytics/store/reports-repository.js';
import { ReportGenerated } from '../../../shared/contracts/events/catalogue.js';
import {
  REPORTS_BUCKET, REPORT_SENDER, seedAccount, seedFollowers, seedPublishedPost, startReportEnvironment, type ReportEnvironment, type ReportHarness,
} from '../../helpers/report-store.js';
import { findElement, findElements } from '../../unit/reports/html-reader.js';
import { readMime } from '../../unit/reports/mime-reader.js';

let env: ReportEnvironment;
let s3: S3Client;
let harness: ReportHarness;
let sent: SentEmail[];

beforeAll(async () => {
  env = await startReportEnvironment('reports');
  ({ s3, harness, sent } = env);
});

afterAll(async () => {
  await env?.stop();
});

const BERLIN = 'Europe/Berlin';
/** Monday 16 to Sunday 22 November 2026 in Berlin (UTC+1): 2026-11-15T23:00Z to 2026-11-22T23:00Z. */
const WEEK = { from: '2026-11-16', to: '2026-11-22' };
const GENERATED_AT = '2026-11-23T08:00:00Z';

async function readObject(key: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: REPORTS_BUCKET, Key: key }));
  return object.Body!.transformToString('utf-8');
}

/** A KPI's raw value on the page; null when the page marks it missing. */
function kpi(html: string, id: string, field: 'value' | 'previous' | 'change' = 'value'): number | null {
  const { attributes } = findElement(html, { 'data-kpi': id, 'data-field': field });
  return attributes['data-missing'] === 'true' ? null : Number(attributes['data-value']);
}

function cell(html: string, csvName: string, row: number, column: string) {
  return findElement(html, { 'data-metric': csvName, 'data-row': String(row), 'data-column': column });
}

function csvRows(csv: string): string[][] {
  return csv.trimEnd().split('\r\n').map((line) => line.split(','));
}

describe('a week with posts on three networks', () => {
  const brandId = 'acme';
  let record: ReportRecord;
  let html: string;

  beforeAll(async () => {
    const { repos } = harness;
    await repos.settings.put(brandId, { requireApproval: false, timezone: BERLIN });
    await repos.analyticsSettings.put(brandId, { reportRecipients: ['team@acme.example', 'boss@acme.example'] });
    const bluesky = await seedAccount(repos, brandId, 'acme-bluesky', 'bluesky', 'acme.example');
    const linkedin = await seedAccount(repos, brandId, 'acme-linkedin', 'linkedin', 'acme');
    const mastodon = await seedAccount(repos, brandId, 'acme-mastodon', 'mastodon', '@acme');

    // P1: 00:30 on Monday 16 in Berlin, still Sunday in UTC. Its 7-day snapshot was taken after the report.
    await seedPublishedPost(repos, {
      postId: 'p1', account: linkedin, publishedAt: '2026-11-15T23:30:00Z', pillar: 'tips', snapshots: [
        { observedAt: '2026-11-16T00:30:00Z', values: { impressions: 500, reach: 400, reactions: 20, comments: 2, shares: 1, clicks: 10 } },
        { observedAt: '2026-11-16T23:30:00Z', values: { impressions: 2000, reach: 1500, reactions: 60, comments: 10, shares: 10, clicks: 40 } },
        { observedAt: '2026-11-23T09:00:00Z', values: { impressions: 9999, reach: 9000, reactions: 600, comments: 100, shares: 100, clicks: 400 } },
      ],
    });
    await seedPublishedPost(repos, {
      postId: 'p2', account: linkedin, publishedAt: '2026-11-18T12:00:00Z', campaign: 'black-friday', pillar: 'product', snapshots: [
        { observedAt: '2026-11-19T12:00:00Z', values: { impressions: 1000, reach: 800, reactions: 20, comments: 5, shares: 5, clicks: 10 } },
      ],
    });
    // Mastodon and Bluesky report no impressions, reach or clicks.
    await seedPublishedPost(repos, {
      postId: 'p3', account: mastodon, publishedAt: '2026-11-17T18:00:00Z', pillar: 'tips', snapshots: [
        { observedAt: '2026-11-18T18:00:00Z', values: { reactions: 12, comments: 3, shares: 5 } },
      ],
    });
    await seedPublishedPost(repos, {
      postId: 'p4', account: bluesky, publishedAt: '2026-11-20T10:00:00Z', campaign: 'black-friday', pillar: 'product', snapshots: [
        { observedAt: '2026-11-21T10:00:00Z', values: { reactions: 30, comments: 4, shares: 6 } },
      ],
    });
    // P5: published, but no snapshot yet: every metric missing.
    await seedPublishedPost(repos, { postId: 'p5', account: mastodon, publishedAt: '2026-11-21T09:00:00Z' });
    // After the week: 00:30 on Monday 23 in Berlin, still Sunday 22 in UTC.
    await seedPublishedPost(repos, {
      postId: 'p-after', account: linkedin, publishedAt: '2026-11-22T23:30:00Z', snapshots: [
        { observedAt: '2026-11-23T00:30:00Z', values: { impressions: 5000, reach: 4000, reactions: 50, comments: 5, shares: 5, clicks: 50 } },
      ],
    });
    // The week before.
    await seedPublishedPost(repos, {
      postId: 'q1', account: linkedin, publishedAt: '2026-11-10T08:00:00Z', snapshots: [
        { observedAt: '2026-11-11T08:00:00Z', values: { impressions: 1000, reach: 900, reactions: 30, comments: 5, shares: 5, clicks: 20 } },
      ],
    });
    await seedPublishedPost(repos, {
      postId: 'q2', account: mastodon, publishedAt: '2026-11-12T08:00:00Z', snapshots: [
        { observedAt: '2026-11-13T08:00:00Z', values: { reactions: 10, comments: 2, shares: 3 } },
      ],
    });

    await seedFollowers(repos, linkedin, '2026-11-08T05:00:00Z', 950);
    await seedFollowers(repos, mastodon, '2026-11-08T05:00:00Z', 390);
    await seedFollowers(repos, linkedin, '2026-11-15T05:00:00Z', 1000);
    await seedFollowers(repos, mastodon, '2026-11-15T05:00:00Z', 400);
    await seedFollowers(repos, bluesky, '2026-11-15T05:00:00Z', null);
    await seedFollowers(repos, bluesky, '2026-11-16T05:00:00Z', 200);
    await seedFollowers(repos, linkedin, '2026-11-19T05:00:00Z', 1040);
    await seedFollowers(repos, linkedin, '2026-11-22T05:00:00Z', 1100);
    await seedFollowers(repos, mastodon, '2026-11-22T05:00:00Z', 410);
    await seedFollowers(repos, bluesky, '2026-11-22T05:00:00Z', 250);

    await repos.campaigns.put(brandId, { name: 'black-friday', cost: 500, currency: 'EUR', updatedAt: '2026-11-01T00:00:00Z', updatedBy: 'ann' });
    const ga4 = (day: string, source: string, sessions: number, conversions: number, revenue: number) =>
      ({ brandId, day, source, medium: 'social', campaign: 'black-friday', sessions, conversions, revenue, currency: 'EUR' });
    await repos.webAnalytics.replaceDay(brandId, '2026-11-10', [ga4('2026-11-10', 'linkedin', 999, 9, 999)]);
    await repos.webAnalytics.replaceDay(brandId, '2026-11-18', [ga4('2026-11-18', 'linkedin', 120, 3, 300)]);
    await repos.webAnalytics.replaceDay(brandId, '2026-11-20', [ga4('2026-11-20', 'bluesky', 40, 1, 100)]);
    await repos.conversions.putOnce({
      brandId, conversionId: 'c1', occurredAt: '2026-11-20T15:00:00Z', value: 150, currency: 'EUR', source: 'bluesky', medium: 'social',
      campaign: 'black-friday', orderId: 'o-1', webhookId: 'msg_1', receivedAt: '2026-11-20T15:00:01Z',
    });

    harness.setNow(GENERATED_AT);
    record = await generateReport(harness.deps, { brandId, input: WEEK, trigger: 'on_demand', requestedBy: 'ann' });
    html = await readObject(`reports/${brandId}/${record.reportId}/index.html`);
  });

  it('records the period as whole Berlin days, the five posts published in it, and where every file is', async () => {
    const csvNames = [
      'engagements-by-day.csv', 'impressions-by-day.csv', 'channels.csv', 'engagement-rate-by-channel.csv', 'top-posts.csv',
      'by-pillar.csv', 'by-campaign.csv', 'followers-by-day.csv', 'best-times.csv', 'campaign-roi.csv',
    ];
    expect(record).toMatchObject({
      brandId, from: '2026-11-15T23:00:00.000Z', to: '2026-11-22T23:00:00.000Z', timezone: BERLIN, generatedAt: '2026-11-23T08:00:00.000Z',
      trigger: 'on_demand', requestedBy: 'ann', posts: 5, location: `s3://${REPORTS_BUCKET}/reports/${brandId}/${record.reportId}/index.html`,
    });
    expect(record.files.map((f) => f.name)).toEqual(['index.html', ...csvNames]);
    for (const file of record.files) {
      expect(file.location).toBe(`s3://${REPORTS_BUCKET}/reports/${brandId}/${record.reportId}/${file.name}`);
      expect(readFileSync(file.path!, 'utf8'), `${file.name} on disk`).toBe(await readObject(`reports/${brandId}/${record.reportId}/${file.name}`));
      expect(Buffer.byteLength(readFileSync(file.path!, 'utf8'))).toBe(file.bytes);
    }
    expect(await harness.repos.reports.get(brandId, record.reportId)).toEqual(record);
  });

  it('announces ReportGenerated with the period and the location of index.html', () => {
    const announced = harness.published.filter((e) => e.entry === ReportGenerated).map((e) => e.detail as { reportId: string });
    expect(announced.filter((detail) => detail.reportId === record.reportId)).toEqual([{
      schemaVersion: 1, brandId, reportId: record.reportId, from: record.from, to: record.to, location: record.location, trigger: 'on_demand',
    }]);
  });

  it('mails the report with its CSVs to the recipients in the analytics settings', () => {
    const mails = sent.filter((e) => e.to.includes('team@acme.example'));
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ from: REPORT_SENDER, to: ['team@acme.example', 'boss@acme.example'] });
    expect(record.mailedTo).toEqual(['team@acme.example', 'boss@acme.example']);
    const mime = readMime(readFileSync(mails[0]!.path, 'latin1'));
    const attachments = mime.parts.filter((p) => p.contentType === 'text/csv').map((p) => p.params.name);
    expect(attachments).toEqual(record.files.slice(1).map((f) => f.name));
    const htmlPart = mime.parts.flatMap((p) => [p, ...p.parts]).find((p) => p.contentType === 'text/html')!;
    // Rendered again for the mail (its charts' SVG ids differ), with the same numbers as the stored report.
    const numbers = (page: string) => findElements(page, {}).filter((e) => 'data-value' in e.attributes).map((e) => e.attributes);
    expect(numbers(htmlPart.body.toString('utf8'))).toEqual(numbers(html));
    expect(numbers(html).length).toBeGreaterThan(100);
  });

  it('sums only what the networks returned and counts only published posts of the week', () => {
    expect(kpi(html, 'posts')).toBe(5); // p1..p5; not p-after (Monday 23 in Berlin), not p-failed
    expect(kpi(html, 'impressions')).toBe(3000); // p1 2000 + p2 1000; p3, p4, p5 did not report impressions
    expect(kpi(html, 'reach')).toBe(2300); // 1500 + 800
    expect(kpi(html, 'engagements')).toBe(170); // p1 60+10+10, p2 20+5+5, p3 12+3+5, p4 30+4+6 = 80+30+20+40; p5 missing
    expect(kpi(html, 'clicks')).toBe(50); // 40 + 10
  });

  it('computes each headline KPI as Σ numerator / Σ denominator over the posts that reported both', () => {
    // Engagement rate by impressions: only p1 and p2 have impressions: (80 + 30) / (2000 + 1000) × 100.
    expect(kpi(html, 'engagement-rate-by-impressions')).toBeCloseTo((110 / 3000) * 100, 10);
    // By reach: (80 + 30) / (1500 + 800) × 100.
    expect(kpi(html, 'engagement-rate-by-reach')).toBeCloseTo((110 / 2300) * 100, 10);
    // By followers on the publishing day (latest daily count at or before it): p1 and p2 LinkedIn 1000 (15 Nov),
    // p3 Mastodon 400 (15 Nov), p4 Bluesky 200 (16 Nov, as 15 Nov was not reported): 170 / 2600 × 100.
    expect(kpi(html, 'engagement-rate-by-followers')).toBeCloseTo((170 / 2600) * 100, 10);
    expect(kpi(html, 'click-through-rate')).toBeCloseTo((50 / 3000) * 100, 10); // (40 + 10) / 3000 × 100
    expect(kpi(html, 'virality-rate')).toBeCloseTo((15 / 3000) * 100, 10); // shares (10 + 5) / 3000 × 100
    expect(kpi(html, 'amplification-per-post')).toBeCloseTo(26 / 4, 10); // shares 10 + 5 + 5 + 6 over the 4 posts that reported them
    expect(kpi(html, 'applause-per-post')).toBeCloseTo(122 / 4, 10); // reactions 60 + 20 + 12 + 30
    expect(kpi(html, 'conversation-per-post')).toBeCloseTo(22 / 4, 10); // comments 10 + 5 + 3 + 4
    // Followers from the day before the week to its last day, over accounts that reported both:
    // LinkedIn 1000 → 1100, Mastodon 400 → 410, Bluesky 200 (16th) → 250: (1760 − 1600) / 1600 × 100.
    expect(kpi(html, 'audience-growth-rate')).toBeCloseTo(10, 10);
  });

  it('compares with the week before: previous values and the change between them', () => {
    expect(kpi(html, 'posts', 'previous')).toBe(2); // q1, q2
    expect(kpi(html, 'posts', 'change')).toBe(3);
    expect(kpi(html, 'impressions', 'previous')).toBe(1000);
    expect(kpi(html, 'engagements', 'previous')).toBe(55); // q1 30+5+5, q2 10+2+3
    // q1 alone has impressions: 40 / 1000 × 100 = 4 %; the change is in percentage points.
    expect(kpi(html, 'engagement-rate-by-impressions', 'previous')).toBeCloseTo(4, 10);
    expect(kpi(html, 'engagement-rate-by-impressions', 'change')).toBeCloseTo((110 / 3000) * 100 - 4, 10);
    // q1 LinkedIn 950 and q2 Mastodon 390 followers (8 Nov): 55 / 1340 × 100.
    expect(kpi(html, 'engagement-rate-by-followers', 'previous')).toBeCloseTo((55 / 1340) * 100, 10);
    // 8 → 15 Nov: LinkedIn 950 → 1000, Mastodon 390 → 400, Bluesky reported none: (1400 − 1340) / 1340 × 100.
    expect(kpi(html, 'audience-growth-rate', 'previous')).toBeCloseTo((60 / 1340) * 100, 10);
    expect(kpi(html, 'virality-rate', 'change')).toBeCloseTo(0, 10); // 0.5 % both weeks
    expect(findElement(html, { 'data-kpi-row': 'virality-rate' }).attributes['data-verdict']).toBe('same');
    expect(findElement(html, { 'data-kpi-row': 'engagements' }).attributes['data-verdict']).toBe('better');
  });

  it('shows a metric a network did not return as missing, with how many posts lack it, never as 0', async () => {
    const notes = findElements(html, { 'data-note': 'warning' }).map((n) => n.text);
    expect(notes).toEqual([
      'impressions missing for 3 of 5 posts; KPIs over impressions leave those out.',
      'reach missing for 3 of 5 posts; KPIs over reach leave those out.',
      'reactions missing for 1 of 5 posts; KPIs over reactions leave those out.',
      'comments missing for 1 of 5 posts; KPIs over comments leave those out.',
      'shares missing for 1 of 5 posts; KPIs over shares leave those out.',
      'clicks missing for 3 of 5 posts; KPIs over clicks leave those out.',
    ]);
    // Channels, by account id: bluesky, linkedin, mastodon. Bluesky's only post reported no impressions.
    const blueskyImpressions = cell(html, 'channels.csv', 0, 'impressions');
    expect(blueskyImpressions.attributes).toMatchObject({ 'data-missing': 'true', 'data-value': '' });
    expect(blueskyImpressions.text).toContain('—');
    expect(cell(html, 'channels.csv', 1, 'impressions').attributes['data-value']).toBe('3000');
    // Day by day: a day without posts is 0, a day whose posts did not report impressions is a gap (an empty CSV cell).
    const impressionsCsv = csvRows(await readObject(`reports/${brandId}/${record.reportId}/impressions-by-day.csv`));
    expect(impressionsCsv).toEqual([
      ['day (Europe/Berlin)', 'bluesky acme.example', 'linkedin acme', 'mastodon @acme'],
      ['2026-11-16', '0', '2000', '0'],
      ['2026-11-17', '0', '0', ''],
      ['2026-11-18', '0', '1000', '0'],
      ['2026-11-19', '0', '0', '0'],
      ['2026-11-20', '', '0', '0'],
      ['2026-11-21', '0', '0', ''],
      ['2026-11-22', '0', '0', '0'],
    ]);
  });

  it('gives each channel its posts, engagement rates and audience growth', async () => {
    const channels = csvRows(await readObject(`reports/${brandId}/${record.reportId}/channels.csv`));
    expect(channels[0]).toEqual(['channel', 'posts', 'impressions', 'engagements', 'er-impressions', 'er-followers', 'followers', 'growth']);
    const numbers = channels.slice(1).map(([name, ...rest]) => [name, ...rest.map((v) => (v === '' ? null : Number(v)))]);
    expect(numbers[0]).toEqual(['bluesky acme.example', 1, null, 40, null, (40 / 200) * 100, 250, (50 / 200) * 100]);
    // LinkedIn: p1 + p2; ER by followers (80 + 30) / (1000 + 1000) × 100; growth 1000 → 1100.
    expect(numbers[1]!.slice(0, 4)).toEqual(['linkedin acme', 2, 3000, 110]);
    expect(numbers[1]![4]).toBeCloseTo((110 / 3000) * 100, 10);
    expect(numbers[1]!.slice(5)).toEqual([5.5, 1100, 10]);
    // Mastodon: p3 + p5 (all missing): engagements and ER by followers over p3 alone; growth 400 → 410.
    expect(numbers[2]).toEqual(['mastodon @acme', 2, null, 20, null, 5, 410, 2.5]);
  });

  it('ranks the posts by engagement rate by followers when most posts lack impressions, leaving out the one without metrics', () => {
    const ranked = findElements(html, { 'data-metric': 'top-posts.csv', 'data-column': 'post' }).map((e) => e.text);
    const values = findElements(html, { 'data-metric': 'top-posts.csv', 'data-column': 'kpi' }).map((e) => Number(e.attributes['data-value']));
    // p4 40/200, p1 80/1000, p3 20/400, p2 30/1000 (× 100).
    expect(ranked).toEqual(['Post p4', 'Post p1', 'Post p3', 'Post p2']);
    expect(values).toEqual([20, 8, 5, 3]);
    expect(findElements(html, { 'data-note': 'info' }).map((n) => n.text)).toContain('1 of 5 posts are not ranked: their engagement rate by followers is missing.');
  });

  it('reports the campaign\'s ROI from its cost, GA4 sessions and the webhook\'s conversion over GA4\'s for the same day and source', async () => {
    const roi = csvRows(await readObject(`reports/${brandId}/${record.reportId}/campaign-roi.csv`));
    expect(roi[0]).toEqual(['campaign', 'currency', 'cost', 'sessions', 'conversions', 'revenue', 'roas', 'roi', 'cpe', 'cpc', 'cpm']);
    // Sessions 120 + 40 (10 Nov is outside the week); conversions 3 (GA4, 18th) + 1 (webhook, replacing GA4's
    // 1 on the 20th); revenue 300 + 150; ROAS 450 / 500; ROI (450 − 500) / 500 × 100; CPE 500 / (30 + 40)
    // engagements of p2 and p4; CPC and CPM missing because p4 (Bluesky) reported no clicks or impressions.
    const [name, currency, ...numbers] = roi[1]!;
    expect([name, currency]).toEqual(['black-friday', 'EUR']);
    expect(numbers.slice(0, 6).map(Number)).toEqual([500, 160, 4, 450, 0.9, -10]);
    expect(Number(numbers[6])).toBeCloseTo(500 / 70, 10);
    expect(numbers[7]).toBe('');
    expect(numbers[8]).toBe('');
    expect(roi).toHaveLength(2);
  });

  it('uses each post\'s latest snapshot at or before generation time, never one observed after it', async () => {
    // p1's snapshot of 2026-11-23T09:00Z (impressions 9999) came after 08:00, so p1 counts with 2000.
    expect(cell(html, 'top-posts.csv', 1, 'impressions').attributes['data-value']).toBe('2000');
    // Generated at the very instant it was observed, it is used: at or before.
    harness.setNow('2026-11-23T09:00:00Z');
    const later = await generateReport(harness.deps, { brandId, input: WEEK, trigger: 'on_demand' });
    const laterHtml = await readObject(`reports/${brandId}/${later.reportId}/index.html`);
    expect(kpi(laterHtml, 'impressions')).toBe(9999 + 1000);
    harness.setNow(GENERATED_AT);
  });
});

describe('a week with no posts', () => {
  const brandId = 'quiet';
  let record: ReportRecord;
  let html: string;

  beforeAll(async () => {
    const { repos } = harness;
    await repos.settings.put(brandId, { requireApproval: false, timezone: 'America/New_York' });
    const mastodon = await seedAccount(repos, brandId, 'quiet-mastodon', 'mastodon', '@quiet');
    await seedPublishedPost(repos, {
      postId: 'old', account: mastodon, publishedAt: '2026-11-12T15:00:00Z',
      snapshots: [{ observedAt: '2026-11-13T15:00:00Z', values: { reactions: 4, comments: 1, shares: 0 } }],
    });
    harness.setNow(GENERATED_AT);
    record = await generateReport(harness.deps, { brandId, input: WEEK, trigger: 'on_demand' });
    html = await readObject(`reports/${brandId}/${record.reportId}/index.html`);
  });

  it('says no posts were published in the period instead of showing zeros', () => {
    expect(record.posts).toBe(0);
    expect(record.from).toBe('2026-11-16T05:00:00.000Z'); // midnight in New York (UTC−5)
    expect(findElements(html, { 'data-note': 'info' }).map((n) => n.text)).toContain('No posts were published between 16 Nov 2026 and 22 Nov 2026.');
    expect(kpi(html, 'posts')).toBe(0);
    expect(kpi(html, 'posts', 'previous')).toBe(1);
    // The post count is the only number that is 0: no sums, rates or daily series stand in for data that does not exist.
    const zeros = findElements(html, { 'data-value': '0' }).map((e) => e.attributes);
    expect(zeros).toEqual([expect.objectContaining({ 'data-kpi': 'posts', 'data-field': 'value' })]);
    const sections = findElements(html, {}).map((e) => e.attributes['data-section']).filter(Boolean);
    expect(sections).not.toContain('performance');
    expect(sections).not.toContain('top-posts');
    expect(sections).not.toContain('content');
  });

  it('is stored but not mailed where no sender identity is configured, even with recipients', async () => {
    await harness.repos.analyticsSettings.put(brandId, { reportRecipients: ['team@quiet.example'] });
    const unsent = await generateReport({ ...harness.deps, mail: undefined }, { brandId, input: WEEK, trigger: 'on_demand' });
    expect(unsent.mailedTo).toBeUndefined();
    expect(await readObject(`reports/${brandId}/${unsent.reportId}/index.html`)).toContain('No posts were published between');
    expect(sent.filter((e) => e.to.includes('team@quiet.example'))).toEqual([]);
    await harness.repos.analyticsSettings.put(brandId, {});
  });

  it('is stored but not mailed when the brand has no report recipients', () => {
    expect(record.mailedTo).toBeUndefined();
    expect(sent.filter((e) => e.to.some((to) => to.includes('quiet')))).toEqual([]);
    expect(sent.every((e) => e.to.includes('team@acme.example'))).toBe(true);
  });
});

describe('a Berlin brand over a daylight-saving switch', () => {
  // The last Sundays of March (23 hours, 02:00 → 03:00) and October (25 hours, 03:00 → 02:00) 2026.
  it.each([
    {
      brandId: 'berlin-spring', from: '2026-03-28', to: '2026-03-30', period: ['2026-03-27T23:00:00.000Z', '2026-03-30T22:00:00.000Z'],
      posts: [
        { at: '2026-03-28T23:30:00Z', day: '2026-03-29' }, // 00:30 CET
        { at: '2026-03-29T21:30:00Z', day: '2026-03-29' }, // 23:30 CEST
        { at: '2026-03-29T22:30:00Z', day: '2026-03-30' }, // 00:30 CEST; UTC+1 would say 23:30 on the 29th
      ],
    },
    {
      brandId: 'berlin-autumn', from: '2026-10-24', to: '2026-10-26', period: ['2026-10-23T22:00:00.000Z', '2026-10-26T23:00:00.000Z'],
      posts: [
        { at: '2026-10-24T22:30:00Z', day: '2026-10-25' }, // 00:30 CEST; UTC+1 would say 23:30 on the 24th
        { at: '2026-10-25T22:30:00Z', day: '2026-10-25' }, // 23:30 CET; UTC+2 would say 00:30 on the 26th
        { at: '2026-10-25T23:30:00Z', day: '2026-10-26' }, // 00:30 CET
      ],
    },
  ])('$brandId: the period is whole local days and each post lands on its local day', async ({ brandId, from, to, period, posts }) => {
    const { repos } = harness;
    await repos.settings.put(brandId, { requireApproval: false, timezone: BERLIN });
    const account = await seedAccount(repos, brandId, `${brandId}-mastodon`, 'mastodon', `@${brandId}`);
    // Engagements 1, 10 and 100, so each day's sum says which posts it holds.
    for (const [i, post] of posts.entries()) {
      await seedPublishedPost(repos, {
        postId: `d${i}`, account, publishedAt: post.at,
        snapshots: [{ observedAt: new Date(Date.parse(post.at) + 3_600_000).toISOString(), values: { reactions: 10 ** i, comments: 0, shares: 0 } }],
      });
    }
    harness.setNow('2026-11-23T08:00:00Z');
    const record = await generateReport(harness.deps, { brandId, input: { from, to }, trigger: 'on_demand' });
    expect([record.from, record.to]).toEqual(period);
    expect(record.posts).toBe(3);
    const csv = csvRows(await readObject(`reports/${brandId}/${record.reportId}/engagements-by-day.csv`));
    const byDay = Object.fromEntries(csv.slice(1).map(([day, value]) => [day, Number(value)]));
    const expected = Object.fromEntries([from, posts[0]!.day, to].map((day) => [day, 0]));
    posts.forEach((post, i) => { expected[post.day] = (expected[post.day] ?? 0) + 10 ** i; });
    expect(byDay).toEqual(expected);
  });

  it('starts audience growth on the calendar day before the period, even when that day was 23 hours long', async () => {
    const { repos } = harness;
    const brandId = 'berlin-growth';
    await repos.settings.put(brandId, { requireApproval: false, timezone: BERLIN });
    const account = await seedAccount(repos, brandId, `${brandId}-mastodon`, 'mastodon', '@growth');
    await seedFollowers(repos, account, '2026-03-28T05:00:00Z', 100);
    await seedFollowers(repos, account, '2026-03-29T05:00:00Z', 200); // the switch day, the day before the week
    await seedFollowers(repos, account, '2026-04-05T05:00:00Z', 220);
    await seedPublishedPost(repos, {
      postId: 'g1', account, publishedAt: '2026-04-01T09:00:00Z',
      snapshots: [{ observedAt: '2026-04-02T09:00:00Z', values: { reactions: 5, comments: 1, shares: 1 } }],
    });
    harness.setNow('2026-04-06T08:00:00Z');
    // The week of Monday 30 March (the default on Monday 6 April): 200 → 220 is (220 − 200) / 200 × 100 = 10 %.
    const record = await generateReport(harness.deps, { brandId, trigger: 'schedule' });
    const page = await readObject(`reports/${brandId}/${record.reportId}/index.html`);
    expect(record.from).toBe('2026-03-29T22:00:00.000Z');
    expect(kpi(page, 'audience-growth-rate')).toBeCloseTo(10, 10);
  });
});
