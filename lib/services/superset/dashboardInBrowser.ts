import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium, Page } from 'playwright-core';
import { waitFor } from '../../process';

export interface BrowserCheck {
  baseUrl: string;
  username: string;
  password: string;
  dashboardPath: string;
  expectedCharts: number;
  screenshot: string;
  timeoutMs?: number;
  /** The window; the default is tall enough that every chart is in view (Superset renders charts lazily). */
  viewport?: { width: number; height: number };
  /** The whole page (default) or only the window (a README picture). */
  fullPage?: boolean;
}

export interface BrowserResult {
  /** Chart holders on the dashboard that finished loading. */
  rendered: number;
  /** Title and text of every chart showing an error instead of a chart. */
  errors: string[];
  /** Titles of the charts whose query returned no rows (Superset's "No results" state). */
  empty: string[];
  /** HTTP status of every chart data request the dashboard made. */
  dataStatuses: number[];
  /** The dashboard's title as the page shows it (its header). */
  title: string;
}

/** Debian's chromium (never a downloaded browser), without a sandbox or any background fetches. */
export const chromiumLaunch = {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
};

/**
 * Logs in through Superset's login page as a person would, opens the
 * dashboard, waits until every chart left its loading state (drawn, empty or
 * an error), and saves a full-page screenshot.
 */
export async function checkDashboardInBrowser(check: BrowserCheck): Promise<BrowserResult> {
  // Our callers stop what they started on signals; Playwright must not exit the process first.
  const browser = await chromium.launch({ ...chromiumLaunch, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  try {
    // Tall enough that every chart is in view: Superset renders charts lazily.
    const page = await browser.newPage({ viewport: check.viewport ?? { width: 1600, height: 2200 } });
    await logIn(page, check);
    const dataStatuses: number[] = [];
    page.on('response', (response) => { if (response.url().includes('/api/v1/chart/data')) dataStatuses.push(response.status()); });
    await page.goto(check.baseUrl + check.dashboardPath);
    const charts = await waitForCharts(page, check.expectedCharts, check.timeoutMs ?? 120_000);
    const titled = (state: ChartState['state']) => charts.filter((chart) => chart.state === state);
    // ECharts animates bars and lines in for about a second after drawing; shoot the settled picture.
    await page.waitForTimeout(1_500);
    mkdirSync(dirname(check.screenshot), { recursive: true });
    await page.screenshot({ path: check.screenshot, fullPage: check.fullPage ?? true });
    return {
      rendered: charts.length,
      errors: titled('error').map((chart) => chart.text),
      empty: titled('empty').map((chart) => chart.title),
      dataStatuses,
      title: await dashboardTitleOn(page),
    };
  } finally {
    await browser.close();
  }
}

/** The header's editable title (an input in Superset 6, text before), else the document's title. */
async function dashboardTitleOn(page: Page): Promise<string> {
  const title = page.locator('[data-test="editable-title"]').first();
  const input = await title.locator('input').inputValue({ timeout: 2_000 }).catch(() => '');
  const text = input || (await title.textContent({ timeout: 2_000 }).catch(() => null)) || '';
  return text.trim() || page.title();
}

/** The login form is rendered by React; a click before it is ready does nothing, so try again. */
async function logIn(page: Page, check: BrowserCheck): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.goto(`${check.baseUrl}/login/`);
    await page.locator('input#username').fill(check.username);
    await page.locator('input#password').fill(check.password);
    await page.locator('input#password').press('Enter');
    const left = await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 20_000 }).then(() => true, () => false);
    if (left) return;
    if (attempt === 3) throw new Error(`could not log in to Superset as ${check.username} (still on ${page.url()})`);
  }
}

/** What one chart holder shows: still loading, a drawn chart or table, Superset's "no results" state, or an error. */
interface ChartState { title: string; state: 'loading' | 'drawn' | 'empty' | 'error'; text: string }

const noResults = 'No results were returned for this query';

// Runs in the page (this project compiles without the DOM's types, so the code goes as text).
const readChartStates = `[...document.querySelectorAll('.dashboard-component-chart-holder')].map((holder) => {
  const title = (holder.querySelector('.header-title, [data-test="editable-title"]')?.textContent ?? '').trim();
  const container = holder.querySelector('.chart-container');
  const text = (holder.textContent ?? '').replace(/\\s+/g, ' ').slice(0, 160);
  const state = !container || container.classList.contains('loading') ? 'loading'
    : container.querySelector('.ant-alert-error, .alert-danger, [role="alert"]') ? 'error'
    : container.querySelector('canvas, table') ? 'drawn'
    : text.includes(${JSON.stringify(noResults)}) ? 'empty' : 'loading';
  return { title, state, text };
})`;

/** Waits until `expected` chart holders are there and none is loading; the states of all of them. */
async function waitForCharts(page: Page, expected: number, timeoutMs: number): Promise<ChartState[]> {
  let states: ChartState[] = [];
  const settled = await waitFor(async () => {
    states = await page.evaluate(readChartStates) as ChartState[];
    return states.length >= expected && states.every((chart) => chart.state !== 'loading');
  }, { timeoutMs, intervalMs: 500 });
  if (settled) return states;
  const stuck = states.filter((chart) => chart.state === 'loading').map((chart) => `"${chart.title}" shows "${chart.text}"`);
  throw new Error(`the dashboard's charts did not finish loading within ${timeoutMs / 1000} s: `
    + `${states.length} of ${expected} charts on the page; still loading: ${stuck.join('; ') || 'none'}`);
}
