/**
 * The rendered report as a reader sees it: a file opened in headless Chromium, with no network.
 * The numbers on the page are read back through their data attributes and compared with the
 * document that produced them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChartBlock, KpiRow, ReportDocument, TableBlock } from '../../shared/analytics/reports/document.js';
import { renderReportHtml } from '../../shared/analytics/reports/render-html.js';
import { launchChromium, type Chromium, type OpenedPage } from '../helpers/chromium.js';
import { sampleReport } from '../unit/reports/sample-document.js';

const doc: ReportDocument = sampleReport();
const blocks = doc.sections.flatMap((s) => s.blocks);
const kpis: KpiRow[] = blocks.flatMap((b) => (b.type === 'kpis' ? b.rows : []));
const charts = blocks.filter((b): b is ChartBlock => b.type === 'chart');
const tables = blocks.filter((b): b is TableBlock => b.type === 'table');

/** The number a reader sees: "12,840" → 12840, "€0.42" → 0.42, "4.25%" → 4.25, "— missing" → null. */
function visibleNumber(text: string): number | null {
  if (text.trim().startsWith('—')) return null;
  return Number(text.replace(/[^0-9.\-−]/g, '').replace('−', '-'));
}

let dir: string;
let chromium: Chromium;
let report: OpenedPage;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pillars-report-'));
  const file = join(dir, 'report.html');
  writeFileSync(file, renderReportHtml(doc));
  chromium = await launchChromium();
  const blockedRequests: string[] = [];
  report = await chromium.openFile(file);
  report.page.on('request', (request) => blockedRequests.push(request.url()));
  await report.page.reload({ waitUntil: 'load' });
  expect(blockedRequests.filter((url) => !url.startsWith('file://')), 'the report fetches nothing from the network').toEqual([]);
});

afterAll(async () => {
  await chromium?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a rendered report in Chromium', () => {
  it('renders: the page title and the visible heading name the brand and report', async () => {
    expect(await report.page.title()).toBe('Acme <Coffee> & Co — Weekly report');
    expect(await report.isVisible('h1')).toBe(true);
    expect(await report.page.$eval('h1', (h) => h.textContent)).toBe('Weekly report');
  });

  it('draws every chart as a visible SVG with its series', async () => {
    const onPage = await report.charts();
    expect(onPage.map((c) => c.id)).toEqual(charts.map((c) => c.csvName));
    for (const chart of charts) {
      const drawn = onPage.find((c) => c.id === chart.csvName)!;
      expect(drawn.visible, `${chart.csvName} is visible`).toBe(true);
      expect(drawn.width).toBeGreaterThan(0);
      expect(drawn.height).toBeGreaterThan(0);
      const present = chart.series.flatMap((s) => s.values).filter((v) => v !== null).length;
      // Heatmap cells and bars are one shape per present value; line symbols too, plus one legend icon per series when there is a legend.
      const legendIcons = chart.kind === 'line' && chart.series.length > 1 ? chart.series.length : 0;
      expect(drawn.seriesShapes, `${chart.csvName} draws one shape per present value`).toBe(present + legendIcons);
      if (chart.kind === 'line') {
        expect(drawn.linePaths).toHaveLength(chart.series.length);
        // A missing value breaks the line: the path moves (M) again instead of drawing (L) through it.
        chart.series.forEach((s, i) => {
          const moves = (drawn.linePaths[i]!.match(/M/g) ?? []).length;
          expect(moves, `${s.name} has a gap per missing run`).toBe(s.values.includes(null) ? 2 : 1);
        });
      }
    }
  });

  it('shows each KPI with the value, previous value and change of the document', async () => {
    const shown = await report.dataNumbers('data-kpi');
    for (const row of kpis) {
      const field = (name: string) => shown.find((n) => n.data.kpi === row.id && n.data.field === name);
      expect(field('value')?.value, `${row.id} value`).toBe(row.value);
      expect(field('previous')?.value, `${row.id} previous`).toBe(row.previous);
      expect(visibleNumber(field('value')!.text), `${row.id} value as shown`).toBe(row.value);
      expect(visibleNumber(field('previous')!.text), `${row.id} previous as shown`).toBe(row.previous);
      expect(field('change')?.value, `${row.id} change`).toBe(row.change.absolute);
    }
    const reach = shown.find((n) => n.data.kpi === 'reach' && n.data.field === 'value')!;
    expect(reach.text).toContain('—');
    expect(reach.data.missing).toBe('true');
  });

  it('shows every table cell and chart value of the document', async () => {
    const shown = await report.dataNumbers('data-metric');
    for (const table of tables) {
      table.rows.forEach((row, r) => table.columns.forEach((column, c) => {
        const cell = shown.find((n) => n.data.metric === table.csvName && n.data.row === String(r) && n.data.column === column.id)!;
        const expected = row[c] ?? null;
        if (typeof expected === 'string') expect(cell.text).toBe(expected);
        else {
          expect(cell.value, `${table.csvName} row ${r} ${column.id}`).toBe(expected);
          expect(visibleNumber(cell.text), `${table.csvName} row ${r} ${column.id} as shown`).toBe(expected);
        }
      }));
    }
    for (const chart of charts) {
      const values = shown.filter((n) => n.data.metric === chart.csvName);
      const expected = chart.x.flatMap((x, i) => chart.series.map((s) => ({ x, series: s.name, value: s.values[i] ?? null })));
      expect(values.map((n) => ({ x: n.data.x, series: n.data.series, value: n.value }))).toEqual(expected);
    }
  });

  it('fits a phone screen: nothing scrolls sideways and the charts shrink to fit', async () => {
    await report.page.setViewport({ width: 375, height: 800 });
    try {
      expect(await report.horizontalOverflow()).toBeLessThanOrEqual(0);
      for (const chart of await report.charts()) {
        expect(chart.visible, `${chart.id} is visible`).toBe(true);
        expect(chart.width).toBeLessThanOrEqual(375);
      }
    } finally {
      await report.page.setViewport({ width: 1024, height: 800 });
    }
  });

  it('keeps user text as text: no script from a post runs or becomes an element', async () => {
    expect(await report.page.$$eval('script', (s) => s.length)).toBe(0);
    expect(await report.page.$$eval('a[href^="javascript:"]', (a) => a.length)).toBe(0);
  });
});
