/** Followers per channel, day by day: the growth curve behind the audience growth rate. */
import type { ReportSection } from '../document.js';
import type { ReportData } from '../report-data.js';
import { channelNamer } from './channel-names.js';
import { periodDays } from './period-days.js';

export function audienceSection(data: ReportData): ReportSection | undefined {
  if (data.accountDays.length === 0) return undefined;
  const name = channelNamer(data.accounts);
  const days = periodDays(data.period);
  const channels = [...new Set(data.accountDays.map((d) => d.accountId))].sort();
  return {
    id: 'audience', title: 'Audience',
    intro: 'Followers at each daily snapshot; a gap is a day the network did not report them.',
    blocks: [{
      type: 'chart', kind: 'line', title: 'Followers', yLabel: 'followers', xLabel: `day (${data.period.timezone})`, x: days, csvName: 'followers-by-day.csv',
      series: channels.map((accountId) => ({
        name: name(accountId),
        values: days.map((day) => data.accountDays.find((d) => d.accountId === accountId && d.day === day)?.values.followers ?? null),
      })),
    }],
  };
}
