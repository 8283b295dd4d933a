/** Channel by channel: posts, reach, engagement and audience, this period against the last. */
import type { ReportSection, TableBlock } from '../document.js';
import { kpiOverPosts, type PostPerformance } from '../../post-kpis.js';
import { engagements } from '../../engagements.js';
import { audienceGrowthRate } from '../../kpis.js';
import type { ReportData } from '../report-data.js';
import { channelNamer } from './channel-names.js';

export function channelsSection(data: ReportData): ReportSection | undefined {
  if (data.posts.length === 0 && data.accountDays.length === 0) return undefined;
  const name = channelNamer(data.accounts);
  const channels = [...new Set([...data.posts.map((p) => p.accountId), ...data.accountDays.map((d) => d.accountId)])].sort();
  const sum = (posts: readonly PostPerformance[], pick: (p: PostPerformance) => number | null) => {
    const known = posts.map(pick).filter((v): v is number => v !== null);
    return known.length ? known.reduce((a, b) => a + b, 0) : null;
  };
  /** Followers on the last reported day, and growth from the first (the day before the period counts as the start). */
  const audienceOf = (accountId: string) => {
    const days = data.accountDays.filter((d) => d.accountId === accountId && d.values.followers !== null).sort((a, b) => a.day.localeCompare(b.day));
    const start = days[0]?.values.followers ?? null;
    const end = days.at(-1)?.values.followers ?? null;
    const growth = days.length > 1 ? audienceGrowthRate({ followersAtStart: start, followersAtEnd: end }) : null;
    return { followers: end, growth };
  };

  const table: TableBlock = {
    type: 'table', title: 'Channels', csvName: 'channels.csv',
    columns: [
      { id: 'channel', label: 'Channel' },
      { id: 'posts', label: 'Posts', unit: 'count' },
      { id: 'impressions', label: 'Impressions', unit: 'count' },
      { id: 'engagements', label: 'Engagements', unit: 'count' },
      { id: 'er-impressions', label: 'ER by impressions', unit: '%' },
      { id: 'er-followers', label: 'ER by followers', unit: '%' },
      { id: 'followers', label: 'Followers', unit: 'count' },
      { id: 'growth', label: 'Audience growth', unit: '%' },
    ],
    rows: channels.map((accountId) => {
      const posts = data.posts.filter((p) => p.accountId === accountId);
      const { followers, growth } = audienceOf(accountId);
      return [
        name(accountId), posts.length,
        sum(posts, (p) => p.values.impressions), sum(posts, (p) => engagements(p.values)),
        kpiOverPosts(posts, 'engagementRateByImpressions').value, kpiOverPosts(posts, 'engagementRateByFollowers').value,
        followers, growth,
      ];
    }),
  };

  const postingChannels = channels.filter((c) => data.posts.some((p) => p.accountId === c));
  const blocks: ReportSection['blocks'] = [table];
  if (postingChannels.length > 0) {
    blocks.push({
      type: 'chart', kind: 'bar', title: 'Engagement rate by followers, per channel', yLabel: '% of followers', csvName: 'engagement-rate-by-channel.csv',
      x: postingChannels.map(name),
      series: [
        { name: 'this period', values: postingChannels.map((c) => kpiOverPosts(data.posts.filter((p) => p.accountId === c), 'engagementRateByFollowers').value) },
        { name: 'previous period', values: postingChannels.map((c) => kpiOverPosts(data.previousPosts.filter((p) => p.accountId === c), 'engagementRateByFollowers').value) },
      ],
    });
  }
  return { id: 'channels', title: 'Channels', blocks };
}
