import { describe, expect, it } from 'vitest';
import { snapshotAgeSeconds } from '../../../shared/analytics/settings.js';
import { toFieldIssues } from '../../../shared/platform/middleware/zod-issues.js';
import { analyticsSettingsInput, parseAge } from '../../../shared/contracts/api/analytics.js';

/** The field issues the settings route would answer with for `body`. */
function issuesOf(body: unknown) {
  const parsed = analyticsSettingsInput.safeParse(body);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(body)} to be refused`);
  return toFieldIssues(parsed.error, 'body');
}

describe('parseAge', () => {
  it('reads seconds, minutes, hours and days as seconds', () => {
    expect(parseAge('90s')).toBe(90);
    expect(parseAge('15m')).toBe(15 * 60);
    expect(parseAge('1h')).toBe(3600);
    expect(parseAge('7d')).toBe(7 * 86_400);
  });

  it('is undefined for anything that is not a number and one of s, m, h, d', () => {
    for (const age of ['1w', '1.5h', '-1h', 'h', '1 h', '1H', '', '24']) expect(parseAge(age), age).toBeUndefined();
  });
});

describe('analyticsSettingsInput', () => {
  it('accepts ages up to 90 days and e-mail recipients, and orders the ages by length', () => {
    const settings = analyticsSettingsInput.parse({ snapshotAges: ['7d', '15m', '90d'], reportRecipients: ['team@example.com'] });

    expect(snapshotAgeSeconds(settings)).toEqual([900, 7 * 86_400, 90 * 86_400]);
  });

  it('uses 1 h, 24 h, 7 d and 30 d when no ages are configured', () => {
    expect(snapshotAgeSeconds(analyticsSettingsInput.parse({}))).toEqual([3600, 86_400, 7 * 86_400, 30 * 86_400]);
  });

  it('refuses a zero age, naming the entry and the allowed range', () => {
    expect(issuesOf({ snapshotAges: ['1h', '0m'] })).toEqual([
      { field: 'snapshotAges.1', message: expect.stringMatching(/more than 0, at most 90d/) },
    ]);
  });

  it('refuses an age beyond 90 days', () => {
    expect(issuesOf({ snapshotAges: ['91d'] })).toEqual([
      { field: 'snapshotAges.0', message: expect.stringMatching(/at most 90d/) },
    ]);
  });

  it('refuses a unit it does not know, showing durations it does', () => {
    expect(issuesOf({ snapshotAges: ['2w'] })).toEqual([
      { field: 'snapshotAges.0', message: expect.stringMatching(/such as 1h, 24h, 7d \(s, m, h or d/) },
    ]);
  });

  it('refuses two ages that are the same duration written differently', () => {
    expect(issuesOf({ snapshotAges: ['1h', '60m'] })).toEqual([
      { field: 'snapshotAges', message: 'each age must differ from the others' },
    ]);
  });

  it('refuses an empty list of ages, showing a list that works', () => {
    expect(issuesOf({ snapshotAges: [] })).toEqual([
      { field: 'snapshotAges', message: expect.stringContaining('["1h","24h","7d","30d"]') },
    ]);
  });

  it('refuses a recipient that is not an e-mail address, naming the entry', () => {
    expect(issuesOf({ reportRecipients: ['team@example.com', 'marketing team'] })).toEqual([
      { field: 'reportRecipients.1', message: 'must be an e-mail address' },
    ]);
  });

  it('refuses a field it does not know instead of ignoring it', () => {
    const [issue] = issuesOf({ snapshotAge: ['1h'] });

    expect(issue?.message).toContain('snapshotAge');
  });
});
