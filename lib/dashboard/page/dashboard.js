// The live page: one EventSource, a snapshot on (re)connect, then batched updates. Everything it holds is
// bounded (points per sensor, marked readings, table rows), so it can stay open for days.
'use strict';

const maxPointsPerSensor = 1500;
const maxAnomalies = 50;
// A pause longer than this (a stopped producer, a lost broker) is drawn as a gap, not as a line across it.
const gapSeconds = 10;
const markText = {
  temperature_out_of_range: 'temperature out of range',
  humidity_out_of_range: 'humidity out of range',
  temperature_spike: 'temperature spike',
  humidity_spike: 'humidity spike',
  timestamp_invalid: 'bad timestamp',
  sensor_id_not_positive_integer: 'bad sensor id',
  missing_value: 'missing value',
};
const colors = { temperature: '#d9480f', humidity: '#1c7ed6', marked: '#e03131' };

let windowMs = 5 * 60_000;
// The schema's ranges (lib/schema), sent with every snapshot.
let ranges = { temperature: { min: -40, max: 85 }, humidity: { min: 0, max: 100 } };
const sensors = new Map();
let anomalies = [];
// With ?trace in the URL, every reading drawn is noted with the time it was drawn (the latency benchmark reads it).
const trace = new URLSearchParams(location.search).has('trace') ? (window.dashboardTrace = []) : undefined;

const $ = (id) => document.getElementById(id);
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}
const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour12: false });
/** Time-axis labels with hours and minutes (seconds only where a tick falls between minutes). */
const axisTimes = (u, splits) => splits.map((s) => {
  const time = new Date(s * 1000);
  const hm = `${String(time.getHours()).padStart(2, '0')}:${String(time.getMinutes()).padStart(2, '0')}`;
  return time.getSeconds() === 0 ? hm : `${hm}:${String(time.getSeconds()).padStart(2, '0')}`;
});
/** A value axis that fits the data, with a little room: a fixed 0–100 drew humidity as a flat line. */
const fitted = (u, min, max) => (min === null || max === null ? [0, 1] : min === max ? [min - 1, max + 1] : [min - (max - min) * 0.1, max + (max - min) * 0.1]);
const chartHeight = 96;
const chartWidth = (card) => Math.max(200, card.clientWidth - 16);
// Reasons the consumer quarantined, so the dashboard's own count of non-readings does not repeat them.
let quarantinedReasons = new Set();
let lastMalformed = {};
const number = (value, digits = 0) => (value === null || value === undefined ? '–' : Number(value).toLocaleString('en-US', { maximumFractionDigits: digits }));

function sensorCard(sensorId) {
  let sensor = sensors.get(sensorId);
  if (sensor) return sensor;
  const grid = $('sensors');
  grid.querySelector('.empty')?.remove();
  const temperature = el('span', { class: 'temperature' });
  const humidity = el('span', { class: 'humidity' });
  const when = el('time');
  const label = el('span', { class: 'mark-label' });
  const chart = el('div', { class: 'chart' });
  const card = el('div', { class: 'sensor', 'data-sensor': String(sensorId), 'data-points': '0' },
    el('div', { class: 'sensor-head' }, el('span', { class: 'sensor-name' }, `Sensor ${sensorId}`), when),
    el('div', { class: 'values' }, temperature, el('span', { class: 'subtle' }, ' °C'), humidity, el('span', { class: 'subtle' }, ' %'), ' ', label),
    chart);
  const cards = [...grid.children];
  const after = cards.find((other) => Number(other.dataset.sensor) > sensorId);
  grid.insertBefore(card, after ?? null);
  const data = [[], [], [], [], []];
  const plot = new uPlot({
    width: chartWidth(card), height: chartHeight, legend: { show: false }, cursor: { show: false },
    scales: { x: { time: true }, t: { range: fitted }, h: { range: fitted } },
    axes: [{ size: 24, values: axisTimes }, { scale: 't', size: 42, stroke: colors.temperature }, { scale: 'h', side: 1, size: 36, stroke: colors.humidity, grid: { show: false } }],
    series: [{}, { scale: 't', stroke: colors.temperature, width: 1.5, points: { show: false } },
      { scale: 'h', stroke: colors.humidity, width: 1, points: { show: false } },
      { scale: 't', stroke: colors.marked, paths: () => null, points: { show: true, size: 8, fill: colors.marked, stroke: colors.marked } },
      { scale: 'h', stroke: colors.marked, paths: () => null, points: { show: true, size: 8, fill: colors.marked, stroke: colors.marked } }],
  }, data, chart);
  sensor = { card, temperature, humidity, when, label, plot, data, dirty: false };
  sensors.set(sensorId, sensor);
  return sensor;
}

