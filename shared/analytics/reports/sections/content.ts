/** How each content pillar and campaign did: posts, engagements and engagement rates. */
import type { ReportSection, TableBlock } from '../document.js';
import { kpiOverPosts, type PostPerformance } from '../../post-kpis.js';
import { engagements } from '../../engagements.js';
import { NO_CAMPAIGN, NO_PILLAR } from '../../rollups.js';
import type { ReportData } from '../report-data.js';

export function contentSection(data: ReportData): ReportSection | undefined {
  if (data.posts.length === 0) return undefined;
  return {
    id: 'content', title: 'Content pillars and campaigns',
    blocks: [
      groupTable(data.posts, (p) => p.pillar ?? NO_PILLAR, 'By content pillar', 'Content pillar', 'by-pillar.csv'),
      groupTable(data.posts, (p) => p.campaign ?? NO_CAMPAIGN, 'By campaign', 'Campaign', 'by-campaign.csv'),
    ],
  };
}

function groupTable(posts: readonly PostPerformance[], keyOf: (p: PostPerformance) => string, title: string, label: string, csvName: string): TableBlock {
  const keys = [...new Set(posts.map(keyOf))].sort();
  return {
    type: 'table', title, csvName,
    columns: [
      { id: 'key', label }, { id: 'posts', label: 'Posts', unit: 'count' }, { id: 'engagements', label: 'Engagements', unit: 'count' },
      { id: 'er-impressions', label: 'ER by impressions', unit: '%' }, { id: 'er-followers', label: 'ER by followers', unit: '%' },
    ],
    rows: keys.map((key) => {
      const group = posts.filter((p) => keyOf(p) === key);
      const known = group.map((p) => engagements(p.values)).filter((v): v is number => v !== null);
      return [
        key, group.length, known.length ? known.reduce((a, b) => a + b, 0) : null,
        kpiOverPosts(group, 'engagementRateByImpressions').value, kpiOverPosts(group, 'engagementRateByFollowers').value,
      ];
    }),
  };
}
