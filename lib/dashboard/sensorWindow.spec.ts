// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LiveReading, SensorWindow, windowMs } from './sensorWindow';

const start = Date.parse('2026-01-01T12:00:00Z');
const reading = (index: number, temperature: number, humidity = 50, stepMs = 1_000): LiveReading => ({
  sensorId: 1, temperature, humidity, timestamp: '2026-01-01 12:00:00', time: start + index * stepMs, partition: 0, offset: String(index),
});

/** Values alternating around 20 °C with a spread of about 0.5. */
const steady = (index: number) => 20 + (index % 2 === 0 ? 0.5 : -0.5);

test('a value more than 4 standard deviations from the last five minutes is a spike; one inside is not', () => {
  const window = new SensorWindow();
  for (let index = 0; index < 100; index++) assert.equal(window.add(reading(index, steady(index))), []);
  assert.equal(window.add(reading(100, 22.1)), ['temperature_spike'], '2.1 from the mean, 4.2 deviations');
  const calm = new SensorWindow();
  for (let index = 0; index < 100; index++) calm.add(reading(index, steady(index)));
  assert.equal(calm.add(reading(100, 21.9)), [], '1.9 from the mean, 3.8 deviations');
});

test('readings outside the schema ranges are marked by the ETL rule they break and stay out of the statistics', () => {
  const window = new SensorWindow();
  for (let index = 0; index < 50; index++) window.add(reading(index, steady(index)));
  assert.equal(window.add(reading(50, 120)), ['temperature_out_of_range']);
  assert.equal(window.add(reading(51, 20, -3)), ['humidity_out_of_range']);
  assert.is(window.points, 51, 'the out-of-range temperature was not added');
  assert.equal(window.add(reading(52, 20.5)), [], 'the window was not widened by 120 °C');
});

test('too few readings say nothing about spikes', () => {
  const window = new SensorWindow();
  for (let index = 0; index < 10; index++) window.add(reading(index, steady(index)));
  assert.equal(window.add(reading(10, 40)), []);
});

test('the window forgets readings older than five minutes, so a new level becomes normal', () => {
  const window = new SensorWindow();
  for (let index = 0; index < 400; index++) window.add(reading(index, steady(index)));
  assert.is(window.points, windowMs / 1000 + 1, 'five minutes of one reading a second');
  for (let index = 400; index < 800; index++) window.add(reading(index, 30 + (steady(index) - 20)));
  assert.equal(window.add(reading(800, 30.5)), [], 'after five minutes at 30 °C, 30.5 is no spike');
});

test('300,000 readings keep the statistics exact (running sums rebuilt, no drift)', () => {
  const window = new SensorWindow();
  for (let index = 0; index < 300_000; index++) window.add(reading(index, 20 + Math.sin(index) * 0.5, 50, 10));
  assert.is(window.points, windowMs / 10 + 1);
  assert.equal(window.add(reading(300_000, 20.3, 50, 10)), []);
  assert.equal(window.add(reading(300_001, 23, 50, 10)), ['temperature_spike']);
});

test.run();
