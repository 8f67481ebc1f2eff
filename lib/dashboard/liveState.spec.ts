// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { limits, LiveState } from './liveState';
import { windowMs } from './sensorWindow';

const start = Date.parse('2026-01-01T12:00:00Z');
const reading = (sensorId: number, time: number, temperature = 20 + Math.sin(time), humidity = 50) => ({
  sensorId, temperature, humidity, timestamp: '2026-01-01 12:00:00', time, partition: 0, offset: String(time),
});

test('ten minutes at 200 readings/s leave a bounded picture: points per sensor, their time span, the marked list', () => {
  const state = new LiveState();
  for (let time = start; time < start + 10 * 60_000; time += 5) {
    state.addReading(reading(((time / 5) % 10) + 1, time, time % 5_000 === 0 ? 120 : undefined));
    if (time % 250 === 0) state.takeUpdate();
  }
  state.takeUpdate();
  const snapshot = state.snapshot();
  assert.is(snapshot.sensors.length, 10);
  for (const sensor of snapshot.sensors) {
    assert.ok(sensor.points.length <= limits.pointsPerSensor, `${sensor.points.length} points`);
    assert.ok(sensor.points.at(-1)![0] - sensor.points[0][0] <= windowMs, 'within five minutes');
  }
  assert.ok(snapshot.anomalies.length <= limits.anomalies);
  assert.ok(snapshot.anomalies.every((anomaly) => anomaly.marks.includes('temperature_out_of_range')));
});

test('a push carries each changed sensor once with its latest reading, and its marked readings as marked points', () => {
  const state = new LiveState();
  state.addReading(reading(1, start, 21));
  state.addReading(reading(1, start + 10, 120));
  state.addReading(reading(1, start + 20, 22));
  state.addReading(reading(2, start + 30, 23));
  const update = state.takeUpdate()!;
  assert.equal(update.sensors.map((sensor) => sensor.sensorId), [1, 2]);
  assert.is(update.sensors[0].latest.temperature, 22);
  assert.equal(update.sensors[0].points, [[start + 10, 120, 50, 1], [start + 20, 22, 50, 0]]);
  assert.equal(update.anomalies.map((anomaly) => anomaly.temperature), [120]);
  assert.is(state.takeUpdate(), undefined, 'nothing new, nothing pushed');
});

test('past the per-push cap of marked readings the newest one is still drawn', () => {
  const state = new LiveState();
  for (let index = 0; index < limits.markedPerPush + 5; index++) state.addReading(reading(1, start + index, 100 + index));
  const points = state.takeUpdate()!.sensors[0].points;
  assert.is(points.length, limits.markedPerPush);
  assert.is(points.at(-1)![1], 100 + limits.markedPerPush + 4);
});

test.run();
