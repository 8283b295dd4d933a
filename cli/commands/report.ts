import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ReportRecord } from '../../shared/analytics/store/reports-repository.js';
import { stringFlag, type Command } from '../command.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { apiClient } from './api.js';

const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T.+)?$/;

export const report: Command = {
  name: 'report',
  summary: 'build a report (KPIs, charts, top posts, campaign ROI) and print where it is',
  help: `Usage: pillars report [--from <date>] [--to <date>] [--out <dir>] [--brand <brand>]

Build the brand's report now: KPIs against the previous period, day-by-day and channel charts,
top and bottom posts, audience growth, best times to post and campaign ROI, as one HTML file with
the numbers behind each chart and table as CSV. It is stored (S3 in AWS, .pillars/files locally)
and mailed to the brand's report recipients (PUT /analytics/settings).

Prints the path of index.html: on the local runtime, the stored file itself; against a deployed
API, a copy downloaded with its CSVs into --out.

Flags:
  --from <date>   first day, YYYY-MM-DD in the brand time zone, or an ISO time
  --to <date>     last day (inclusive), YYYY-MM-DD, or an ISO time (exclusive)
                  (default for both: the last 7 full days)
  --out <dir>     where a downloaded copy goes (default: ./pillars-reports/<reportId>)

Examples:
  pillars report
  pillars report --from 2026-11-01 --to 2026-11-30`,
  options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
  positionals: [],
  usesApi: true,
  run: async (invocation) => {
    const body: Record<string, string> = {};
    for (const flag of ['from', 'to'] as const) {
      const value = stringFlag(invocation, flag);
      if (value === undefined) continue;
      if (!DATE_OR_INSTANT.test(value)) throw new UsageError(`--${flag} "${value}" is not a date; use YYYY-MM-DD or an ISO time`, report.help);
      body[flag] = value;
    }
    const client = apiClient(invocation);
    const record = (await client.send({ method: 'POST', path: '/reports', body })).body as ReportRecord;
    const { io } = invocation;
    if (invocation.flags.json === true) {
      io.stdout(`${JSON.stringify(record)}\n`);
      return EXIT_OK;
    }
    const index = record.files.find((f) => f.name === 'index.html');
    let path = index?.path;
    if (!path) {
      const out = resolve(io.cwd, stringFlag(invocation, 'out') ?? join('pillars-reports', record.reportId));
      mkdirSync(out, { recursive: true });
      for (const file of record.files) {
        const text = await client.download({ method: 'GET', path: `/reports/${encodeURIComponent(record.reportId)}/files/${encodeURIComponent(file.name)}` });
        writeFileSync(join(out, file.name), text);
      }
      path = join(out, 'index.html');
    }
    const period = `${record.from.slice(0, 10)} – ${record.to.slice(0, 10)} (${record.timezone})`;
    io.stdout(`report ${record.reportId}: ${record.posts} post(s), ${period}\n`);
    if (record.mailedTo?.length) io.stdout(`mailed to ${record.mailedTo.join(', ')}\n`);
    io.stdout(`${path}\n`);
    return EXIT_OK;
  },
};
