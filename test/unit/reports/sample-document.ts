/** A weekly report with known numbers, user text that must stay text, missing values and an empty section. */
import { kpiRow, type ReportDocument } from '../../../shared/analytics/reports/document.js';
import { emptyPeriodNote } from '../../../shared/analytics/reports/notes.js';

export const HOSTILE_TEXT = '<script>alert("x")</script> Sale, "50%" off & =HYPERLINK("evil")\nsecond line';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));

export function sampleReport(): ReportDocument {
  const period = { from: '2026-11-15T23:00:00Z', to: '2026-11-22T23:00:00Z', timezone: 'Europe/Berlin' };
  return {
    brand: 'Acme <Coffee> & Co',
    title: 'Weekly report',
    period,
    previousPeriod: { from: '2026-11-08T23:00:00Z', to: '2026-11-15T23:00:00Z', timezone: 'Europe/Berlin' },
    generatedAt: '2026-11-23T07:00:00Z',
    sections: [
      {
        id: 'overview',
        title: 'Overview',
        intro: 'How the week went on every network.',
        blocks: [
          {
            type: 'kpis',
            rows: [
              kpiRow({ id: 'engagement-rate', label: 'Engagement rate', definition: 'engagements / impressions × 100, averaged over posts', unit: '%', value: 4.25, previous: 3.75, better: 'higher' }),
              kpiRow({ id: 'impressions', label: 'Impressions', definition: 'Σ impressions of posts published in the period', unit: 'count', value: 12840, previous: 15000, better: 'higher' }),
              kpiRow({ id: 'cost-per-click', label: 'Cost per click', definition: 'spend / clicks', unit: 'EUR', value: 0.42, previous: 0.5, better: 'lower' }),
              kpiRow({ id: 'reach', label: 'Reach', definition: 'Σ reach of posts published in the period', unit: 'count', value: null, previous: 900, better: 'higher' }),
              kpiRow({ id: 'comments-per-post', label: 'Conversation rate', definition: 'comments / posts', unit: 'per post', value: 2.5, previous: 0, better: 'higher' }),
            ],
          },
          { type: 'note', tone: 'warning', text: 'impressions missing for 3 of 12 posts; KPIs over impressions leave those out.' },
          {
            type: 'chart', kind: 'line', title: 'Impressions per day', xLabel: 'day', yLabel: 'impressions', csvName: 'impressions-per-day.csv',
            x: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
            series: [
              { name: 'mastodon', values: [1200, 1350, null, 1500, 1420, 990, 1010] },
              { name: 'x', values: [800, null, 760, 900, 950, 700, 610] },
            ],
          },
          {
            type: 'chart', kind: 'bar', title: 'Engagements by network', xLabel: 'network', yLabel: 'engagements', csvName: 'engagements-by-network.csv',
            x: ['mastodon', 'x', 'linkedin'],
            series: [{ name: 'engagements', values: [310, 205, null] }],
          },
          {
            type: 'chart', kind: 'heatmap', title: 'Best times to post', xLabel: 'hour', yLabel: 'engagement rate', csvName: 'best-times.csv',
            x: HOURS,
            series: WEEKDAYS.map((day, d) => ({ name: day, values: HOURS.map((_, h) => (h < 7 ? null : Math.round(((d + 1) * (h + 3)) % 17) / 2)) })),
          },
          {
            type: 'table', title: 'Top posts', csvName: 'top-posts.csv',
            columns: [
              { id: 'network', label: 'Network' },
              { id: 'text', label: 'Post' },
              { id: 'link', label: 'Link', link: true },
              { id: 'impressions', label: 'Impressions', unit: 'count' },
              { id: 'engagement-rate', label: 'Engagement rate', unit: '%' },
            ],
            rows: [
              ['mastodon', HOSTILE_TEXT, 'https://sandbox.example/@demo/1?a=1&b=2', 2400, 6.5],
              ['x', 'Plain post', 'javascript:alert(1)', null, 3.25],
            ],
          },
        ],
      },
      { id: 'campaigns', title: 'Campaigns', blocks: [emptyPeriodNote(period)] },
    ],
  };
}
