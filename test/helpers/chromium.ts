/**
 * Headless Chromium for end-to-end tests of what people look at (reports), driven with puppeteer-core; which
 * browser it launches is chromium-binary.ts's choice.
 * Reusable: open any file, read numbers by their data attributes, measure charts.
 */
import { pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { chromiumBinary } from './chromium-binary.js';

export interface Chromium {
  readonly browser: Browser;
  /** Opens a local file (absolute path) and waits until it has loaded. */
  openFile(path: string): Promise<OpenedPage>;
  close(): Promise<void>;
}

/** One element carrying a data attribute, with its raw `data-value` (null when marked missing). */
export interface DataNumber {
  readonly data: Record<string, string>;
  readonly value: number | null;
  readonly text: string;
}

export interface ChartOnPage {
  readonly id: string;
  readonly kind: string;
  readonly visible: boolean;
  readonly width: number;
  readonly height: number;
  /** Shapes ECharts drew for data points (bars, symbols, heatmap cells), by series index. */
  readonly seriesShapes: number;
  /** Line strokes that ECharts drew for line series (empty for bar and heatmap). */
  readonly linePaths: readonly string[];
}

export interface OpenedPage {
  readonly page: Page;
  /** Whether the first element matching the selector is rendered with a non-empty box. */
  isVisible(selector: string): Promise<boolean>;
  /** Every element with the attribute (e.g. 'data-kpi', 'data-metric'), in document order. */
  dataNumbers(attribute: string): Promise<DataNumber[]>;
  /** Every `figure[data-chart]` with its <svg>'s box and what ECharts drew in it. */
  charts(): Promise<ChartOnPage[]>;
  /** How many CSS pixels the page is wider than the viewport (0 or less: no sideways scrolling). */
  horizontalOverflow(): Promise<number>;
}

export async function launchChromium(): Promise<Chromium> {
  const binary = await chromiumBinary();
  const browser = await puppeteer.launch({
    executablePath: binary.executablePath,
    headless: binary.headless,
    env: { ...process.env, ...binary.env },
    // --no-sandbox: CI and this machine run as root, where Chromium's sandbox refuses to start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  return {
    browser,
    async openFile(path) {
      const page = await browser.newPage();
      await page.setViewport({ width: 1024, height: 800 });
      await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
      return openedPage(page);
    },
    close: () => browser.close(),
  };
}

function openedPage(page: Page): OpenedPage {
  return {
    page,
    isVisible: async (selector) => page.$eval(selector, (element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && element.checkVisibility({ visibilityProperty: true, opacityProperty: true });
    }),
    dataNumbers: (attribute) => page.$$eval(`[${attribute}]`, (elements) => elements.map((element) => {
      // data-foo-bar → fooBar, as element.dataset names them.
      const data = Object.fromEntries([...element.attributes]
        .filter((a) => a.name.startsWith('data-'))
        .map((a) => [a.name.slice(5).replace(/-([a-z])/g, (_: string, c: string) => c.toUpperCase()), a.value]));
      const raw = data.value;
      const missing = data.missing === 'true' || raw === undefined || raw === '';
      return { data, value: missing ? null : Number(raw), text: element.textContent ?? '' };
    })),
    // A string, so this Node-side file needs no DOM typings.
    horizontalOverflow: () => page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as Promise<number>,
    charts: () => page.$$eval('figure[data-chart]', (figures) => figures.map((figure) => {
      const svg = figure.querySelector('svg');
      const box = svg?.getBoundingClientRect();
      return {
        id: figure.getAttribute('data-chart') ?? '',
        kind: figure.getAttribute('data-kind') ?? '',
        visible: !!svg && !!box && box.width > 0 && box.height > 0 && svg.checkVisibility({ visibilityProperty: true, opacityProperty: true }),
        width: box?.width ?? 0,
        height: box?.height ?? 0,
        seriesShapes: svg ? svg.querySelectorAll('[ecmeta_series_index]').length : 0,
        linePaths: svg
          ? [...svg.querySelectorAll('path[fill="none"][stroke-width="2"]')].map((p) => p.getAttribute('d') ?? '')
          : [],
      };
    })),
  };
}
