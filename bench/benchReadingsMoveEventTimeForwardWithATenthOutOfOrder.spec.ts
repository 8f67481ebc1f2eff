import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { benchReadings, firstEventMs, keyedReading } from './eventTimeReadings';

const count = 100_000;
const readings = Array.from({ length: count }, (_, index) => {
  const [key, json] = keyedReading(index, benchReadings).trimEnd().split('\t');
  return { key, reading: JSON.parse(json) as { sensor_id: number; temperature: number; humidity: number; timestamp: string } };
});
const eventSecond = (timestamp: string) => Date.parse(timestamp.replace(' ', 'T') + 'Z') / 1000;

test('each reading is keyed by its sensor, 1,000 sensors in turn, with values in the schema\'s ranges', () => {
  assert.ok(readings.every(({ key, reading }) => key === String(reading.sensor_id)));
  assert.is(new Set(readings.map(({ reading }) => reading.sensor_id)).size, benchReadings.sensors);
  assert.ok(readings.every(({ reading }) => reading.temperature >= -40 && reading.temperature <= 85 && reading.humidity >= 0 && reading.humidity <= 100));
});

test('event time moves a second per round of sensors; about a tenth of readings are set back, never by the watermark delay', () => {
  const first = firstEventMs / 1000;
  let setBack = 0;
  readings.forEach(({ reading }, index) => {
    const due = first + Math.floor(index / benchReadings.sensors);
    const back = due - eventSecond(reading.timestamp);
    assert.ok(back >= 0 && back <= benchReadings.outOfOrderSeconds, `reading ${index} set back ${back} s`);
    if (back > 0) setBack++;
  });
  assert.ok(Math.abs(setBack / count - benchReadings.outOfOrderRatio) < 0.01, `${setBack} of ${count} out of order`);
  assert.ok(benchReadings.outOfOrderSeconds < 30, 'below the 30 s watermark delay: none is late');
});

test('a few readings in 10,000 spike 40 °C above the usual 18-30 °C band', () => {
  const spikes = readings.filter(({ reading }) => reading.temperature >= 58).length;
  assert.ok(readings.every(({ reading }) => reading.temperature < 30 || reading.temperature >= 58));
  assert.ok(spikes >= 10 && spikes <= 30, `${spikes} spikes in ${count}`);
});

test('the stream is the same for the same index, so a backlog grows by appending', () => {
  assert.is(keyedReading(12_345, benchReadings), keyedReading(12_345, benchReadings));
});

test.run();
