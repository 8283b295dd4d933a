/**
 * One self-contained HTML file for a report: no external fonts, scripts, images or stylesheets,
 * so it reads the same in a browser, saved to disk, or in an e-mail client. Styles are inline on
 * each element because many e-mail clients drop <style> blocks; charts are inline SVG.
 *
 * Machine-readable numbers: every number element carries a stable attribute and its raw value —
 *   KPIs:        data-kpi="<row id>" data-field="value|previous|change" data-value="<raw>"
 *   table cells: data-metric="<csvName>" data-row="<index>" data-column="<column id>" data-value="<raw>"
 *   chart data:  data-metric="<csvName>" data-series="<name>" data-x="<category>" data-value="<raw>"
 * A missing number has data-value="" and data-missing="true" and shows "—".
 */
import { renderChartSvg, DEFAULT_CHART_SIZE, type ChartSize } from './charts.js';
import { parseReportDocument, type Cell, type ChartBlock, type KpiRow, type NoteBlock, type ReportBlock, type ReportDocumentInput, type ReportSection, type TableBlock, type TableColumn } from './document.js';
import { escapeHtml, safeHref } from './html-escape.js';
import {
  MISSING, changeDirection, changeVerdict, formatAbsoluteChange, formatInstant, formatPeriod, formatRelativeChange, formatValue, type Verdict,
} from './format.js';

export interface RenderHtmlOptions {
  readonly chartSize?: ChartSize;
}

const FONT = "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";
const INK = '#0F172A';
const MUTED = '#64748B';
const RULE = '#E2E8F0';
const VERDICT_COLOUR: Record<Verdict, string> = { better: '#047857', worse: '#B91C1C', same: MUTED, unknown: MUTED };
const ARROW = { up: '▲', down: '▼', flat: '■', unknown: '' } as const;
const GAP = { line: 'gaps in the line', bar: 'no bar', heatmap: 'grey cells' } as const;
const MISSING_TITLE = 'missing: the network did not return this value';

const style = {
  body: `margin:0;padding:0;background:#F8FAFC;color:${INK};font-family:${FONT};font-size:14px;line-height:1.5;`,
  page: `max-width:760px;margin:0 auto;padding:24px 16px;`,
  card: `background:#FFFFFF;border:1px solid ${RULE};border-radius:8px;padding:20px 24px;margin:0 0 16px;`,
  brand: `margin:0;color:${MUTED};font-size:13px;letter-spacing:.04em;text-transform:uppercase;`,
  h1: `margin:4px 0 8px;font-size:24px;line-height:1.25;`,
  h2: `margin:0 0 8px;font-size:18px;line-height:1.3;`,
  h3: `margin:16px 0 8px;font-size:15px;`,
  meta: `margin:0;color:${MUTED};font-size:13px;`,
  intro: `margin:0 0 12px;color:#334155;`,
  table: `width:100%;border-collapse:collapse;font-size:13px;`,
  th: `text-align:left;padding:6px 8px;border-bottom:2px solid ${RULE};color:${MUTED};font-weight:600;`,
  thNum: `text-align:right;padding:6px 8px;border-bottom:2px solid ${RULE};color:${MUTED};font-weight:600;`,
  td: `padding:6px 8px;border-bottom:1px solid ${RULE};vertical-align:top;`,
  tdNum: `padding:6px 8px;border-bottom:1px solid ${RULE};vertical-align:top;text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;`,
  tdChange: `padding:6px 8px;border-bottom:1px solid ${RULE};vertical-align:top;text-align:right;font-variant-numeric:tabular-nums;`,
  kpiValue: `font-size:16px;font-weight:600;`,
  definition: `display:block;color:${MUTED};font-size:12px;`,
  missing: `color:${MUTED};`,
  note: `margin:8px 0;padding:8px 12px;border-left:3px solid #94A3B8;background:#F1F5F9;color:#334155;`,
  warning: `margin:8px 0;padding:8px 12px;border-left:3px solid #D97706;background:#FFFBEB;color:#78350F;`,
  figure: `margin:12px 0;`,
  caption: `font-weight:600;margin:0 0 4px;`,
  dataCell: `padding:2px 6px;border-bottom:1px solid ${RULE};`,
  details: `margin:4px 0 0;color:${MUTED};font-size:12px;`,
  footer: `color:${MUTED};font-size:12px;text-align:center;margin:8px 0 0;`,
  link: `color:#0369A1;word-break:break-all;`,
};

