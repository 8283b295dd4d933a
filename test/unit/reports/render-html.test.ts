import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../shared/analytics/reports/render-html.js';
import { HOSTILE_TEXT, sampleReport } from './sample-document.js';
import { findElement, findElements } from './html-reader.js';

const html = renderReportHtml(sampleReport());

describe('renderReportHtml', () => {
  it('puts each KPI value, previous value and change into its data-kpi element, raw and formatted', () => {
    const value = findElement(html, { 'data-kpi': 'engagement-rate', 'data-field': 'value' });
    expect(value.attributes['data-value']).toBe('4.25');
    expect(value.text).toBe('4.25%');
    expect(findElement(html, { 'data-kpi': 'impressions', 'data-field': 'previous' }).attributes['data-value']).toBe('15000');
    expect(findElement(html, { 'data-kpi': 'impressions', 'data-field': 'previous' }).text).toBe('15,000');
    expect(findElement(html, { 'data-kpi': 'cost-per-click', 'data-field': 'value' }).text).toBe('€0.42');
    const change = findElement(html, { 'data-kpi': 'engagement-rate', 'data-field': 'change' });
    expect(change.attributes['data-value']).toBe('0.5');
    expect(change.text).toBe('▲\u00a0+0.5\u00a0pp (+13.3%)');
  });

  it('colours a change by whether the KPI is better higher or lower, not by its sign', () => {
    const fewerImpressions = findElement(html, { 'data-kpi': 'impressions', 'data-field': 'change' });
    expect(fewerImpressions.attributes['data-verdict']).toBe('worse');
    expect(fewerImpressions.attributes.style).toContain('#B91C1C');
    expect(fewerImpressions.text).toBe('▼\u00a0−2,160 (−14.4%)');
    const cheaperClicks = findElement(html, { 'data-kpi': 'cost-per-click', 'data-field': 'change' });
    expect(cheaperClicks.attributes['data-verdict']).toBe('better');
    expect(cheaperClicks.attributes.style).toContain('#047857');
    expect(cheaperClicks.text).toBe('▼\u00a0−€0.08 (−16%)');
  });

  it('shows a missing number as "—" marked missing, never as 0, and its change as missing too', () => {
    const reach = findElement(html, { 'data-kpi': 'reach', 'data-field': 'value' });
    expect(reach.attributes).toMatchObject({ 'data-value': '', 'data-missing': 'true' });
    expect(reach.attributes.title).toContain('missing');
    expect(reach.text).toBe('— missing');
    expect(findElement(html, { 'data-kpi': 'reach', 'data-field': 'change' }).attributes['data-missing']).toBe('true');
    expect(findElement(html, { 'data-metric': 'top-posts.csv', 'data-row': '1', 'data-column': 'impressions' }).attributes['data-missing']).toBe('true');
    const chartValue = findElement(html, { 'data-metric': 'impressions-per-day.csv', 'data-series': 'mastodon', 'data-x': 'Wed' });
    expect(chartValue.text).toBe('—');
    expect(chartValue.attributes).toMatchObject({ 'data-missing': 'true', title: 'missing: the network did not return this value' });
  });

  it('keeps a change from zero without a relative change instead of dividing by zero', () => {
    const change = findElement(html, { 'data-kpi': 'comments-per-post', 'data-field': 'change' });
    expect(change.attributes['data-relative']).toBe('');
    expect(change.text).toBe('▲\u00a0+2.5');
  });

  it('escapes user text everywhere and links only http(s) URLs', () => {
    expect(html).not.toContain('<script');
    const post = findElement(html, { 'data-metric': 'top-posts.csv', 'data-row': '0', 'data-column': 'text' });
    expect(post.text).toBe(HOSTILE_TEXT.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    expect(html).toContain('<title>Acme &lt;Coffee&gt; &amp; Co — Weekly report</title>');
    expect(findElements(html, { href: 'https://sandbox.example/@demo/1?a=1&amp;b=2' })).toHaveLength(1);
    expect(html).not.toMatch(/href="javascript:/);
  });

  it('says why an empty period is empty', () => {
    const note = findElement(html, { 'data-note': 'info' });
    expect(note.text).toBe('No posts were published between 16 Nov 2026 and 22 Nov 2026.');
  });

  it('is self-contained: inline SVG charts, no scripts, stylesheets, fonts or images to fetch', () => {
    expect(html.match(/<svg/g)).toHaveLength(3);
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/\bsrc=|@import|url\(\s*['"]?http/i);
  });

  it('draws a missing value in a line chart as a gap, not as a point at zero', () => {
    const figure = html.slice(html.indexOf('data-chart="impressions-per-day.csv"'), html.indexOf('data-chart="engagements-by-network.csv"'));
    const lines = [...figure.matchAll(/<path d="([^"]+)" fill="none"[^>]*stroke-width="2"/g)].map((m) => m[1]!);
    expect(lines).toHaveLength(2);
    // mastodon is missing on Wed: the stroke lifts (a second M) instead of drawing through it.
    expect(lines[0]!.match(/M/g)).toHaveLength(2);
    const mastodonPoints = [...figure.matchAll(/ecmeta_series_index="0" ecmeta_data_index="(\d)"/g)].map((m) => m[1]);
    expect(mastodonPoints).not.toContain('2');
  });

  it('refuses a malformed document naming the field', () => {
    const doc = sampleReport();
    const chart = doc.sections[0]!.blocks[2]!;
    if (chart.type !== 'chart') throw new Error('sample changed');
    chart.series[0]!.values.pop();
    expect(() => renderReportHtml(doc)).toThrow(/sections\.0\.blocks\.2\.series\.0\.values: has 6 values for 7 x categories/);
  });
});
