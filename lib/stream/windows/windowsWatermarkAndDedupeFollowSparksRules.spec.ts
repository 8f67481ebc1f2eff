import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../log';
import { SensorReading } from '../../schema';
import { eventTimeOf, formatEventTime, OutputRow, StateStore } from '../state';
import { eventTimeOptions, parseDuration, WindowOperator, windowStarts } from '.';

const minute = 60_000;
const t = (text: string) => eventTimeOf(`2026-12-01 ${text}`);
const reading = (sensor: number, time: string, temperature = 20): SensorReading => ({ sensor_id: sensor, temperature, humidity: 50, timestamp: `2026-12-01 ${time}` });

test('event time is the timestamp read as UTC; anything not a real YYYY-MM-DD HH:mm:ss is no event time', () => {
  assert.is(eventTimeOf('2026-12-01 10:00:05'), Date.UTC(2026, 11, 1, 10, 0, 5));
  assert.is(formatEventTime(eventTimeOf('2024-02-29 23:59:59')), '2024-02-29 23:59:59');
  for (const bad of ['2026-02-29 10:00:00', '2026-13-01 10:00:00', '2026-12-01T10:00:00', '2026-12-01 10:00', '2026-12-01 24:00:00', 'x026-12-01 10:00:00']) assert.ok(Number.isNaN(eventTimeOf(bad)), bad);
});

test('durations are written as Spark writes them', () => {
  assert.is(parseDuration('30s'), 30_000);
  assert.is(parseDuration('1m'), minute);
  assert.is(parseDuration('1.5h'), 5_400_000);
  assert.is(parseDuration('500ms'), 500);
  assert.is(parseDuration('45'), 45_000);
  assert.is(parseDuration('soon'), undefined);
});

test('tumbling windows are aligned to the epoch; a sliding reading falls in size/slide windows, the earliest first', () => {
  assert.equal(windowStarts({ sizeMs: minute, slideMs: minute }, t('10:00:59')), [t('10:00:00')]);
  assert.equal(windowStarts({ sizeMs: minute, slideMs: minute }, t('10:01:00')), [t('10:01:00')]);
  assert.equal(windowStarts({ sizeMs: minute, slideMs: 20_000 }, t('10:00:45')), [t('10:00:00'), t('10:00:20'), t('10:00:40')]);
  assert.equal(windowStarts({ sizeMs: 10 * minute, slideMs: 5 * minute }, 3 * minute), [-5 * minute, 0]);
});

test('flags: defaults are 1m tumbling windows and a 30 s delay; off turns windows off but keeps the watermark for --dedupe', () => {
  assert.equal(eventTimeOptions({ window: '1m', watermark: '30s', dedupe: false }), { window: { sizeMs: minute, slideMs: minute }, watermarkDelayMs: 30_000, dedupe: false });
  assert.equal(eventTimeOptions({ window: 'off', watermark: '10s', dedupe: true }), { window: undefined, watermarkDelayMs: 10_000, dedupe: true });
  assert.equal(eventTimeOptions({ window: '1m', slide: '20s', watermark: '0', dedupe: false }).window, { sizeMs: minute, slideMs: 20_000 });
});

function store(root: string, options: { dedupe?: boolean; slideMs?: number } = {}) {
  return new StateStore({
    checkpointRoot: root, checkpointDir: root, checkpointId: 'test', topic: 'sensor-data', delayMs: 30_000, dedupe: options.dedupe ?? false,
    operators: [new WindowOperator({ sizeMs: minute, slideMs: options.slideMs ?? minute })], logger: silentLogger,
  });
}

async function batch(state: StateStore, id: number, from: number, readings: SensorReading[]) {
  await state.prepare({ 0: from });
  const verdicts = readings.map((r) => state.accept(0, r));
  const result = state.finish(id, { 0: from }, { 0: from + readings.length });
  return { verdicts, ...result, rows: result.rows[0] as OutputRow[] };
}