export function renderReportHtml(input: ReportDocumentInput, options: RenderHtmlOptions = {}): string {
  const doc = parseReportDocument(input);
  const chartSize = options.chartSize ?? DEFAULT_CHART_SIZE;
  const heading = `${doc.brand} — ${doc.title}`;
  const compared = doc.previousPeriod ? ` · compared with ${formatPeriod(doc.previousPeriod)}` : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${escapeHtml(heading)}</title>`,
    '</head>',
    `<body style="${style.body}">`,
    `<div style="${style.page}" data-report="${escapeHtml(doc.title)}">`,
    `<header style="${style.card}">`,
    `<p style="${style.brand}" data-brand>${escapeHtml(doc.brand)}</p>`,
    `<h1 style="${style.h1}">${escapeHtml(doc.title)}</h1>`,
    `<p style="${style.meta}" data-period data-from="${escapeHtml(doc.period.from)}" data-to="${escapeHtml(doc.period.to)}">`
      + `${escapeHtml(formatPeriod(doc.period))} (${escapeHtml(doc.period.timezone)})${escapeHtml(compared)}</p>`,
    '</header>',
    ...doc.sections.map((section) => renderSection(section, chartSize)),
    `<p style="${style.footer}">Generated ${escapeHtml(formatInstant(doc.generatedAt, doc.period.timezone))} by Pillars. `
      + `${MISSING} marks a value a network did not return; it is left out of totals and charts, never counted as zero.</p>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderSection(section: ReportSection, chartSize: ChartSize): string {
  return [
    `<section style="${style.card}" data-section="${escapeHtml(section.id)}">`,
    `<h2 style="${style.h2}">${escapeHtml(section.title)}</h2>`,
    section.intro ? `<p style="${style.intro}">${escapeHtml(section.intro)}</p>` : '',
    ...section.blocks.map((block) => renderBlock(block, chartSize)),
    '</section>',
  ].filter(Boolean).join('\n');
}

function renderBlock(block: ReportBlock, chartSize: ChartSize): string {
  switch (block.type) {
    case 'kpis': return renderKpis(block.rows);
    case 'chart': return renderChart(block, chartSize);
    case 'table': return renderTable(block);
    case 'note': return renderNote(block);
  }
}

function renderKpis(rows: readonly KpiRow[]): string {
  const head = `<tr><th style="${style.th}">KPI</th><th style="${style.thNum}">This period</th>`
    + `<th style="${style.thNum}">Previous</th><th style="${style.thNum}">Change</th></tr>`;
  const body = rows.map((row) => {
    const attr = `data-kpi="${escapeHtml(row.id)}"`;
    return `<tr data-kpi-row="${escapeHtml(row.id)}" data-better="${row.better}" data-verdict="${changeVerdict(row)}">`
      + `<td style="${style.td}"><strong>${escapeHtml(row.label)}</strong><span style="${style.definition}">${escapeHtml(row.definition)}</span></td>`
      + `<td style="${style.tdNum}">${number(attr + ' data-field="value"', row.value, formatValue(row.value, row.unit), style.kpiValue)}</td>`
      + `<td style="${style.tdNum}">${number(attr + ' data-field="previous"', row.previous, formatValue(row.previous, row.unit))}</td>`
      + `<td style="${style.tdChange}">${renderChange(row, attr)}</td>`
      + '</tr>';
  });
  return `<div style="overflow-x:auto;"><table style="${style.table}" data-block="kpis"><thead>${head}</thead><tbody>\n${body.join('\n')}\n</tbody></table></div>`;
}

function renderChange(row: KpiRow, attr: string): string {
  const verdict = changeVerdict(row);
  if (row.change.absolute === null) return number(`${attr} data-field="change"`, null, MISSING);
  const arrow = ARROW[changeDirection(row.change)];
  // No-break spaces keep "▲ +0.5 pp" and "(+13.3%)" whole; the line may break between them on a phone.
  const shown = `${arrow}\u00a0${formatAbsoluteChange(row.change, row.unit).replace(/ /g, '\u00a0')}`
    + (row.change.relative === null ? '' : ` (${formatRelativeChange(row.change)})`);
  const relative = row.change.relative === null ? '' : String(row.change.relative);
  return `<span ${attr} data-field="change" data-value="${row.change.absolute}" data-relative="${relative}" data-verdict="${verdict}" `
    + `title="${verdict === 'same' ? 'unchanged' : `${verdict}: ${row.better} is better`}" style="color:${VERDICT_COLOUR[verdict]};font-weight:600;">${escapeHtml(shown)}</span>`;
}

function renderChart(chart: ChartBlock, chartSize: ChartSize): string {
  const missing = chart.series.reduce((n, s) => n + s.values.filter((v) => v === null).length, 0);
  const total = chart.series.length * chart.x.length;
  const gapNote = missing
    ? `<p style="${style.meta}" data-missing-count="${missing}">${missing} of ${total} values missing; shown as ${GAP[chart.kind]}, not as zero.</p>`
    : '';
  const dataHead = `<tr><th style="${style.th}">${escapeHtml(chart.xLabel ?? '')}</th>`
    + chart.series.map((s) => `<th style="${style.thNum}">${escapeHtml(s.name)}</th>`).join('') + '</tr>';
  const dataRows = chart.x.map((x, i) => `<tr><td style="${style.dataCell}">${escapeHtml(x)}</td>`
    + chart.series.map((s) => {
      const value = s.values[i] ?? null;
      const attr = `data-metric="${escapeHtml(chart.csvName)}" data-series="${escapeHtml(s.name)}" data-x="${escapeHtml(x)}"`;
      return `<td style="${style.dataCell}text-align:right;">${number(attr, value, formatValue(value, undefined), '', true)}</td>`;
    }).join('') + '</tr>');
  return [
    `<figure style="${style.figure}" data-chart="${escapeHtml(chart.csvName)}" data-kind="${chart.kind}">`,
    `<figcaption style="${style.caption}">${escapeHtml(chart.title)}</figcaption>`,
    `<div style="width:100%;max-width:${chartSize.width}px;" role="img" aria-label="${escapeHtml(`${chart.title} (${chart.yLabel})`)}">${scalable(renderChartSvg(chart, chartSize))}</div>`,
    gapNote,
    `<details style="${style.details}"><summary>The numbers (also attached as ${escapeHtml(chart.csvName)})</summary>`,
    `<table style="${style.table}"><thead>${dataHead}</thead><tbody>${dataRows.join('')}</tbody></table></details>`,
    '</figure>',
  ].filter(Boolean).join('\n');
}

function renderTable(table: TableBlock): string {
  const head = '<tr>' + table.columns.map((c) => `<th style="${isNumeric(c) ? style.thNum : style.th}">${escapeHtml(c.label)}</th>`).join('') + '</tr>';
  const body = table.rows.map((row, r) => '<tr>' + table.columns.map((column, c) => {
    const cell = row[c] ?? null;
    const attr = `data-metric="${escapeHtml(table.csvName)}" data-row="${r}" data-column="${escapeHtml(column.id)}"`;
    return `<td style="${typeof cell === 'string' ? style.td : style.tdNum}">${renderCell(cell, column, attr)}</td>`;
  }).join('') + '</tr>');
  return [
    table.title ? `<h3 style="${style.h3}">${escapeHtml(table.title)}</h3>` : '',
    // A wide table scrolls inside its box on a phone instead of making the whole page scroll sideways.
    `<div style="overflow-x:auto;"><table style="${style.table}" data-table="${escapeHtml(table.csvName)}"><thead>${head}</thead><tbody>`,
    body.length ? body.join('\n') : `<tr><td style="${style.td}" colspan="${table.columns.length}">No rows in this period.</td></tr>`,
    '</tbody></table></div>',
  ].filter(Boolean).join('\n');
}

function renderCell(cell: Cell, column: TableColumn, attr: string): string {
  if (typeof cell === 'string') {
    const href = column.link ? safeHref(cell) : null;
    return href
      ? `<a ${attr} href="${escapeHtml(href)}" style="${style.link}">${escapeHtml(cell)}</a>`
      : `<span ${attr}>${escapeHtml(cell)}</span>`;
  }
  return number(attr, cell, formatValue(cell, column.unit));
}

function renderNote(note: NoteBlock): string {
  return `<p style="${note.tone === 'warning' ? style.warning : style.note}" role="note" data-note="${note.tone}">${escapeHtml(note.text)}</p>`;
}

/**
 * A number element with its raw value, or the visible missing marker. `compact` (chart data, which
 * can run to hundreds of cells) keeps only the dash and its tooltip: e-mail clients such as Gmail
 * clip messages past about 100 KB.
 */
function number(attr: string, value: number | null, shown: string, extra = '', compact = false): string {
  if (value === null) {
    const marker = compact ? '' : '<span style="font-size:11px;"> missing</span>';
    return `<span ${attr} data-value="" data-missing="true" title="${MISSING_TITLE}" style="${style.missing}${extra}">${MISSING}${marker}</span>`;
  }
  return `<span ${attr} data-value="${value}" style="${extra}">${escapeHtml(shown)}</span>`;
}

/** The SVG has a viewBox, so it can shrink to a phone's width instead of making the page scroll sideways. */
function scalable(svg: string): string {
  return svg.replace(/^<svg /, '<svg style="max-width:100%;height:auto;display:block;" ');
}

function isNumeric(column: TableColumn): boolean {
  return column.unit !== undefined;
}
