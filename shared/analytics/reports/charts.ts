/**
 * Charts drawn on the server to inline SVG with ECharts' SSR renderer, so a report needs no
 * script, no canvas and no network to show them. Missing values are ECharts' empty value: a gap
 * in a line, no bar, an empty heatmap cell — never a zero.
 */
import * as echarts from 'echarts';
import type { ChartBlock } from './document.js';

export interface ChartSize {
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_CHART_SIZE: ChartSize = { width: 640, height: 280 };

/** A calm palette that prints well and keeps series apart for colour-blind readers (Okabe–Ito). */
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
const TEXT = '#334155';
const GRID = '#E2E8F0';
const EMPTY = '-';
const MISSING_CELL = '#CBD5E1';
const LEGEND_ROW = 24;

export function renderChartSvg(chart: ChartBlock, size: ChartSize = DEFAULT_CHART_SIZE): string {
  // Legend rows beyond the first make the chart taller rather than squeeze its plot.
  const extraRows = chart.kind === 'heatmap' || chart.series.length < 2 ? 0 : legendRows(chart, size.width) - 1;
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height + extraRows * LEGEND_ROW });
  try {
    instance.setOption(chart.kind === 'heatmap' ? heatmapOption(chart) : seriesOption(chart, size));
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}

/** Legend rows ECharts will wrap into at this width; SSR has no layout pass, so the grid must leave room for them. */
function legendRows(chart: ChartBlock, width: number): number {
  // About 7 px per character at 12 px, plus the symbol and gaps; an estimate that errs towards more room.
  const items = chart.series.map((s) => s.name.length * 7 + 45);
  let rows = 1;
  let used = 0;
  for (const item of items) {
    if (used > 0 && used + item > width - 20) { rows++; used = 0; }
    used += item;
  }
  return rows;
}

function seriesOption(chart: ChartBlock, size: ChartSize): echarts.EChartsCoreOption {
  const legendHeight = chart.series.length > 1 ? legendRows(chart, size.width) * LEGEND_ROW : 0;
  return {
    animation: false,
    color: PALETTE,
    textStyle: { fontFamily: 'Helvetica, Arial, sans-serif', color: TEXT },
    legend: chart.series.length > 1 ? { top: 0, textStyle: { color: TEXT } } : undefined,
    grid: { left: 56, right: 16, top: legendHeight + 16, bottom: 40, containLabel: false },
    xAxis: { type: 'category', data: chart.x, name: chart.xLabel, axisLabel: { color: TEXT }, axisLine: { lineStyle: { color: GRID } } },
    yAxis: {
      type: 'value', name: chart.yLabel, nameLocation: 'middle', nameGap: 42,
      axisLabel: { color: TEXT }, splitLine: { lineStyle: { color: GRID } },
    },
    series: chart.series.map((s) => ({
      type: chart.kind,
      name: s.name,
      data: s.values.map((v) => v ?? EMPTY),
      ...(chart.kind === 'line' ? lineStyle(chart) : { barMaxWidth: 28 }),
    })),
  };
}

/** Rows are the series (e.g. weekdays), columns the x categories (e.g. hours). */
function heatmapOption(chart: ChartBlock): echarts.EChartsCoreOption {
  const cells = chart.series.flatMap((s, row) => s.values.map((v, column) => [column, row, v ?? EMPTY]));
  const present = chart.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  return {
    animation: false,
    textStyle: { fontFamily: 'Helvetica, Arial, sans-serif', color: TEXT },
    // A missing cell is not drawn, so the grid's grey shows through: missing looks unlike the palest (lowest) value.
    grid: { left: 56, right: 16, top: 16, bottom: 64, show: true, backgroundColor: MISSING_CELL, borderWidth: 0 },
    xAxis: { type: 'category', data: chart.x, name: chart.xLabel, splitArea: { show: false }, axisLabel: { color: TEXT } },
    yAxis: { type: 'category', inverse: true, data: chart.series.map((s) => s.name), axisLabel: { color: TEXT } },
    // Five steps rather than a gradient: easier to read at a glance, and a much smaller SVG for e-mail.
    visualMap: {
      type: 'piecewise', splitNumber: 5,
      min: present.length ? Math.min(...present) : 0,
      max: present.length ? Math.max(...present) : 1,
      orient: 'horizontal', left: 'center', bottom: 0, itemWidth: 14, itemHeight: 10, itemGap: 4,
      text: [`high ${chart.yLabel}`, 'low (grey: missing)'], textStyle: { color: TEXT }, showLabel: false,
      inRange: { color: ['#DBEAFE', '#0072B2'] },
    },
    series: [{ type: 'heatmap', name: chart.yLabel, data: cells, itemStyle: { borderColor: '#FFFFFF', borderWidth: 1 } }],
  };
}

/** Up to a month of points, each is marked (a lone day between gaps stays visible); beyond that the markers only add weight. */
const MARKED_POINTS = 31;

function lineStyle(chart: ChartBlock) {
  const marked = chart.x.length <= MARKED_POINTS;
  return { connectNulls: false, showSymbol: marked, showAllSymbol: marked, symbolSize: 5 };
}
