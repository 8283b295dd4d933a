/** The local calendar days a period covers, in order: the x axis of daily charts. */
import { localTime } from '../../periods.js';
import type { ReportPeriod } from '../report-request.js';

const DAY_MS = 86_400_000;

export function periodDays(period: ReportPeriod): string[] {
  const first = localTime(period.from.getTime(), period.timezone).date;
  const last = localTime(period.to.getTime() - 1, period.timezone).date;
  const days: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); ; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.push(day);
    if (day >= last) return days;
  }
}
