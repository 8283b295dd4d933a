/**
 * A report as a reader gets it, from the store to the screen: a brand's posts, snapshots and
 * account days are seeded in DynamoDB Local, generateReport stores index.html in the local S3,
 * and that file is opened in headless Chromium. The numbers on the page are compared with numbers
 * worked out here from the seeded data, not with the document the report was rendered from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkAccount } from '../../shared/networks/contract.js';
import type { PostMetricValues } from '../../shared/contracts/metric-names.js';
import { generateReport } from '../../shared/analytics/reports/generate-report.js';
import type { ReportRecord } from '../../shared/analytics/store/reports-repository.js';
import { REPORTS_BUCKET, seedAccount, seedFollowers, seedPublishedPost, startReportEnvironment, type ReportEnvironment } from '../helpers/report-store.js';
import { launchChromium, type Chromium, type DataNumber, type OpenedPage } from '../helpers/chromium.js';

const BRAND = 'e2e-brand';
const TIMEZONE = 'Europe/Berlin';
/** Monday 16 to Sunday 22 November 2026, whole days in Berlin (UTC+1). */
const PERIOD = { from: '2026-11-15T23:00:00Z', to: '2026-11-22T23:00:00Z' };
const DAYS = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'];

type Values = Partial<PostMetricValues>;
interface Seed { readonly id: string; readonly account: 'linkedin' | 'mastodon'; readonly at: string; readonly values: Values }

const POSTS: readonly Seed[] = [
  { id: 'e0', account: 'linkedin', at: '2026-11-11T09:00:00Z', values: { impressions: 1000, reach: 800, reactions: 20, comments: 3, shares: 2, clicks: 10 } },
  { id: 'e1', account: 'linkedin', at: '2026-11-16T09:00:00Z', values: { impressions: 1200, reach: 900, reactions: 40, comments: 6, shares: 4, clicks: 25 } },
  { id: 'e2', account: 'linkedin', at: '2026-11-19T14:00:00Z', values: { impressions: 800, reach: 650, reactions: 18, comments: 2, shares: 1, saves: 3, clicks: 9 } },
  // Mastodon reports no impressions, reach or clicks.
  { id: 'e3', account: 'mastodon', at: '2026-11-17T07:00:00Z', values: { reactions: 15, comments: 4, shares: 6 } },
  { id: 'e4', account: 'mastodon', at: '2026-11-21T18:00:00Z', values: { reactions: 9, comments: 1, shares: 2 } },
];
/** Followers per daily snapshot, 8 to 22 November: LinkedIn grows by 5 a day, Mastodon loses 1. */
const FOLLOWERS: Record<Seed['account'], Record<string, number>> = {
  linkedin: Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`2026-11-${String(8 + i).padStart(2, '0')}`, 465 + 5 * i])),
  mastodon: Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`2026-11-${String(8 + i).padStart(2, '0')}`, 308 - i])),
};
const CHANNEL = { linkedin: 'linkedin e2e', mastodon: 'mastodon @e2e' } as const;

