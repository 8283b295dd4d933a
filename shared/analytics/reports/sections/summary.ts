/**
 * The report's first section: the period's headline KPIs against the previous period, and how
 * much of them rests on what the networks returned.
 */
import type { ReportSection, KpiRow, NoteBlock, Period, Unit } from '../document.js';
import { kpiRow } from '../document.js';
import { emptyPeriodNote, missingMetricNote } from '../notes.js';
import { kpiOverPosts, type PostKpiId, type PostPerformance } from '../../post-kpis.js';
import { engagements } from '../../engagements.js';
import { KPI_CATALOGUE, audienceGrowthRate } from '../../kpis.js';
import { POST_METRICS } from '../../../contracts/metric-names.js';
import type { AccountDay } from '../../rollups.js';
import type { ReportData } from '../report-data.js';

const HEADLINE_KPIS: readonly PostKpiId[] = [
  'engagementRateByImpressions', 'engagementRateByReach', 'engagementRateByFollowers', 'clickThroughRate',
  'viralityRate', 'amplificationPerPost', 'applausePerPost', 'conversationPerPost',
];

export function summarySection(data: ReportData, period: Period): ReportSection {
  if (data.posts.length === 0) {
    return { id: 'summary', title: 'Summary', blocks: [emptyPeriodNote(period), { type: 'kpis', rows: [postsRow(data)] }] };
  }
  const rows: KpiRow[] = [
    postsRow(data),
    sumRow('impressions', 'Impressions', 'Σ impressions of the posts published in the period', data, (p) => p.values.impressions),
    sumRow('reach', 'Reach', 'Σ reach of the posts published in the period (a person reached by two posts counts twice)', data, (p) => p.values.reach),
    sumRow('engagements', 'Engagements', 'Σ reactions + comments + shares (+ saves where reported)', data, (p) => engagements(p.values)),
    sumRow('clicks', 'Link clicks', 'Σ clicks of the posts published in the period', data, (p) => p.values.clicks),
    ...HEADLINE_KPIS.map((id) => kpiOverPostsRow(id, data)),
    growthRow(data),
  ];
  const notes = POST_METRICS.filter((m) => m !== 'videoViews' && m !== 'saves')
    .map((metric) => missingMetricNote(metric, data.posts.filter((p) => p.values[metric] === null).length, data.posts.length))
    .filter((n): n is NoteBlock => n !== null);
  return {
    id: 'summary', title: 'Summary',
    intro: 'Posts published in the period, with their lifetime metrics so far, against the period before.',
    blocks: [{ type: 'kpis', rows }, ...notes],
  };
}

function postsRow(data: ReportData): KpiRow {
  return kpiRow({ id: 'posts', label: 'Posts published', definition: 'posts that went out in the period', unit: 'count', value: data.posts.length, previous: data.previousPosts.length, better: 'higher' });
}

function sumRow(id: string, label: string, definition: string, data: ReportData, pick: (p: PostPerformance) => number | null): KpiRow {
  const sum = (posts: readonly PostPerformance[]) => {
    const known = posts.map(pick).filter((v): v is number => v !== null);
    return known.length ? known.reduce((a, b) => a + b, 0) : null;
  };
  return kpiRow({ id, label, definition, unit: 'count', value: sum(data.posts), previous: sum(data.previousPosts), better: 'higher' });
}

function kpiOverPostsRow(id: PostKpiId, data: ReportData): KpiRow {
  const definition = KPI_CATALOGUE.find((k) => k.id === id)!;
  const unit: Unit = definition.unit === '%' ? '%' : definition.unit === 'per post' ? 'per post' : 'count';
  return kpiRow({
    id: kebab(id), label: definition.label, unit,
    definition: `${definition.formula}, over the posts that reported every input`,
    value: kpiOverPosts(data.posts, id).value, previous: kpiOverPosts(data.previousPosts, id).value,
    better: definition.higherIsBetter === false ? 'lower' : 'higher',
  });
}

function growthRow(data: ReportData): KpiRow {
  return kpiRow({
    id: 'audience-growth-rate', label: 'Audience growth rate', unit: '%',
    definition: '(followers at end − followers at start) / followers at start × 100, over the accounts that reported both',
    value: growth(data.accountDays), previous: growth(data.previousAccountDays), better: 'higher',
  });
}

/** Summed over the accounts with followers on two different days, so one account's gap does not skew it. */
function growth(days: readonly AccountDay[]): number | null {
  let start = 0;
  let end = 0;
  let counted = 0;
  const byAccount = new Map<string, AccountDay[]>();
  for (const d of days) if (d.values.followers !== null) byAccount.set(d.accountId, [...(byAccount.get(d.accountId) ?? []), d]);
  for (const list of byAccount.values()) {
    list.sort((a, b) => a.day.localeCompare(b.day));
    const first = list[0]!;
    const last = list.at(-1)!;
    if (first.day === last.day) continue;
    start += first.values.followers!;
    end += last.values.followers!;
    counted++;
  }
  return counted ? audienceGrowthRate({ followersAtStart: start, followersAtEnd: end }) : null;
}

export function kebab(id: string): string {
  return id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
