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
  /** Text of every chart showing an error instead of a chart. */
  errors: string[];
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
 * dashboard, waits until every chart left its loading state, and saves a
 * full-page screenshot.
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
    const rendered = await waitForCharts(page, check.expectedCharts, check.timeoutMs ?? 120_000);
    const errors = await page.locator(`${holder} :is(${alerts})`).allTextContents();
    // ECharts animates bars and lines in for about a second after drawing; shoot the settled picture.
    await page.waitForTimeout(1_500);
    mkdirSync(dirname(check.screenshot), { recursive: true });
    await page.screenshot({ path: check.screenshot, fullPage: check.fullPage ?? true });
    return { rendered, errors, dataStatuses, title: await dashboardTitleOn(page) };
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

const holder = '.dashboard-component-chart-holder';
const alerts = '.ant-alert-error, .alert-danger, [role="alert"]';

/** Resolves with the number of chart holders once `expected` of them are there and each shows a chart, a table or an error. */
async function waitForCharts(page: Page, expected: number, timeoutMs: number): Promise<number> {
  const count = (selector: string) => page.locator(selector).count();
  const settled = await waitFor(async () => {
    const holders = await count(holder);
    const loading = await count(`${holder} .chart-container.loading`);
    const drawn = await count(`${holder} .chart-container:has(canvas, table, ${alerts})`);
    return holders >= expected && loading === 0 && drawn === holders;
  }, { timeoutMs, intervalMs: 500 });
  if (!settled) throw new Error(`the dashboard's charts did not finish loading within ${timeoutMs / 1000} s`);
  return count(holder);
}
