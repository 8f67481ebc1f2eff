import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SensorReading } from '../../schema';
import { createSensorFleet } from '../../producer/sensorModel';
import { createRandom } from '../../producer/seededRandom';
import { AlertEventRow } from './alertEvent';
import { AlertOperator } from './alertOperator';
import { eventTimeOf as parseEventTime, formatEventTime } from '../state';
import { defaultAlertSettings } from './settings';

const start = parseEventTime('2026-12-02 10:00:00');
const delayMs = 30_000;

/** A quiet sensor: values wobble by hundredths around a baseline, one reading a second. */
function quiet(sensorId: number, second: number): SensorReading {
  return { sensor_id: sensorId, temperature: 21 + ((second * 7) % 5) / 100, humidity: 45 + ((second * 3) % 4) / 100, timestamp: formatEventTime(start + second * 1000) };
}

/** Feeds readings in batches of `perBatch`, as micro-batches would, and returns every event. */
function run(readings: SensorReading[], perBatch = 20, operator = new AlertOperator(defaultAlertSettings, delayMs)): AlertEventRow[] {
  const events: AlertEventRow[] = [];
  for (let index = 0; index < readings.length; index += perBatch) {
    for (const reading of readings.slice(index, index + perBatch)) operator.observe(reading);
    events.push(...operator.endBatch());
  }
  return events;
}

function summary(events: AlertEventRow[]): string[] {
  return events.map((event) => `${event.event} ${event.rule} ${event.sensor_id} ${event.raised_at}${event.cleared_at ? ' → ' + event.cleared_at : ''}`);
}

test('out_of_range is raised once for a run of readings beyond the schema range and cleared once after 3 good ones', () => {
  const readings = Array.from({ length: 100 }, (_, second) => {
    const reading = quiet(1, second);
    return second >= 40 && second < 45 ? { ...reading, temperature: 120 } : reading;
  });
  const events = run(readings);
  assert.equal(summary(events), ['raised out_of_range 1 2026-12-02 10:00:40', 'cleared out_of_range 1 2026-12-02 10:00:40 → 2026-12-02 10:00:47']);
  assert.equal(events[0].value, 120);
  assert.match(events[0].detail, 'above the maximum 85');
  assert.is(events[0].alert_id, events[1].alert_id);
});

test('spike is raised for a value far from the recent mean and cleared after it passes; the simulated model\'s rare spikes raise nothing', () => {
  const readings = Array.from({ length: 120 }, (_, second) => {
    const reading = quiet(2, second);
    if (second === 70) return { ...reading, temperature: 60 };
    if (second === 90) return { ...reading, temperature: 39 };
    return reading;
  });
  const events = run(readings);
  assert.equal(summary(events), ['raised spike 2 2026-12-02 10:01:10', 'cleared spike 2 2026-12-02 10:01:10 → 2026-12-02 10:01:13']);
  assert.match(events[0].detail, 'temperature 60 °C is');
});

test('stuck is raised at the 10th identical reading and cleared by the first different one', () => {
  const readings = Array.from({ length: 60 }, (_, second) => {
    const reading = quiet(3, second);
    return second >= 20 && second < 35 ? { ...reading, temperature: 22.5, humidity: 40 } : reading;
  });
  assert.equal(summary(run(readings)), ['raised stuck 3 2026-12-02 10:00:29', 'cleared stuck 3 2026-12-02 10:00:29 → 2026-12-02 10:00:35']);
});

test('silent is decided by the watermark: raised at last reading + 60 s once the watermark passes it, cleared when the sensor reports again', () => {
  const readings: SensorReading[] = [];
  for (let second = 0; second < 400; second++) {
    readings.push(quiet(4, second));
    if (second < 100 || second >= 300) readings.push(quiet(5, second));
  }
  const events = run(readings, 30);
  assert.equal(summary(events), ['raised silent 5 2026-12-02 10:02:39', 'cleared silent 5 2026-12-02 10:02:39 → 2026-12-02 10:05:00']);
  assert.is(events[0].value, null);
});

test('silent gives the same events whatever the batching: one batch, many batches, or a silence the watermark never reached', () => {
  const readings: SensorReading[] = [];
  for (let second = 0; second < 300; second++) {
    readings.push(quiet(4, second));
    if (second < 100 || second >= 200) readings.push(quiet(5, second));
  }
  const expected = summary(run(readings, 7));
  assert.equal(expected.length, 2);
  assert.equal(summary(run(readings, readings.length)), expected);
  assert.equal(summary(run(readings, 1)), expected);
});

test('a reading older than the watermark is late: counted, judged by no rule', () => {
  const operator = new AlertOperator(defaultAlertSettings, delayMs);
  run(Array.from({ length: 100 }, (_, second) => quiet(6, second)), 100, operator);
  operator.observe({ ...quiet(6, 10), temperature: 500 });
  assert.equal(operator.endBatch(), []);
  assert.is(operator.late, 1);
});

test('state saved after a batch and restored gives the same events as an uninterrupted run', () => {
  const readings = Array.from({ length: 200 }, (_, second) => {
    const reading = quiet(7, second);
    return second >= 50 && second < 70 ? { ...reading, temperature: 30, humidity: 30 } : reading;
  });
  const whole = run(readings, 25);
  const first = new AlertOperator(defaultAlertSettings, delayMs);
  const before = run(readings.slice(0, 50), 25, first);
  // The saved state after batch 2, read back as a restart or a redo would: the rest gives the same events.
  const restored = new AlertOperator(defaultAlertSettings, delayMs, first.saved());
  const after = run(readings.slice(50), 25, restored);
  assert.equal(summary([...before, ...after]), summary(whole));
  assert.is(whole.length, 2);
});

test('the simulated sensors at the default settings raise nothing in 10 minutes at 10 sensors', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    const fleet = createSensorFleet(10, createRandom(seed), (seed * 7919) % 86_400);
    const readings: SensorReading[] = [];
    for (let second = 0; second < 600; second++) {
      for (let index = 0; index < 10; index++) readings.push({ ...fleet.read(index), timestamp: formatEventTime(start + second * 1000) });
    }
    assert.equal(summary(run(readings, 500)), [], `seed ${seed}`);
  }
});

test.run();
