/** The notes every section builder needs, worded once so reports read the same across pillars. */
import type { NoteBlock, Period } from './document.js';
import { formatPeriod } from './format.js';

/** For a period with nothing in it, so an empty report says why instead of showing zeros. */
export function emptyPeriodNote(period: Period, what = 'No posts were published'): NoteBlock {
  const [from, to] = formatPeriod(period).split(' – ');
  return { type: 'note', tone: 'info', text: `${what} between ${from} and ${to}.` };
}

/** "impressions missing for 3 of 12 posts": how much of a KPI rests on what the networks returned. */
export function missingMetricNote(metric: string, missing: number, total: number, unit = 'posts'): NoteBlock | null {
  if (missing === 0) return null;
  return { type: 'note', tone: 'warning', text: `${metric} missing for ${missing} of ${total} ${unit}; KPIs over ${metric} leave those out.` };
}
