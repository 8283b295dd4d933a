/**
 * The best and worst posts of the period by one KPI: engagement rate by impressions where most
 * posts report impressions, else by followers (networks such as Mastodon report no impressions).
 */
import type { ReportSection, TableBlock, NoteBlock } from '../document.js';
import { rankPosts, type PostKpiId, type RankedPost } from '../../post-kpis.js';
import { engagements } from '../../engagements.js';
import { KPI_CATALOGUE } from '../../kpis.js';
import { formatInstant } from '../format.js';
import type { ReportData } from '../report-data.js';
import { channelNamer } from './channel-names.js';

const TOP_N = 5;
const EXCERPT = 120;

export function topPostsSection(data: ReportData): ReportSection | undefined {
  if (data.posts.length === 0) return undefined;
  const kpi = rankingKpi(data);
  const ranking = rankPosts(data.posts, kpi, TOP_N);
  const label = KPI_CATALOGUE.find((k) => k.id === kpi)!.label;
  const name = channelNamer(data.accounts);
  const table = (title: string, csvName: string, posts: readonly RankedPost[]): TableBlock => ({
    type: 'table', title, csvName,
    columns: [
      { id: 'published', label: 'Published' }, { id: 'channel', label: 'Channel' }, { id: 'post', label: 'Post' },
      { id: 'kpi', label, unit: '%' }, { id: 'engagements', label: 'Engagements', unit: 'count' },
      { id: 'impressions', label: 'Impressions', unit: 'count' }, { id: 'link', label: 'Link', link: true },
    ],
    rows: posts.map(({ post, value }) => [
      formatInstant(post.publishedAt, data.period.timezone), name(post.accountId),
      (post.text ?? '').length > EXCERPT ? `${post.text!.slice(0, EXCERPT - 1)}…` : (post.text ?? ''),
      value, engagements(post.values), post.values.impressions, post.url ?? null,
    ]),
  });
  const blocks: ReportSection['blocks'] = [table('Top posts', 'top-posts.csv', ranking.top)];
  if (ranking.bottom.length > 0) blocks.push(table('Bottom posts', 'bottom-posts.csv', ranking.bottom));
  if (ranking.excluded > 0) {
    blocks.push({ type: 'note', tone: 'info', text: `${ranking.excluded} of ${data.posts.length} posts are not ranked: their ${label.toLowerCase()} is missing.` } satisfies NoteBlock);
  }
  return { id: 'top-posts', title: 'Top and bottom posts', intro: `Ranked by ${label.toLowerCase()}.`, blocks };
}

function rankingKpi(data: ReportData): PostKpiId {
  const withImpressions = data.posts.filter((p) => p.values.impressions !== null).length;
  return withImpressions * 2 >= data.posts.length ? 'engagementRateByImpressions' : 'engagementRateByFollowers';
}
