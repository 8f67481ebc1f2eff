import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMessageSource } from './messageSource';

const base = { sensors: 4, partitions: 3, seed: 7, invalidRatio: 0, startSecondOfDay: 36_000, now: () => Date.UTC(2026, 11, 2, 10), simulatedTime: true };

function readings(count: number, alertCases: Parameters<typeof createMessageSource>[0]['alertCases']) {
  const source = createMessageSource({ ...base, alertCases });
  return Array.from({ length: count }, () => JSON.parse(source.next().value) as { sensor_id: number; temperature: number; humidity: number; timestamp: string });
}

test('simulated time stamps one second per round of sensors, however fast messages are made', () => {
  const sent = readings(12, undefined);
  assert.equal(sent.map((reading) => reading.timestamp.slice(11)), ['10:00:00', '10:00:00', '10:00:00', '10:00:00', '10:00:01', '10:00:01', '10:00:01', '10:00:01', '10:00:02', '10:00:02', '10:00:02', '10:00:02'].map((time) => {
    // formatTimestamp writes local time: compare the seconds only when the zone is not UTC.
    return new Date(Date.UTC(2026, 11, 2, 10, 0, Number(time.slice(6)))).toTimeString().slice(0, 8);
  }));
});

test('--stuck-sensor repeats its first reading; the others keep moving', () => {
  const sent = readings(400, { stuckSensor: 2 });
  const stuck = new Set(sent.filter((reading) => reading.sensor_id === 2).map((reading) => `${reading.temperature}/${reading.humidity}`));
  const moving = new Set(sent.filter((reading) => reading.sensor_id === 3).map((reading) => `${reading.temperature}/${reading.humidity}`));
  assert.is(stuck.size, 1);
  assert.ok(moving.size > 50, `${moving.size} distinct values`);
});

test('--silent-sensor sends nothing once --silent-after seconds of event time have passed', () => {
  const sent = readings(400, { silentSensor: 4, silentAfterSeconds: 30 });
  assert.is(sent.filter((reading) => reading.sensor_id === 4).length, 30);
  const last = sent.filter((reading) => reading.sensor_id === 4).at(-1)!;
  assert.ok(sent.filter((reading) => reading.sensor_id === 1 && reading.timestamp > last.timestamp).length > 90);
  assert.is(sent.length, 400);
});

test('--spike-ratio makes about that share of readings jump 30-50 °C', () => {
  const plain = readings(20_000, undefined);
  const spiked = readings(20_000, { spikeRatio: 0.01 });
  const jumps = spiked.filter((reading, index) => reading.temperature - plain[index].temperature >= 29.99).length;
  assert.ok(jumps > 140 && jumps < 260, `${jumps} spikes in 20,000`);
});

test.run();