// The arithmetic the report must agree with, written out independently of shared/.
const localDay = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: TIMEZONE }).format(new Date(iso));
const inPeriod = POSTS.filter((p) => p.at >= PERIOD.from && p.at < PERIOD.to);
const engagementsOf = (v: Values) => v.reactions! + v.comments! + v.shares! + (v.saves ?? 0);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const followersWhenPublished = (p: Seed) => FOLLOWERS[p.account][localDay(p.at)]!;
const withImpressions = inPeriod.filter((p) => p.values.impressions !== undefined);
const expected = {
  posts: inPeriod.length,
  impressions: sum(withImpressions.map((p) => p.values.impressions!)),
  reach: sum(withImpressions.map((p) => p.values.reach!)),
  engagements: sum(inPeriod.map((p) => engagementsOf(p.values))),
  clicks: sum(withImpressions.map((p) => p.values.clicks!)),
  'engagement-rate-by-impressions': (sum(withImpressions.map((p) => engagementsOf(p.values))) / sum(withImpressions.map((p) => p.values.impressions!))) * 100,
  'engagement-rate-by-reach': (sum(withImpressions.map((p) => engagementsOf(p.values))) / sum(withImpressions.map((p) => p.values.reach!))) * 100,
  'engagement-rate-by-followers': (sum(inPeriod.map((p) => engagementsOf(p.values))) / sum(inPeriod.map(followersWhenPublished))) * 100,
  'click-through-rate': (sum(withImpressions.map((p) => p.values.clicks!)) / sum(withImpressions.map((p) => p.values.impressions!))) * 100,
  // From the day before the period (15th) to its last day (22nd), over both accounts.
  'audience-growth-rate': ((FOLLOWERS.linkedin['2026-11-22']! + FOLLOWERS.mastodon['2026-11-22']! - FOLLOWERS.linkedin['2026-11-15']! - FOLLOWERS.mastodon['2026-11-15']!)
    / (FOLLOWERS.linkedin['2026-11-15']! + FOLLOWERS.mastodon['2026-11-15']!)) * 100,
};
/** Engagements of the posts published each local day, per channel; a day without posts is 0. */
const engagementsByDay = DAYS.flatMap((day) => (['linkedin', 'mastodon'] as const).map((account) => ({
  x: day, series: CHANNEL[account],
  value: sum(inPeriod.filter((p) => p.account === account && localDay(p.at) === day).map((p) => engagementsOf(p.values))),
})));

/** The number a reader sees: "3,000" → 3000, "4.25%" → 4.25, "— missing" → null. */
function visibleNumber(text: string): number | null {
  if (text.trim().startsWith('—')) return null;
  return Number(text.replace(/[^0-9.\-−]/g, '').replace('−', '-'));
}

/** Shapes ECharts drew for each series' data in a chart, leaving out its legend. */
function drawnValuesPerSeries(chartId: string, seriesCount: number): Promise<number[]> {
  return report.page.$eval(`figure[data-chart="${chartId}"] svg`, (svg, count) => Array.from({ length: count }, (_, i) =>
    svg.querySelectorAll(`[ecmeta_series_index="${i}"]:not([ecmeta_ssr_type="legend"])`).length), seriesCount);
}

let env: ReportEnvironment;
let chromium: Chromium;
let record: ReportRecord;
let report: OpenedPage;

beforeAll(async () => {
  env = await startReportEnvironment('report-e2e');
  const { harness } = env;
  const { repos } = harness;

  await repos.settings.put(BRAND, { requireApproval: false, timezone: TIMEZONE });
  const accounts: Record<Seed['account'], NetworkAccount> = {
    linkedin: await seedAccount(repos, BRAND, 'e2e-linkedin', 'linkedin', 'e2e'),
    mastodon: await seedAccount(repos, BRAND, 'e2e-mastodon', 'mastodon', '@e2e'),
  };
  for (const post of POSTS) {
    const observedAt = new Date(Date.parse(post.at) + 86_400_000).toISOString();
    await seedPublishedPost(repos, { postId: post.id, account: accounts[post.account], publishedAt: post.at, snapshots: [{ observedAt, values: post.values }] });
  }
  for (const account of ['linkedin', 'mastodon'] as const) {
    for (const [day, followers] of Object.entries(FOLLOWERS[account])) await seedFollowers(repos, accounts[account], `${day}T05:00:00Z`, followers);
  }

  harness.setNow('2026-11-23T08:00:00Z');
  record = await generateReport(harness.deps, { brandId: BRAND, input: { from: '2026-11-16', to: '2026-11-22' }, trigger: 'on_demand' });
  chromium = await launchChromium();
  report = await chromium.openFile(record.files.find((f) => f.name === 'index.html')!.path!);
});

afterAll(async () => {
  await chromium?.close();
  await env?.stop();
});

