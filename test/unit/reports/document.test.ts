import { describe, expect, it } from 'vitest';
import { changeBetween, kpiRow, parseReportDocument } from '../../../shared/analytics/reports/document.js';
import { ValidationError } from '../../../shared/platform/errors.js';
import { emptyPeriodNote, missingMetricNote } from '../../../shared/analytics/reports/notes.js';
import { sampleReport } from './sample-document.js';
import { failure } from '../../helpers/failure.js';

async function issuesOf(input: unknown): Promise<string[]> {
  return (await failure(() => parseReportDocument(input), ValidationError)).issues.map((i) => `${i.field}: ${i.message}`);
}

describe('changeBetween', () => {
  it('gives the absolute and relative change', () => {
    expect(changeBetween(12, 8)).toEqual({ absolute: 4, relative: 0.5 });
    expect(changeBetween(-2, -4)).toEqual({ absolute: 2, relative: 0.5 });
  });

  it('is missing when either side is missing, and has no relative change from zero', () => {
    expect(changeBetween(null, 8)).toEqual({ absolute: null, relative: null });
    expect(changeBetween(8, null)).toEqual({ absolute: null, relative: null });
    expect(changeBetween(3, 0)).toEqual({ absolute: 3, relative: null });
  });

  it('is computed for a KPI row', () => {
    expect(kpiRow({ id: 'ctr', label: 'CTR', definition: 'clicks / impressions × 100', unit: '%', value: 2, previous: 4, better: 'higher' }).change)
      .toEqual({ absolute: -2, relative: -0.5 });
  });
});

describe('parseReportDocument', () => {
  it('accepts the sample report', () => {
    expect(parseReportDocument(sampleReport()).sections).toHaveLength(2);
  });

  it('names each wrong field and says how to fix it', async () => {
    const doc = sampleReport();
    doc.period.timezone = 'Berlin';
    const [kpis, , , , , table] = doc.sections[0]!.blocks;
    if (kpis?.type !== 'kpis' || table?.type !== 'table') throw new Error('sample changed');
    table.rows[0]!.pop();
    (kpis.rows[0] as { unit: string }).unit = 'percent';
    const issues = await issuesOf(doc);
    expect(issues).toContain('period.timezone: use an IANA time zone such as Europe/Berlin');
    expect(issues).toContain('sections.0.blocks.5.rows.0: has 4 cells for 5 columns; give one cell (or null) per column');
    expect(issues.some((i) => i.startsWith('sections.0.blocks.0.rows.0.unit:') && i.includes('ISO 4217'))).toBe(true);
  });

  it('refuses duplicate KPI ids and csvNames, which would make data attributes and attachments ambiguous', async () => {
    const doc = sampleReport();
    const [, , chart, bar] = doc.sections[0]!.blocks;
    if (chart?.type !== 'chart' || bar?.type !== 'chart') throw new Error('sample changed');
    bar.csvName = chart.csvName;
    expect(await issuesOf(doc)).toEqual(['sections.0.blocks.3.csvName: duplicates sections.0.blocks.2.csvName; ids and csvNames must be unique in the report']);
  });

  it('refuses repeated series names, x categories and column ids, which address the numbers', async () => {
    const doc = sampleReport();
    const [, , line, , , table] = doc.sections[0]!.blocks;
    if (line?.type !== 'chart' || table?.type !== 'table') throw new Error('sample changed');
    line.series[1]!.name = line.series[0]!.name;
    line.x[6] = line.x[0]!;
    table.columns[4]!.id = table.columns[3]!.id;
    expect(await issuesOf(doc)).toEqual([
      'sections.0.blocks.2.x.6: repeats an earlier x category; categories must be unique',
      'sections.0.blocks.2.series.1.name: repeats an earlier series name; series names must be unique in a chart',
      'sections.0.blocks.5.columns.4.id: repeats an earlier column id; column ids must be unique in a table',
    ]);
  });

  it('refuses a period that ends before it starts', async () => {
    const doc = sampleReport();
    doc.period = { ...doc.period, to: doc.period.from };
    expect(await issuesOf(doc)).toEqual(['period.to: from must be before to']);
  });
});

describe('notes', () => {
  it('words the empty period with the last day of a period whose end is exclusive', () => {
    expect(emptyPeriodNote({ from: '2026-11-15T23:00:00Z', to: '2026-11-22T23:00:00Z', timezone: 'Europe/Berlin' }).text)
      .toBe('No posts were published between 16 Nov 2026 and 22 Nov 2026.');
  });

  it('says how much of a metric is missing, and nothing when none is', () => {
    expect(missingMetricNote('impressions', 3, 12)?.text).toBe('impressions missing for 3 of 12 posts; KPIs over impressions leave those out.');
    expect(missingMetricNote('impressions', 0, 12)).toBeNull();
  });
});
