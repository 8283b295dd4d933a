/**
 * Day by day: engagements and impressions of the posts published each local day, per channel.
 * A day with no posts shows 0; a day whose posts did not report the metric shows a gap.
 */
import type { ChartBlock, ReportSection } from '../document.js';
import type { PostPerformance } from '../../post-kpis.js';
import { engagements } from '../../engagements.js';
import { localTime } from '../../periods.js';
import type { ReportData } from '../report-data.js';
import { channelNamer } from './channel-names.js';
import { periodDays } from './period-days.js';

export function performanceSection(data: ReportData): ReportSection | undefined {
  if (data.posts.length === 0) return undefined;
  const days = periodDays(data.period);
  const name = channelNamer(data.accounts);
  const channels = [...new Set(data.posts.map((p) => p.accountId))].sort();
  // Grouped once: filtering every post for each channel and day is quadratic (a 90-day report of
  // 10 channels took seconds, mostly in time-zone conversions).
  const byChannelDay = new Map<string, PostPerformance[]>();
  for (const post of data.posts) {
    const key = `${post.accountId}#${localTime(Date.parse(post.publishedAt), data.period.timezone).date}`;
    const group = byChannelDay.get(key);
    if (group) group.push(post);
    else byChannelDay.set(key, [post]);
  }

  const chart = (title: string, yLabel: string, csvName: string, pick: (p: PostPerformance) => number | null): ChartBlock => ({
    type: 'chart', kind: 'line', title, yLabel, xLabel: `day (${data.period.timezone})`, x: days, csvName,
    series: channels.map((accountId) => ({
      name: name(accountId),
      values: days.map((day) => {
        const posts = byChannelDay.get(`${accountId}#${day}`) ?? [];
        if (posts.length === 0) return 0;
        const known = posts.map(pick).filter((v): v is number => v !== null);
        return known.length ? known.reduce((a, b) => a + b, 0) : null;
      }),
    })),
  });

  return {
    id: 'performance', title: 'Day by day',
    intro: 'What the posts published each day have earned so far, per channel.',
    blocks: [
      chart('Engagements by publishing day', 'engagements', 'engagements-by-day.csv', (p) => engagements(p.values)),
      chart('Impressions by publishing day', 'impressions', 'impressions-by-day.csv', (p) => p.values.impressions),
    ],
  };
}