function showLatest(sensor, latest) {
  const marks = latest.marks ?? [];
  sensor.temperature.textContent = String(latest.temperature);
  sensor.humidity.textContent = String(latest.humidity);
  sensor.temperature.classList.toggle('is-marked', marks.some((mark) => mark.startsWith('temperature')));
  sensor.humidity.classList.toggle('is-marked', marks.some((mark) => mark.startsWith('humidity')));
  sensor.label.textContent = marks.map((mark) => markText[mark] ?? mark).join(', ');
  sensor.card.classList.toggle('marked', marks.length > 0);
  sensor.card.dataset.offset = `${latest.partition}:${latest.offset}`;
  sensor.when.textContent = latest.timestamp;
  sensor.when.dateTime = new Date(latest.time).toISOString();
}

function addPoints(sensor, points, newest) {
  const [xs, temperatures, humidities, markedT, markedH] = sensor.data;
  for (const [time, temperature, humidity, marked] of points) {
    if (xs.length > 0 && time / 1000 - xs[xs.length - 1] > gapSeconds) {
      xs.push(xs[xs.length - 1] + gapSeconds / 2);
      for (const column of [temperatures, humidities, markedT, markedH]) column.push(null);
    }
    xs.push(time / 1000);
    // A value outside the schema's range is no measurement: it breaks the line and shows as a mark only.
    temperatures.push(marked & 1 && outside(temperature, ranges.temperature) ? null : temperature);
    humidities.push(marked & 2 && outside(humidity, ranges.humidity) ? null : humidity);
    markedT.push(marked & 1 ? temperature : null);
    markedH.push(marked & 2 ? humidity : null);
  }
  const cutoff = (newest - windowMs) / 1000;
  let drop = 0;
  while (drop < xs.length && (xs[drop] < cutoff || xs.length - drop > maxPointsPerSensor)) drop++;
  if (drop > 0) for (const column of sensor.data) column.splice(0, drop);
  sensor.dirty = true;
}

const outside = (value, range) => value < range.min || value > range.max;
const clamp = (values, min, max) => values.map((value) => (value === null ? null : Math.min(max, Math.max(min, value))));

/** Marks beyond what the line spans are drawn at the chart's edge, so one absurd value does not flatten the rest. */
function drawCharts() {
  for (const sensor of sensors.values()) {
    if (!sensor.dirty) continue;
    sensor.dirty = false;
    const [xs, temperatures, humidities, markedT, markedH] = sensor.data;
    const [lowT, highT] = spanOf(temperatures, ranges.temperature);
    const [lowH, highH] = spanOf(humidities, ranges.humidity);
    sensor.plot.setData([xs, temperatures, humidities, clamp(markedT, lowT, highT), clamp(markedH, lowH, highH)]);
    sensor.card.dataset.points = String(sensor.data[0].length);
  }
}

/** The span of a sensor's measured values (marks excluded), or the schema's range before any. */
function spanOf(values, range) {
  const measured = values.filter((value) => value !== null);
  return measured.length ? [Math.min(...measured), Math.max(...measured)] : [range.min, range.max];
}

function showAnomalies(added) {
  anomalies = [...added.slice().reverse(), ...anomalies].slice(0, maxAnomalies);
  const body = $('anomalies').tBodies[0];
  body.replaceChildren(...anomalies.map((reading) => el('tr', { class: 'marked', 'data-sensor': String(reading.sensorId) },
    el('td', {}, reading.timestamp), el('td', {}, String(reading.sensorId)), el('td', { class: 'number' }, String(reading.temperature)),
    el('td', { class: 'number' }, String(reading.humidity)), el('td', {}, reading.marks.map((mark) => markText[mark] ?? mark).join(', ')))));
}

function rows(tableId, items, cells, rowClass) {
  $(tableId).tBodies[0].replaceChildren(...items.map((item) => el('tr', { class: rowClass?.(item) ?? '' }, ...cells(item).map((cell) => el('td', typeof cell === 'number' ? { class: 'number' } : {}, cell === null || cell === undefined ? '–' : typeof cell === 'number' ? number(cell, 1) : cell)))));
}

function setBadge(id, state, text) {
  const badge = $(id);
  badge.dataset.state = state;
  badge.textContent = text;
}

