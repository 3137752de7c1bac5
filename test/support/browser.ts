import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium: a test tool's own browser download cannot reach its servers from here. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Screenshots of the browser tests; git-ignored, kept by CI as artifacts (see the README). */
export const SCREENSHOTS_DIR = join(__dirname, '..', 'artifacts', 'dashboard');

export async function launchChromium(): Promise<Browser> {
  // Fail, never skip: a browser test that silently does not run proves nothing.
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: the dashboard's browser tests need Debian's. ` +
      'Install it with `apt-get update && apt-get install -y chromium` (.ci/run does this when it is missing).');
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** The whole page by default; `fullPage: false` for what the window shows (a section scrolled into view). */
export async function saveScreenshot(page: Page, name: string, { fullPage = true } = {}): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

/**
 * What the page reports as going wrong: script errors, console errors (a CSP violation is one)
 * and failed requests. A test expects the list empty at its end.
 */
export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  return problems;
}

type WithDataset = { dataset: Record<string, string> };
type ChartGlobal = {
  Chart: {
    getChart(id: string): {
      data: { labels: unknown[]; datasets: { label: string; data: unknown[] }[] };
      getDatasetMeta(index: number): { data: { x: number; y: number; base: number }[] };
    };
  };
};

/** The data-* attributes of each element the selector matches, in document order. */
export function datasetsOf(page: Page, selector: string): Promise<Record<string, string>[]> {
  return page.$$eval(selector, (elements) => elements.map((element) => ({ ...(element as unknown as WithDataset).dataset })));
}

/** A Chart.js chart's labels and each dataset's values by its label: what the chart draws. */
export function chartDataOf(page: Page, canvasId: string): Promise<Record<string, unknown[]>> {
  return page.evaluate((id) => {
    const chart = (globalThis as unknown as ChartGlobal).Chart.getChart(id);
    return { labels: chart.data.labels, ...Object.fromEntries(chart.data.datasets.map((dataset) => [dataset.label, dataset.data])) };
  }, canvasId);
}

/** Clicks the middle of a bar of a Chart.js bar chart's first dataset, as a person would. */
export async function clickChartBar(page: Page, canvasId: string, index: number): Promise<void> {
  const canvas = page.locator(`#${canvasId}`);
  await canvas.scrollIntoViewIfNeeded();
  const bar = await page.evaluate(([id, at]) => {
    const { x, y, base } = (globalThis as unknown as ChartGlobal).Chart.getChart(id as string).getDatasetMeta(0).data[at as number];
    return { x, y, base };
  }, [canvasId, index]);
  const box = (await canvas.boundingBox())!;
  // Chart.js places elements in CSS pixels from the canvas's corner; a bar runs from base to x (or y).
  await page.mouse.click(box.x + (bar.x + bar.base) / 2, box.y + bar.y);
}
