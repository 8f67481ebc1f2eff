// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkRules, formatTimestamp } from '../schema';
import { createSensorFleet } from './sensorModel';
import { createRandom } from './seededRandom';

const day = 86_400;

/** One sensor's readings over a whole day, one a second. */
function oneDay(seed: number) {
  const fleet = createSensorFleet(1, createRandom(seed), 0);
  return Array.from({ length: day }, () => fleet.read(0));
}

test('every reading is valid under the schema rules', () => {
  const fleet = createSensorFleet(20, createRandom(1), 3_600);
  const timestamp = formatTimestamp(new Date());
  for (let index = 0; index < 20_000; index++) {
    const reading = { ...fleet.read(index % 20), timestamp };
    assert.equal(checkRules(reading), [], JSON.stringify(reading));
  }
});

test('each sensor has its own baseline', () => {
  const fleet = createSensorFleet(10, createRandom(2), 0);
  const firsts = Array.from({ length: 10 }, (_, index) => fleet.read(index).temperature);
  assert.ok(new Set(firsts.map(Math.round)).size >= 4, `baselines ${firsts}`);
});

test('temperature follows a daily cycle, warmest in the afternoon', () => {
  const readings = oneDay(3);
  const mean = (from: number, to: number) => readings.slice(from, to).reduce((sum, r) => sum + r.temperature, 0) / (to - from);
  const night = mean(2 * 3_600, 4 * 3_600);
  const afternoon = mean(14 * 3_600, 16 * 3_600);
  assert.ok(afternoon - night > 3, `afternoon ${afternoon.toFixed(2)} vs night ${night.toFixed(2)}`);
});

test('humidity moves against temperature', () => {
  const readings = oneDay(4);
  const n = readings.length;
  const mt = readings.reduce((s, r) => s + r.temperature, 0) / n;
  const mh = readings.reduce((s, r) => s + r.humidity, 0) / n;
  let cov = 0, vt = 0, vh = 0;
  for (const r of readings) { cov += (r.temperature - mt) * (r.humidity - mh); vt += (r.temperature - mt) ** 2; vh += (r.humidity - mh) ** 2; }
  const correlation = cov / Math.sqrt(vt * vh);
  assert.ok(correlation < -0.8, `correlation ${correlation.toFixed(3)}`);
});

test('spikes are rare but present', () => {
  const readings = oneDay(5);
  let spikes = 0;
  for (let index = 1; index < readings.length; index++) if (readings[index].temperature - readings[index - 1].temperature > 5) spikes++;
  assert.ok(spikes > 5 && spikes < 200, `spikes ${spikes} in a day`);
});

test.run();
