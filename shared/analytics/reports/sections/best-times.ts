/** Best times to post per channel, from the brand's last 16 weeks (see analytics/best-time.ts). */
import type { Cell, ReportSection } from '../document.js';
import { bestTimesByChannel } from '../../best-time.js';
import type { ReportData } from '../report-data.js';
import { HISTORY_WEEKS } from '../../performances.js';
import { channelNamer } from './channel-names.js';

const WEEKDAY_NAMES = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' } as const;

export function bestTimesSection(data: ReportData): ReportSection | undefined {
  if (data.history.length === 0) return undefined;
  const name = channelNamer(data.accounts);
  const results = bestTimesByChannel(data.history, { timeZone: data.period.timezone, now: data.period.to.toISOString(), weeks: HISTORY_WEEKS });
  const rows = results.flatMap((r): Cell[][] => 'reason' in r
    ? [[name(r.accountId), null, null, null, `not enough history: ${r.reason}`]]
    : r.slots.map((slot, i) => [
      i === 0 ? name(r.accountId) : '', `${WEEKDAY_NAMES[slot.weekday]} ${String(slot.hour).padStart(2, '0')}:00`, slot.score, slot.posts,
      slot.basis === 'engagementRateByImpressions' ? 'median engagement rate by impressions (%)' : 'median engagements per post',
    ]));
  return {
    id: 'best-times', title: 'Best times to post',
    intro: `From the last ${HISTORY_WEEKS} weeks, in ${data.period.timezone}. Offered to the publishing queue as suggested slots (GET /accounts/{accountId}/queue/suggestions).`,
    blocks: [{
      type: 'table', title: 'Best weekly slots', csvName: 'best-times.csv',
      columns: [{ id: 'channel', label: 'Channel' }, { id: 'slot', label: 'Slot' }, { id: 'score', label: 'Score' }, { id: 'posts', label: 'Posts', unit: 'count' }, { id: 'basis', label: 'Scored by' }],
      rows,
    }],
  };
}
