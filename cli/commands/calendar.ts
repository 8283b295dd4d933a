import type { CalendarEntry } from '../../shared/publishing/calendar.js';
import { stringFlag, type Command } from '../command.js';
import { UsageError } from '../errors.js';
import { localMinute, table, truncate } from '../format.js';
import { callApi } from './api.js';

interface CalendarView {
  readonly by: string;
  readonly timezone: string;
  readonly groups: readonly { readonly key: string; readonly entries: readonly CalendarEntry[] }[];
}

const DAY = 86_400_000;

export const calendar: Command = {
  name: 'calendar',
  summary: 'show the content calendar by day, channel or campaign',
  help: `Usage: pillars calendar [--from <date>] [--days <n>] [--by day|channel|campaign] [--timezone <tz>]

Show the brand's posts between two dates, grouped. Days are counted in the brand's time zone
(PUT /settings) unless --timezone is given. Cancelled posts are left out.

Flags:
  --from <date>       first day, YYYY-MM-DD or an ISO time (default: today)
  --days <n>          how many days, 1 to 92 (default 7: a week)
  --by <grouping>     day (default), channel or campaign
  --timezone <tz>     an IANA zone such as Europe/Berlin

Examples:
  pillars calendar
  pillars calendar --from 2026-12-01 --days 31 --by campaign`,
  options: { from: { type: 'string' }, days: { type: 'string' }, by: { type: 'string' }, timezone: { type: 'string' } },
  positionals: [],
  usesApi: true,
  run: async (invocation) => {
    const fromText = stringFlag(invocation, 'from');
    const from = fromText ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(fromText) ? `${fromText}T00:00:00Z` : fromText) : startOfToday();
    if (Number.isNaN(from.getTime())) throw new UsageError(`--from "${fromText}" is not a date; use YYYY-MM-DD`, calendar.help);
    const days = Number(stringFlag(invocation, 'days') ?? 7);
    if (!Number.isInteger(days) || days < 1 || days > 92) throw new UsageError('--days must be a whole number from 1 to 92', calendar.help);
    const query = {
      from: from.toISOString(), to: new Date(from.getTime() + days * DAY).toISOString(),
      by: stringFlag(invocation, 'by'), timezone: stringFlag(invocation, 'timezone'),
    };
    return callApi<CalendarView>(invocation, { method: 'GET', path: '/calendar', query }, (view) => {
      if (view.groups.length === 0) return `nothing planned from ${query.from.slice(0, 10)} for ${days} day(s)`;
      return view.groups.map((group) => [
        `${group.key}  (${group.entries.length})`,
        table(['DUE', 'STATUS', 'ACCOUNT', 'CAMPAIGN', 'TEXT'], group.entries.map((e) => [
          localMinute(e.dueAt), e.status, e.accountId, e.campaign ?? '', truncate(e.text, 40),
        ])),
      ].join('\n')).join('\n\n');
    });
  },
};

function startOfToday(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