describe('a report built from the store, in Chromium', () => {
  it('renders the stored index.html: title and heading name the brand and the report', async () => {
    expect(record.location).toBe(`s3://${REPORTS_BUCKET}/reports/${BRAND}/${record.reportId}/index.html`);
    expect(await report.page.title()).toBe(`${BRAND} — Social media report`);
    expect(await report.isVisible('h1')).toBe(true);
    expect(await report.page.$eval('[data-period]', (p) => [p.getAttribute('data-from'), p.getAttribute('data-to')]))
      .toEqual([new Date(PERIOD.from).toISOString(), new Date(PERIOD.to).toISOString()]);
  });

  it('draws every chart as a visible SVG with a shape for each value it has', async () => {
    const charts = await report.charts();
    expect(charts.map((c) => c.id)).toEqual(['engagements-by-day.csv', 'impressions-by-day.csv', 'engagement-rate-by-channel.csv', 'followers-by-day.csv']);
    const values = await report.dataNumbers('data-metric');
    for (const chart of charts) {
      const data = values.filter((n) => n.data.metric === chart.id);
      const series = [...new Set(data.map((n) => n.data.series!))];
      const present = series.map((name) => data.filter((n) => n.data.series === name && n.value !== null).length);
      expect(chart.visible, `${chart.id} is visible`).toBe(true);
      expect(chart.width).toBeGreaterThan(0);
      expect(chart.height).toBeGreaterThan(0);
      expect(present.some((n) => n > 0), `${chart.id} has data`).toBe(true);
      // One bar or line symbol per value the series has; a missing value draws nothing.
      expect(await drawnValuesPerSeries(chart.id, series.length), `${chart.id} draws its values`).toEqual(present);
      if (chart.kind === 'line') expect(chart.linePaths, `${chart.id} draws a line per channel`).toHaveLength(series.length);
    }
  });

  it('shows the headline KPIs the seeded posts and followers add up to', async () => {
    const shown = await report.dataNumbers('data-kpi');
    for (const [id, value] of Object.entries(expected)) {
      const kpi = shown.find((n) => n.data.kpi === id && n.data.field === 'value');
      expect(kpi?.value, `${id} value`).toBeCloseTo(value, 10);
      expect(visibleNumber(kpi!.text), `${id} as shown`).toBe(Math.round(value * 100) / 100);
    }
  });

  it('compares with the week before, from the seeded post of that week', async () => {
    const previous = POSTS.filter((p) => p.at < PERIOD.from && Date.parse(p.at) >= Date.parse(PERIOD.from) - 7 * 86_400_000);
    const shown = await report.dataNumbers('data-kpi');
    const field = (id: string, name: string) => shown.find((n) => n.data.kpi === id && n.data.field === name)!;
    expect(field('posts', 'previous').value).toBe(previous.length);
    expect(field('impressions', 'previous').value).toBe(sum(previous.map((p) => p.values.impressions!)));
    expect(field('engagements', 'change').value).toBe(expected.engagements - sum(previous.map((p) => engagementsOf(p.values))));
  });

  it('charts the engagements of each publishing day per channel as seeded', async () => {
    const shown: DataNumber[] = (await report.dataNumbers('data-metric')).filter((n) => n.data.metric === 'engagements-by-day.csv');
    expect(shown.map((n) => ({ x: n.data.x, series: n.data.series, value: n.value }))).toEqual(engagementsByDay);
  });

  it('shows impressions Mastodon did not report as missing, not as 0', async () => {
    const shown = await report.dataNumbers('data-metric');
    const channelImpressions = (channel: string) => {
      const row = shown.find((n) => n.data.metric === 'channels.csv' && n.data.column === 'channel' && n.text === channel)!.data.row;
      return shown.find((n) => n.data.metric === 'channels.csv' && n.data.row === row && n.data.column === 'impressions')!;
    };
    expect(channelImpressions(CHANNEL.mastodon)).toMatchObject({ value: null, data: expect.objectContaining({ missing: 'true' }) });
    expect(channelImpressions(CHANNEL.mastodon).text).toContain('—');
    const linkedin = channelImpressions(CHANNEL.linkedin);
    expect(linkedin.value).toBe(expected.impressions);
    expect(visibleNumber(linkedin.text)).toBe(expected.impressions);
    const notes = await report.page.$$eval('[data-note="warning"]', (ps) => ps.map((p) => p.textContent));
    const withoutImpressions = inPeriod.length - withImpressions.length;
    expect(notes).toContain(`impressions missing for ${withoutImpressions} of ${inPeriod.length} posts; KPIs over impressions leave those out.`);
  });
});
