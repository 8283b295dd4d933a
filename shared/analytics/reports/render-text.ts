/**
 * The plain-text alternative of the report e-mail: the KPIs in words, for clients that show no
 * HTML and for previews. Charts and tables point to their CSV attachments.
 */
import { parseReportDocument, type ReportDocumentInput, type ReportBlock, type KpiRow } from './document.js';
import { changeVerdict, formatAbsoluteChange, formatPeriod, formatRelativeChange, formatValue, MISSING } from './format.js';

export function renderReportText(input: ReportDocumentInput): string {
  const doc = parseReportDocument(input);
  const lines = [
    `${doc.brand} — ${doc.title}`,
    `${formatPeriod(doc.period)} (${doc.period.timezone})`
      + (doc.previousPeriod ? `, compared with ${formatPeriod(doc.previousPeriod)}` : ''),
  ];
  for (const section of doc.sections) {
    lines.push('', section.title, '='.repeat(section.title.length));
    if (section.intro) lines.push(section.intro);
    for (const block of section.blocks) lines.push(...blockLines(block));
  }
  lines.push('', `${MISSING} marks a value a network did not return; it is never counted as zero.`, '');
  return lines.join('\n');
}

function blockLines(block: ReportBlock): string[] {
  switch (block.type) {
    case 'kpis': return block.rows.map(kpiLine);
    case 'chart': return [`Chart: ${block.title} (numbers in ${block.csvName})`];
    case 'table': return [`Table: ${block.title ?? block.csvName}, ${block.rows.length} rows (in ${block.csvName})`];
    case 'note': return [`Note: ${block.text}`];
  }
}

function kpiLine(row: KpiRow): string {
  const value = row.value === null ? `${MISSING} (missing)` : formatValue(row.value, row.unit);
  if (row.previous === null && row.value === null) return `- ${row.label}: ${value}`;
  const change = row.change.absolute === null
    ? ''
    : `, ${formatAbsoluteChange(row.change, row.unit)}`
      + (row.change.relative === null ? '' : ` (${formatRelativeChange(row.change)})`)
      + `, ${changeVerdict(row) === 'same' ? 'unchanged' : changeVerdict(row)}`;
  return `- ${row.label}: ${value} (previous ${formatValue(row.previous, row.unit)}${change})`;
}
