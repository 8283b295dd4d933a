/**
 * One CSV per chart and table (RFC 4180: CRLF line ends, a header row, fields quoted when they hold
 * a comma, quote or line break). Numbers are raw (4.25, not "4.25%"), missing is an empty cell so a
 * spreadsheet sees a blank rather than a zero.
 */
import { parseReportDocument, type Cell, type ChartBlock, type ReportDocumentInput, type TableBlock } from './document.js';

export interface ReportCsv {
  /** The block's csvName, e.g. "top-posts.csv". */
  readonly name: string;
  readonly content: string;
}

export function renderReportCsvs(input: ReportDocumentInput): ReportCsv[] {
  const doc = parseReportDocument(input);
  return doc.sections.flatMap((section) => section.blocks.flatMap((block) => {
    if (block.type === 'chart') return [{ name: block.csvName, content: chartCsv(block) }];
    if (block.type === 'table') return [{ name: block.csvName, content: tableCsv(block) }];
    return [];
  }));
}

/** One row per x category, one column per series — the same for every chart kind. */
export function chartCsv(chart: ChartBlock): string {
  const header = [chart.xLabel ?? 'category', ...chart.series.map((s) => s.name)];
  const rows = chart.x.map((x, i) => [x, ...chart.series.map((s) => s.values[i] ?? null)]);
  return toCsv(header, rows);
}

/** Column headers are the stable column ids, so a spreadsheet or script can rely on them. */
export function tableCsv(table: TableBlock): string {
  return toCsv(table.columns.map((c) => c.id), table.rows);
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(field).join(',') + '\r\n').join('');
}

function field(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = neutraliseFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Post texts come from users; a cell starting with = + - @ would run as a formula when the
 * attachment is opened in a spreadsheet (CSV injection), so such text gets a leading apostrophe.
 */
function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
