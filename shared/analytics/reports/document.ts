/**
 * The report document: what a report says, with nothing about how it looks. Every renderer
 * (HTML, CSV, plain text, e-mail) reads only this model.
 *
 * Extension rule: a pillar adds a report section by writing a *section builder* — a plain function
 * from its data to a `ReportSection` made of the four block kinds below — and appending its result
 * to `sections`. The renderers never change for a new section; a new block kind is the only reason
 * to touch them, and it needs a reason in the README.
 *
 * Ids (`kpis` row ids, `csvName`s) are unique in the whole document because they become stable
 * `data-kpi`/`data-metric` attributes and attachment names that machines and tests read.
 */
import { z } from 'zod';
import { ValidationError } from '../../platform/errors.js';
import { toFieldIssues } from '../../platform/middleware/zod-issues.js';
import { isTimeZone } from '../../platform/time/zoned.js';

const ID = /^[a-z0-9][a-z0-9._-]*$/;
const CSV_NAME = /^[a-z0-9][a-z0-9._-]*\.csv$/;
const CURRENCY = /^[A-Z]{3}$/;

const id = z.string().regex(ID, 'use lower-case letters, digits, ".", "_" or "-", such as "engagement-rate"');
const text = z.string().trim().min(1, 'must not be empty');
const csvName = z.string().regex(CSV_NAME, 'use a lower-case file name ending in .csv, such as "top-posts.csv"');
const measured = z.number().finite().nullable();
const isoInstant = z.iso.datetime({ offset: true, message: 'use an ISO 8601 instant such as 2026-11-23T00:00:00Z' });

/** '%' values are already × 100 (4.2 means 4.2 %); a three-letter code is a currency (ISO 4217). */
export const unitSchema = z.union([
  z.enum(['%', 'count', 'per post']),
  z.string().regex(CURRENCY, 'use "%", "count", "per post" or an ISO 4217 currency code such as "EUR"'),
]);
export type Unit = z.infer<typeof unitSchema>;

/** `from` inclusive, `to` exclusive (a week is Monday 00:00 to the next Monday 00:00 in `timezone`). */
export const periodSchema = z
  .object({
    from: isoInstant,
    to: isoInstant,
    timezone: z.string().refine(isTimeZone, 'use an IANA time zone such as Europe/Berlin'),
  })
  .refine((p) => Date.parse(p.from) < Date.parse(p.to), { message: 'from must be before to', path: ['to'] });
export type Period = z.infer<typeof periodSchema>;

export const changeSchema = z.object({
  /** value − previous, in the row's unit (percentage points for '%'). */
  absolute: measured,
  /** (value − previous) / |previous|; null when either is missing or previous is 0. */
  relative: measured,
});
export type Change = z.infer<typeof changeSchema>;

export const kpiRowSchema = z.object({
  id,
  label: text,
  /** The formula in words, e.g. "engagements / impressions × 100, averaged over posts". */
  definition: text,
  unit: unitSchema,
  value: measured,
  previous: measured,
  change: changeSchema,
  better: z.enum(['higher', 'lower']),
});
export type KpiRow = z.infer<typeof kpiRowSchema>;

export const kpisBlockSchema = z.object({ type: z.literal('kpis'), rows: z.array(kpiRowSchema).min(1, 'add at least one KPI row') });

/**
 * Line and bar: one value per x category per series. Heatmap (best times): each series is a row
 * (e.g. a weekday) and `x` the columns (e.g. hours), so every chart kind has the same shape and CSV.
 */
export const chartBlockSchema = z
  .object({
    type: z.literal('chart'),
    kind: z.enum(['line', 'bar', 'heatmap']),
    title: text,
    xLabel: text.optional(),
    x: z.array(z.string()).min(1, 'add at least one x category'),
    series: z.array(z.object({ name: text, values: z.array(measured) })).min(1, 'add at least one series'),
    yLabel: text,
    csvName,
  })
  .superRefine((chart, ctx) => {
    // Series names and categories address the chart's numbers (data-series, data-x, CSV columns).
    duplicates(chart.x).forEach((i) => ctx.addIssue({ code: 'custom', path: ['x', i], message: 'repeats an earlier x category; categories must be unique' }));
    duplicates(chart.series.map((s) => s.name)).forEach((i) => ctx.addIssue({ code: 'custom', path: ['series', i, 'name'], message: 'repeats an earlier series name; series names must be unique in a chart' }));
    chart.series.forEach((s, i) => {
      if (s.values.length !== chart.x.length) {
        ctx.addIssue({
          code: 'custom',
          path: ['series', i, 'values'],
          message: `has ${s.values.length} values for ${chart.x.length} x categories; give one value (or null) per category`,
        });
      }
    });
  });
