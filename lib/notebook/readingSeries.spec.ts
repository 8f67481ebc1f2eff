// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { countBy } from './countBy';
import { plausibleReadings, readingVerdict, ruleBreaks } from './readingVerdict';
import { readingSeries, readingsPerSensor } from './readingSeries';

const at = (sensor_id: number, timestamp: string, temperature = 20, humidity = 50) => ({ sensor_id, temperature, humidity, timestamp });
const readings = [at(10, '2026-11-26 10:00:01', 21), at(2, '2026-11-26 10:00:00', 22), at(10, '2026-11-26 10:00:00', 20), at(2, '2026-02-30 10:00:00'), at(3, '2026-11-26 10:00:00', 145)];

test('one series per sensor in sensor order, one point per timestamp (read as UTC) in time order', () => {
  const series = readingSeries([...readings.slice(0, 3), at(10, '2026-11-26 10:00:01', 23)], 'temperature');
  assert.equal(series.map((line) => line.name), ['sensor 2', 'sensor 10']);
  assert.equal(series[1].points, [{ x: Date.UTC(2026, 10, 26, 10, 0, 0), y: 20 }, { x: Date.UTC(2026, 10, 26, 10, 0, 1), y: 22 }]);
});

test('counts per group sort numbers numerically', () => {
  assert.equal(readingsPerSensor(readings), [{ label: 'sensor 2', value: 2 }, { label: 'sensor 3', value: 1 }, { label: 'sensor 10', value: 2 }]);
  assert.equal(countBy(['b', 'a', 'b'], (text) => text), [{ label: 'a', value: 1 }, { label: 'b', value: 2 }]);
});

test("charts get only readings that pass the ETL's rules; the others are counted by rule", () => {
  assert.equal(plausibleReadings(readings).length, 3);
  assert.equal(ruleBreaks(readings), [{ label: 'temperature_out_of_range', value: 1 }, { label: 'timestamp_invalid', value: 1 }]);
});

test('a verdict says what consumer and ETL do with a raw message', () => {
  assert.equal(readingVerdict('{"sensor_id":1}').consumer, 'quarantined: missing_field');
  assert.equal(readingVerdict(JSON.stringify(at(1, '2026-11-26 10:00:00', 145))).etl, 'rejected: temperature_out_of_range');
  assert.equal(readingVerdict(JSON.stringify(at(1, '2026-11-26 10:00:00'))), { message: JSON.stringify(at(1, '2026-11-26 10:00:00')), consumer: 'ok', etl: 'loaded' });
});

test.run();
