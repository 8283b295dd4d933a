import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../../shared/analytics/reports/charts.js';
import type { ChartBlock } from '../../../shared/analytics/reports/document.js';

const shapes = (svg: string) => [...svg.matchAll(/ecmeta_series_index="0" ecmeta_data_index="(\d+)"/g)].map((m) => Number(m[1]));

describe('renderChartSvg', () => {
  it('draws a bar per present value and none for a missing one', () => {
    const svg = renderChartSvg({ type: 'chart', kind: 'bar', title: 'Engagements', x: ['a', 'b', 'c'], series: [{ name: 'e', values: [3, null, 0] }], yLabel: 'engagements', csvName: 'e.csv' });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(shapes(svg)).toEqual([0, 2]);
  });

  it('leaves a missing heatmap cell undrawn while drawing a zero', () => {
    const chart: ChartBlock = {
      type: 'chart', kind: 'heatmap', title: 'Best times', x: ['09', '10'], yLabel: 'engagement rate', csvName: 'b.csv',
      series: [{ name: 'Mon', values: [0, null] }, { name: 'Tue', values: [null, 2] }],
    };
    expect(shapes(renderChartSvg(chart))).toEqual([0, 3]);
  });

  it('keeps labels from users as SVG text, not markup', () => {
    const svg = renderChartSvg({ type: 'chart', kind: 'line', title: 't', x: ['<img src=x onerror=alert(1)>'], series: [{ name: '<script>s</script>', values: [1] }, { name: 'b', values: [2] }], yLabel: 'y', csvName: 'a.csv' });
    expect(svg).not.toMatch(/<img|<script/);
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('marks each point of a month-long line, but not of a 90-day one, whose markers would only add weight', () => {
    const line = (days: number): ChartBlock => ({
      type: 'chart', kind: 'line', title: 'Engagements', yLabel: 'engagements', csvName: 'l.csv',
      x: Array.from({ length: days }, (_, i) => `d${i}`), series: [{ name: 'a', values: Array.from({ length: days }, (_, i) => i) }],
    });
    expect(shapes(renderChartSvg(line(31)))).toHaveLength(31);
    expect(shapes(renderChartSvg(line(90)))).toEqual([]);
  });

  it('makes the chart taller for each extra legend row instead of letting the legend cover the plot', () => {
    const many = (names: string[]): ChartBlock => ({
      type: 'chart', kind: 'line', title: 't', yLabel: 'y', csvName: 'm.csv', x: ['a'], series: names.map((name) => ({ name, values: [1] })),
    });
    const height = (svg: string) => Number(/<svg[^>]*height="(\d+)"/.exec(svg)![1]);
    const oneRow = renderChartSvg(many(['a', 'b']));
    const threeRows = renderChartSvg(many(Array.from({ length: 7 }, (_, i) => `a long channel name number ${i}`)));
    expect(height(oneRow)).toBe(280);
    expect(height(threeRows)).toBeGreaterThan(280);
  });
});