export type ChartBlock = z.infer<typeof chartBlockSchema>;

const cell = z.union([z.string(), z.number().finite(), z.null()]);
export type Cell = z.infer<typeof cell>;

export const tableBlockSchema = z
  .object({
    type: z.literal('table'),
    title: text.optional(),
    columns: z.array(z.object({ id, label: text, unit: unitSchema.optional(), link: z.boolean().optional() })).min(1, 'add at least one column'),
    rows: z.array(z.array(cell)),
    csvName,
  })
  .superRefine((table, ctx) => {
    duplicates(table.columns.map((c) => c.id)).forEach((i) => ctx.addIssue({ code: 'custom', path: ['columns', i, 'id'], message: 'repeats an earlier column id; column ids must be unique in a table' }));
    table.rows.forEach((row, i) => {
      if (row.length !== table.columns.length) {
        ctx.addIssue({ code: 'custom', path: ['rows', i], message: `has ${row.length} cells for ${table.columns.length} columns; give one cell (or null) per column` });
      }
    });
  });
export type TableBlock = z.infer<typeof tableBlockSchema>;
export type TableColumn = TableBlock['columns'][number];

export const noteBlockSchema = z.object({ type: z.literal('note'), text, tone: z.enum(['info', 'warning']).default('info') });
export type NoteBlock = z.infer<typeof noteBlockSchema>;

export const blockSchema = z.discriminatedUnion('type', [kpisBlockSchema, chartBlockSchema, tableBlockSchema, noteBlockSchema]);
export type ReportBlock = z.infer<typeof blockSchema>;

export const sectionSchema = z.object({
  id,
  title: text,
  intro: text.optional(),
  blocks: z.array(blockSchema).min(1, 'add at least one block, or a note saying why there is nothing to show'),
});
export type ReportSection = z.infer<typeof sectionSchema>;

export const reportDocumentSchema = z
  .object({
    brand: text,
    title: text,
    period: periodSchema,
    previousPeriod: periodSchema.optional(),
    generatedAt: isoInstant,
    sections: z.array(sectionSchema).min(1, 'add at least one section'),
  })
  .superRefine((doc, ctx) => {
    const seen = new Map<string, string>();
    const claim = (key: string, path: (string | number)[]) => {
      const where = path.join('.');
      const first = seen.get(key);
      if (first) ctx.addIssue({ code: 'custom', path, message: `duplicates ${first}; ids and csvNames must be unique in the report` });
      else seen.set(key, where);
    };
    doc.sections.forEach((section, s) => {
      claim(`section:${section.id}`, ['sections', s, 'id']);
      section.blocks.forEach((block, b) => {
        if (block.type === 'kpis') block.rows.forEach((row, r) => claim(`kpi:${row.id}`, ['sections', s, 'blocks', b, 'rows', r, 'id']));
        if (block.type === 'chart' || block.type === 'table') claim(`csv:${block.csvName}`, ['sections', s, 'blocks', b, 'csvName']);
      });
    });
  });
export type ReportDocument = z.infer<typeof reportDocumentSchema>;
export type ReportDocumentInput = z.input<typeof reportDocumentSchema>;

/** Checks a document built elsewhere; throws a ValidationError naming each wrong field. */
export function parseReportDocument(input: unknown): ReportDocument {
  const result = reportDocumentSchema.safeParse(input);
  if (!result.success) throw new ValidationError(toFieldIssues(result.error, 'report'));
  return result.data;
}

/** Null-safe change between two measurements: a missing side makes the change missing, not zero. */
export function changeBetween(value: number | null, previous: number | null): Change {
  if (value === null || previous === null) return { absolute: null, relative: null };
  return { absolute: value - previous, relative: previous === 0 ? null : (value - previous) / Math.abs(previous) };
}

/** A KPI row with its change computed, for section builders. */
export function kpiRow(row: Omit<KpiRow, 'change'>): KpiRow {
  return { ...row, change: changeBetween(row.value, row.previous) };
}

/** Indexes of the items that repeat an earlier one. */
function duplicates(items: readonly string[]): number[] {
  return items.flatMap((item, i) => (items.indexOf(item) < i ? [i] : []));
}