test('the watermark is max(previous, latest event − delay) after each batch and never moves back; late is judged against the watermark at the batch start', async () => {
  const root = mkdtempSync(join(tmpdir(), 'state-'));
  try {
    const state = store(root);
    const first = await batch(state, 0, 0, [reading(1, '10:00:50'), reading(1, '10:00:10')]);
    assert.equal(first.verdicts, ['on_time', 'on_time'], 'no watermark yet: nothing is late in the first batch');
    assert.is(formatEventTime(first.watermarkMs), '2026-12-01 10:00:20');
    const second = await batch(state, 1, 2, [reading(1, '10:00:19'), reading(1, '10:00:20'), reading(1, '10:00:30')]);
    assert.equal(second.verdicts, ['late', 'on_time', 'on_time']);
    assert.is(second.late, 1);
    assert.equal(second.lateBySensor, { 1: 1 });
    assert.is(formatEventTime(second.watermarkMs), '2026-12-01 10:00:20', 'older events never move the watermark back');
    assert.equal(second.rows, [], 'no window ends before 10:00:20');
    const third = await batch(state, 2, 5, [reading(1, '10:01:31')]);
    assert.equal(third.rows.map((row) => [row.window_start, row.readings]), [['2026-12-01 10:00:00', 4]], 'emitted once the watermark reaches 10:01:00');
    const fourth = await batch(state, 3, 6, [reading(1, '10:01:40')]);
    assert.equal(fourth.rows, [], 'an emitted window is never emitted again');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a redo starts from the snapshot the batch before left and emits the same rows; an abandoned attempt is never loaded', async () => {
  const root = mkdtempSync(join(tmpdir(), 'state-'));
  try {
    const first = store(root);
    await batch(first, 0, 0, [reading(1, '10:00:05', 10), reading(2, '10:00:15', 30)]);
    const planned = first.watermark;
    const original = await batch(first, 1, 2, [reading(1, '10:01:40', 12), reading(1, '10:00:50', 11)]);
    // A second process redoes batch 1 (killed before its commit marker): same start, the watermark its offsets entry recorded.
    const again = store(root);
    await again.prepare({ 0: 2 }, { watermarkMs: planned });
    const verdicts = [reading(1, '10:01:40', 12), reading(1, '10:00:50', 11)].map((r) => again.accept(0, r));
    const redone = again.finish(1, { 0: 2 }, { 0: 4 });
    assert.equal(verdicts, original.verdicts);
    assert.equal(redone.rows, [original.rows]);
    assert.equal(original.rows.map((row) => [row.sensor_id, row.readings, row.temperature_sum]), [[1, 2, 21], [2, 1, 30]]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('--dedupe drops a reading seen within the watermark, in the same batch or a later one; the window counts it once', async () => {
  const root = mkdtempSync(join(tmpdir(), 'state-'));
  try {
    const state = store(root, { dedupe: true });
    const first = await batch(state, 0, 0, [reading(1, '10:00:05', 10), reading(1, '10:00:05', 10), reading(1, '10:00:05', 11)]);
    assert.equal(first.verdicts, ['on_time', 'duplicate', 'on_time'], 'same sensor, time and values: a duplicate; another value is not');
    const second = await batch(state, 1, 3, [reading(1, '10:00:05', 10), reading(1, '10:01:45')]);
    assert.equal(second.verdicts, ['duplicate', 'on_time']);
    assert.is(second.duplicates, 1);
    assert.equal(second.rows.map((row) => row.readings), [2]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('sliding windows: every reading counts in exactly size/slide windows', async () => {
  const root = mkdtempSync(join(tmpdir(), 'state-'));
  try {
    const state = store(root, { slideMs: 20_000 });
    const readings = Array.from({ length: 90 }, (_, i) => reading(1 + (i % 3), formatEventTime(t('10:00:00') + i * 1_000).slice(11)));
    const rows = [...(await batch(state, 0, 0, readings)).rows, ...(await batch(state, 1, 90, [reading(1, '11:00:00')])).rows];
    assert.is(new Set(rows.map((row) => `${row.window_start} ${row.sensor_id}`)).size, rows.length, 'each window once');
    const counted = rows.reduce((sum, row) => sum + (row.readings as number), 0);
    assert.is(counted, 90 * 3, 'each of 90 readings in 60/20 = 3 windows');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('state is bounded by the watermark: emitted windows and dedupe keys older than it leave the snapshot', async () => {
  const root = mkdtempSync(join(tmpdir(), 'state-'));
  try {
    const state = store(root, { dedupe: true });
    const readings = Array.from({ length: 600 }, (_, i) => reading(1 + (i % 5), formatEventTime(t('10:00:00') + i * 1_000).slice(11)));
    await batch(state, 0, 0, readings);
    const dir = join(root, 'state', 'sensor-data', '0');
    const newest = readdirSync(dir).filter((name) => name.startsWith('600-'))[0];
    const snapshot = JSON.parse(readFileSync(join(dir, newest), 'utf8').split('\n')[1]);
    assert.is(formatEventTime(snapshot.watermarkMs), '2026-12-01 10:09:29');
    assert.equal([...new Set(snapshot.operators.windows.open.map((window: number[]) => formatEventTime(window[1])))], ['2026-12-01 10:09:00'], 'only the window the watermark has not passed');
    assert.ok(snapshot.seen.length <= 31 && snapshot.seen.every(([, at]: [string, number]) => at >= snapshot.watermarkMs), `${snapshot.seen.length} dedupe keys, none older than the watermark`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
