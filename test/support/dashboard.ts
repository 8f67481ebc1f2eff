/** What the dashboard's acceptance specs share: the page in Debian's chromium, and the dashboard's group. */
import { Browser, chromium, Page } from 'playwright-core';
import { chromiumLaunch } from '../../lib/services/superset/dashboardInBrowser';
import { waitFor } from '../../lib/process';
import { IotRun } from './cycle';
import { dashboardAdmin } from '../../lib/dashboard/kafkaClients';
import { dashboardGroup } from '../../lib/dashboard/readingFeed';

export interface OpenPage {
  browser: Browser;
  page: Page;
  /** Every URL the page requested, to prove it stayed on 127.0.0.1. */
  requests: string[];
}

export async function openDashboard(url: string): Promise<OpenPage> {
  const browser = await chromium.launch({ ...chromiumLaunch, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(url);
  return { browser, page, requests };
}

/** The URL `iot dashboard` prints once it listens. */
export async function dashboardUrl(run: IotRun, stdout: () => string, timeoutMs = 60_000): Promise<string> {
  const found = await waitFor(async () => /dashboard on (http:\S+)/.test(stdout()) || run.child.exitCode !== null, { timeoutMs, intervalMs: 100 });
  const url = /dashboard on (http:\S+)/.exec(stdout())?.[1];
  if (!found || !url) throw new Error(`iot dashboard printed no URL (exit ${run.child.exitCode}): ${stdout()}`);
  return url;
}

export interface ShownReading {
  temperature: number;
  humidity: number;
  partition: number;
  offset: number;
  points: number;
}

/** The latest reading a sensor's card shows, with where in the topic it came from. */
export async function shownReading(page: Page, sensorId: number): Promise<ShownReading | undefined> {
  // One evaluation, so value and offset come from the same update (a string: the library build has no DOM types).
  const raw = await page.evaluate(`(() => {
    const card = document.querySelector('.sensor[data-sensor="${sensorId}"]');
    if (!card || !card.dataset.offset) return undefined;
    return [card.dataset.offset, card.querySelector('.temperature').textContent, card.querySelector('.humidity').textContent, card.dataset.points];
  })()`) as [string, string, string, string] | undefined;
  if (!raw) return undefined;
  const [partition, offset] = raw[0].split(':').map(Number);
  return { temperature: Number(raw[1]), humidity: Number(raw[2]), partition, offset, points: Number(raw[3]) };
}

export async function waitForSelector(page: Page, selector: string, timeoutMs: number): Promise<boolean> {
  return page.waitForSelector(selector, { timeout: timeoutMs, state: 'attached' }).then(() => true, () => false);
}

/** Members of the dashboard's consumer group, as `kafka-consumer-groups --describe` lists them. */
export async function dashboardMembers(brokers: string[]): Promise<number> {
  const admin = dashboardAdmin({ brokers });
  try {
    const groups = await admin.describeGroups({ groups: [dashboardGroup] });
    return groups.get(dashboardGroup)?.members.size ?? 0;
  } finally {
    await admin.close();
  }
}

/** The topic's latest offsets per partition, noted with the time: what "produced less than 2 s ago" is checked against. */
export async function latestOffsets(brokers: string[], topic: string): Promise<Map<number, number>> {
  const admin = dashboardAdmin({ brokers });
  try {
    const metadata = await admin.metadata({ topics: [topic] });
    const count = metadata.topics.get(topic)?.partitionsCount ?? 0;
    const listed = await admin.listOffsets({ topics: [{ name: topic, partitions: Array.from({ length: count }, (_, partitionIndex) => ({ partitionIndex, timestamp: -1n })) }] });
    return new Map(listed[0].partitions.map((partition) => [partition.partitionIndex, Number(partition.offset)]));
  } finally {
    await admin.close();
  }
}
