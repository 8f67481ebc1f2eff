// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SensorTable } from './sensorTable';

function filled(historySize: number, readings: number): SensorTable {
  const table = new SensorTable(historySize);
  for (let n = 0; n < readings; n++) table.addToHistory(table.slotOf(n % 3 === 0 ? 9 : 4), 20 + (n % 7) / 10, 50 + (n % 5));
  return table;
}

test('the saved form read back saves the same, with rings part full and wrapped', () => {
  for (const readings of [0, 5, 16, 40]) {
    const saved = JSON.parse(JSON.stringify(filled(6, readings).toSaved()));
    assert.equal(JSON.parse(JSON.stringify(SensorTable.fromSaved(saved, 6).toSaved())), saved, `${readings} readings`);
  }
});

test('a wrapped ring keeps the newest values and sums equal to them', () => {
  const table = filled(4, 40);
  const { temperature } = table.toSaved()['9'].history;
  assert.is(temperature.values.length, 4);
  const sum = temperature.values.reduce((total, value) => total + value, 0);
  assert.ok(Math.abs(sum - temperature.sum) < 1e-9, `${sum} vs ${temperature.sum}`);
  assert.equal(table.statistics(table.slotOf(9), 'temperature').count, 4);
});

test('a ring saved longer than the history now set is cut to its newest values', () => {
  const saved = filled(8, 40).toSaved();
  const newest = [...saved['4'].history.humidity.values.slice(saved['4'].history.humidity.next), ...saved['4'].history.humidity.values.slice(0, saved['4'].history.humidity.next)].slice(-3);
  const cut = SensorTable.fromSaved(saved, 3).toSaved()['4'].history.humidity;
  assert.equal([...cut.values.slice(cut.next), ...cut.values.slice(0, cut.next)], newest);
});

test.run();
