/**
 * The weekly run over every brand with connected accounts, against DynamoDB Local and the local
 * S3 and SES v2: one report per brand, a failing brand does not stop the others, and the retry
 * after a failed run mails nobody twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SentEmail } from '../../../local/aws/server.js';
import { generateWeeklyReports } from '../../../shared/analytics/reports/weekly-reports.js';
import { seedAccount, seedPublishedPost, startReportEnvironment, type ReportEnvironment, type ReportHarness } from '../../helpers/report-store.js';

let env: ReportEnvironment;
let harness: ReportHarness;
let sent: SentEmail[];

beforeAll(async () => {
  env = await startReportEnvironment('weekly-reports');
  ({ harness, sent } = env);
});

afterAll(async () => {
  await env?.stop();
});

const mailsTo = (address: string) => sent.filter((e) => e.to.includes(address));

describe('generateWeeklyReports', () => {
  // A brand id with a "/" cannot name a report folder, so its report fails when stored; it sorts first.
  const BROKEN = 'acme/emea';

  beforeAll(async () => {
    const { repos } = harness;
    await repos.settings.put('alpha', { requireApproval: false, timezone: 'Europe/Berlin' });
    await repos.analyticsSettings.put('alpha', { reportRecipients: ['team@alpha.example'] });
    const alphaMastodon = await seedAccount(repos, 'alpha', 'alpha-mastodon', 'mastodon', '@alpha');
    await seedAccount(repos, 'alpha', 'alpha-bluesky', 'bluesky', 'alpha.example');
    await seedPublishedPost(repos, {
      postId: 'a1', account: alphaMastodon, publishedAt: '2026-11-18T09:00:00Z',
      snapshots: [{ observedAt: '2026-11-19T09:00:00Z', values: { reactions: 8, comments: 1, shares: 2 } }],
    });
    await repos.settings.put('beta', { requireApproval: false, timezone: 'America/New_York' });
    await repos.analyticsSettings.put('beta', { reportRecipients: ['team@beta.example'] });
    await seedAccount(repos, 'beta', 'beta-linkedin', 'linkedin', 'beta');
    await repos.analyticsSettings.put(BROKEN, { reportRecipients: ['team@emea.example'] });
    await seedAccount(repos, BROKEN, 'emea-x', 'x', 'acme_emea');
    // Settings and recipients, but no connected account: nothing to report on.
    await repos.analyticsSettings.put('gamma', { reportRecipients: ['team@gamma.example'] });
    // Monday 23 November: 13:00 in Berlin, 07:00 in New York, both past their Monday 06:00.
    harness.setNow('2026-11-23T12:00:00Z');
  });

  it('builds one report per brand with accounts for its last 7 local days, and names the brand that failed', async () => {
    await expect(generateWeeklyReports(harness.deps)).rejects.toThrow('weekly report failed for 1 brand(s): acme/emea');

    const alpha = await harness.repos.reports.list('alpha', 10);
    expect(alpha.map((r) => ({ from: r.from, to: r.to, trigger: r.trigger, posts: r.posts }))).toEqual([
      { from: '2026-11-15T23:00:00.000Z', to: '2026-11-22T23:00:00.000Z', trigger: 'schedule', posts: 1 },
    ]);
    const beta = await harness.repos.reports.list('beta', 10);
    expect(beta.map((r) => ({ from: r.from, to: r.to, trigger: r.trigger, posts: r.posts }))).toEqual([
      { from: '2026-11-16T05:00:00.000Z', to: '2026-11-23T05:00:00.000Z', trigger: 'schedule', posts: 0 },
    ]);
    expect(await harness.repos.reports.list(BROKEN, 10)).toEqual([]);
    expect(await harness.repos.reports.list('gamma', 10)).toEqual([]);

    expect(mailsTo('team@alpha.example')).toHaveLength(1);
    expect(mailsTo('team@beta.example')).toHaveLength(1);
    expect(mailsTo('team@emea.example')).toEqual([]);
    expect(mailsTo('team@gamma.example')).toEqual([]);
  });

  it('on the retry skips the brands already done, so nobody gets the report twice', async () => {
    const before = { alpha: await harness.repos.reports.list('alpha', 10), beta: await harness.repos.reports.list('beta', 10) };

    await expect(generateWeeklyReports(harness.deps)).rejects.toThrow('weekly report failed for 1 brand(s): acme/emea');

    expect(await harness.repos.reports.list('alpha', 10)).toEqual(before.alpha);
    expect(await harness.repos.reports.list('beta', 10)).toEqual(before.beta);
    expect(mailsTo('team@alpha.example')).toHaveLength(1);
    expect(mailsTo('team@beta.example')).toHaveLength(1);
  });

  it('without the failing brand, returns what it did: brands, generated, skipped, none failed', async () => {
    // As if the broken brand's account had been disconnected.
    const fixed = { ...harness.deps, accounts: { ...harness.deps.accounts, listAll: async () => (await harness.deps.accounts.listAll()).filter((a) => a.brandId !== BROKEN) } };

    expect(await generateWeeklyReports(fixed)).toEqual({ brands: 2, generated: 0, skipped: 2, notYet: 0, failed: [] });

    // A week later, both brands are due again.
    harness.setNow('2026-11-30T12:00:00Z');
    expect(await generateWeeklyReports(fixed)).toEqual({ brands: 2, generated: 2, skipped: 0, notYet: 0, failed: [] });
    expect((await harness.repos.reports.list('alpha', 10)).map((r) => r.from)).toEqual(['2026-11-22T23:00:00.000Z', '2026-11-15T23:00:00.000Z']);
    expect(mailsTo('team@alpha.example')).toHaveLength(2);
  });

  it('takes one instant for the whole run, so a run that crosses a brand\'s midnight marks the week it reported', async () => {
    await harness.repos.settings.put('delta', { requireApproval: false, timezone: 'Europe/Berlin' });
    await seedAccount(harness.repos, 'delta', 'delta-mastodon', 'mastodon', '@delta');
    // 23:30 on Monday 7 December in Berlin, and an hour later (Tuesday) at every reading of the clock.
    let tick = Date.parse('2026-12-07T22:30:00Z');
    const clock = () => { const now = new Date(tick); tick += 3_600_000; return now; };
    const deltaOnly = async () => (await harness.repos.accounts.listAll()).filter((a) => a.brandId === 'delta');

    await generateWeeklyReports({ ...harness.deps, now: clock, accounts: { ...harness.deps.accounts, listAll: deltaOnly } });

    const [report] = await harness.repos.reports.list('delta', 10);
    // Monday 30 November to Sunday 6 December: the last 7 full days at 23:30 on Monday.
    expect([report!.from, report!.to]).toEqual(['2026-11-29T23:00:00.000Z', '2026-12-06T23:00:00.000Z']);
    expect(await harness.repos.reports.scheduledFor('delta', report!.from)).toBe(report!.reportId);
  });

  it('waits for each brand\'s own Monday morning: a New York brand is not due while Berlin\'s already is', async () => {
    await harness.repos.settings.put('epsilon', { requireApproval: false, timezone: 'America/New_York' });
    await seedAccount(harness.repos, 'epsilon', 'epsilon-x', 'x', '@epsilon');
    await harness.repos.settings.put('zeta', { requireApproval: false, timezone: 'Europe/Berlin' });
    await seedAccount(harness.repos, 'zeta', 'zeta-x', 'x', '@zeta');
    const only = async () => (await harness.repos.accounts.listAll()).filter((a) => a.brandId === 'epsilon' || a.brandId === 'zeta');
    const run = (iso: string) => generateWeeklyReports({ ...harness.deps, now: () => new Date(iso), accounts: { ...harness.deps.accounts, listAll: only } });

    // Monday 14 December, 06:00 UTC: 07:00 in Berlin, but 01:00 in New York.
    expect(await run('2026-12-14T06:00:00Z')).toEqual({ brands: 2, generated: 1, skipped: 0, notYet: 1, failed: [] });
    // 11:00 UTC is 06:00 in New York: its report of Monday to Sunday in its own zone; Berlin's is already done.
    expect(await run('2026-12-14T11:00:00Z')).toEqual({ brands: 2, generated: 1, skipped: 1, notYet: 0, failed: [] });
    const [report] = await harness.repos.reports.list('epsilon', 10);
    expect([report!.from, report!.to]).toEqual(['2026-12-07T05:00:00.000Z', '2026-12-14T05:00:00.000Z']);
  });
});