function showTopic(topic) {
  const since = clock(Date.parse(topic.since));
  const text = { reachable: 'Kafka reachable', unreachable: `Kafka unreachable since ${since}`, connecting: 'connecting to Kafka…', no_topic: 'topic not created yet' }[topic.kafka];
  setBadge('kafka-state', topic.kafka, text);
  $('kafka-state').title = topic.error ?? '';
  $('rate').textContent = topic.messagesPerSecond === null ? '– msg/s' : `${number(topic.messagesPerSecond, 1)} msg/s`;
  $('lag-group').textContent = `group ${topic.group}`;
  rows('lag', topic.partitions, (p) => [String(p.partition), p.latest, p.committed, p.lag]);
}

function showBatches(health) {
  const consumer = health.consumer;
  const ago = consumer.lastBatchAgoSeconds === undefined ? '' : `, last batch ${number(consumer.lastBatchAgoSeconds, 0)} s ago`;
  const text = {
    none: 'no batch yet (no consumer progress in DATA_DIR/checkpoint)',
    running: `running${ago}`,
    idle: `idle: nothing new to read${ago}`,
    stalled: `stalled: no batch for ${number(consumer.lastBatchAgoSeconds, 0)} s (3 triggers of ${health.triggerSeconds} s) while ${number(consumer.waiting)} records wait`,
  }[consumer.kind];
  setBadge('consumer-state', consumer.kind, text);
  rows('batches', health.batches, (b) => [String(b.batchId), clock(Date.parse(b.timestamp)), b.rows, b.quarantined, b.processingMs]);
}

function showHealth(health) {
  if (health.topic) showTopic(health.topic);
  if (health.batches) showBatches(health.batches);
  if (health.quarantine) {
    rows('quarantine', health.quarantine.reasons, (r) => [r.reason, r.count]);
    quarantinedReasons = new Set(health.quarantine.reasons.map((r) => r.reason));
    showMalformed(lastMalformed);
  }
  if (health.etl) {
    rows('etl', health.etl.jobs, (j) => [String(j.id), j.startTime, j.status, j.rows, j.rejected, j.durationSeconds], (j) => (j.status === 'FAILED' ? 'failed' : ''));
    $('etl-note').textContent = health.etl.note ?? (health.etl.jobs.length === 0 ? 'no ETL job yet' : '');
  }
}

/** Non-readings the dashboard saw whose reason the consumer's quarantine does not count (yet): one count per reason. */
function showMalformed(malformed) {
  lastMalformed = malformed ?? {};
  const parts = Object.entries(lastMalformed).filter(([reason]) => !quarantinedReasons.has(reason)).map(([reason, count]) => `${count} ${reason}`);
  $('malformed').textContent = parts.length ? `Not readings, seen by the dashboard (not in the quarantine yet): ${parts.join(', ')}` : '';
}

function applySensors(list) {
  for (const { sensorId, latest, points } of list) {
    const sensor = sensorCard(sensorId);
    showLatest(sensor, latest);
    addPoints(sensor, points, latest.time);
    if (trace) for (const point of points) trace.push({ sensorId, temperature: point[1], time: point[0], drawnAt: 0 });
  }
}

function stampTrace() {
  if (!trace) return;
  const now = Date.now();
  for (let index = trace.length - 1; index >= 0 && trace[index].drawnAt === 0; index--) trace[index].drawnAt = now;
  if (trace.length > 200_000) trace.splice(0, trace.length - 200_000);
}

function render(apply) {
  apply();
  drawCharts();
  // The time a reading is on screen: after the browser painted this frame.
  requestAnimationFrame(() => setTimeout(stampTrace, 0));
}

function connect() {
  const events = new EventSource('/events');
  events.addEventListener('open', () => setBadge('stream-state', 'live', 'live'));
  events.addEventListener('error', () => setBadge('stream-state', 'lost', 'dashboard lost, reconnecting…'));
  events.addEventListener('snapshot', (event) => render(() => {
    const snapshot = JSON.parse(event.data);
    windowMs = snapshot.windowMs;
    ranges = snapshot.ranges;
    for (const sensor of sensors.values()) { sensor.plot.destroy(); sensor.card.remove(); }
    sensors.clear();
    anomalies = [];
    applySensors(snapshot.sensors);
    showAnomalies(snapshot.anomalies);
    showMalformed(snapshot.malformed);
    showHealth(snapshot.health);
  }));
  events.addEventListener('update', (event) => render(() => {
    const update = JSON.parse(event.data);
    applySensors(update.sensors);
    if (update.anomalies.length) showAnomalies(update.anomalies);
    if (update.malformed) showMalformed(update.malformed);
    if (update.health) showHealth(update.health);
  }));
}

window.addEventListener('resize', () => {
  for (const sensor of sensors.values()) sensor.plot.setSize({ width: chartWidth(sensor.card), height: chartHeight });
});
connect();
