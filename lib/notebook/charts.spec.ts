// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { svgBarChart } from './barChart';
import { svgLineChart } from './lineChart';
import { niceTicks } from './svg';

const attribute = (svg: string, tag: string, name: string) =>
  [...svg.matchAll(new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`, 'g'))].map((match) => match[1]);

function selfContained(svg: string): void {
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
  assert.not.match(svg.replace('xmlns="http://www.w3.org/2000/svg"', ''), /https?:|<script|href=/);
}

test('a line chart draws one polyline per series inside the plot area, with a legend', () => {
  const svg = svgLineChart([
    { name: 'sensor 1', points: [{ x: 0, y: 20 }, { x: 10, y: 25 }, { x: 5, y: 22 }] },
    { name: 'sensor 2', points: [{ x: 0, y: 30 }, { x: 10, y: 35 }] },
  ], { title: 'Temperature', yLabel: '°C' });
  selfContained(svg);
  const lines = attribute(svg, 'polyline', 'points');
  assert.is(lines.length, 2);
  const first = lines[0].split(' ').map((pair) => pair.split(',').map(Number));
  assert.is(first.length, 3);
  assert.ok(first[0][0] < first[1][0] && first[1][0] < first[2][0], 'points are drawn in x order');
  for (const [x, y] of first) assert.ok(x >= 55 && x <= 550 && y >= 30 && y <= 260, `point ${x},${y} inside the plot`);
  assert.ok(first[2][1] < first[0][1], 'a higher value is drawn higher');
  assert.match(svg, />sensor 1<\/text>/);
  assert.match(svg, />sensor 2<\/text>/);
  assert.match(svg, />Temperature<\/text>/);
});

test('time axes are labelled HH:mm:ss in UTC', () => {
  const start = Date.UTC(2026, 10, 26, 10, 0, 0);
  const svg = svgLineChart([{ name: 's', points: [{ x: start, y: 1 }, { x: start + 60_000, y: 2 }] }], { xKind: 'time' });
  assert.match(svg, />10:00:00</);
  assert.match(svg, />10:01:00</);
});

test('chart text is escaped and an empty chart says there is no data', () => {
  const svg = svgLineChart([{ name: '<img src=x onerror=alert(1)>', points: [{ x: 1, y: 1 }] }], { title: 'a & b' });
  assert.not.match(svg, /<img/);
  assert.match(svg, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(svg, /a &amp; b/);
  assert.match(svgLineChart([{ name: 'empty', points: [] }]), />no data</);
  assert.match(svgBarChart([]), />no data</);
});

test('a bar chart draws bars proportional to the values, labelled with label and value', () => {
  const svg = svgBarChart([{ label: 'etl_sensor_data #1', value: 100 }, { label: 'etl_sensor_data #2', value: 50 }, { label: 'failed', value: 0 }], { unit: 'rows', title: 'Records per job' });
  selfContained(svg);
  const widths = attribute(svg, 'rect', 'width').slice(1).map(Number); // the first rect is the background
  assert.is(widths.length, 3);
  assert.ok(Math.abs(widths[0] - 2 * widths[1]) < 0.02, `widths ${widths}`);
  assert.is(widths[2], 0);
  assert.match(svg, />etl_sensor_data #1<title>/);
  assert.match(svg, />100 rows<\/text>/);
});

test('ticks are round numbers covering the range', () => {
  assert.equal(niceTicks(0, 100, 5), [0, 20, 40, 60, 80, 100]);
  assert.equal(niceTicks(18.3, 26.9, 5), [20, 22, 24, 26]);
  assert.equal(niceTicks(3, 3), [3]);
});

test.run();
