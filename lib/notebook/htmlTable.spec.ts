// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { htmlTable } from './htmlTable';

const cells = (html: string) => [...html.matchAll(/<td\b[^>]*>(.*?)<\/td>/g)].map((match) => match[1]);
const headers = (html: string) => [...html.matchAll(/<th\b[^>]*>(.*?)<\/th>/g)].map((match) => match[1]);

test('columns come from the rows in order of first appearance, one cell per column per row', () => {
  const html = htmlTable([{ sensor_id: 1, temperature: 21.5 }, { sensor_id: 2, humidity: 40 }]);
  assert.equal(headers(html), ['sensor_id', 'temperature', 'humidity']);
  assert.equal(cells(html), ['1', '21.5', '', '2', '', '40']);
});

test('text is escaped in cells, headers and caption, so data cannot inject markup', () => {
  const html = htmlTable([{ '<b>': '<script>alert("x")</script> & co' }], { caption: "Tom's <table>" });
  assert.not.match(html, /<script>|<b>/);
  assert.equal(headers(html), ['&lt;b&gt;']);
  assert.equal(cells(html), ['&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co']);
  assert.match(html, /<caption[^>]*>Tom&#39;s &lt;table&gt;<\/caption>/);
});

test('numbers are right-aligned and readable; null, dates and objects have a text form', () => {
  const html = htmlTable([{ rows: 1234567, ratio: 0.123456, missing: null, at: new Date('2026-11-26T10:00:00Z'), extra: { a: 1 } }]);
  assert.equal(cells(html), ['1,234,567', '0.123', '', '2026-11-26T10:00:00.000Z', '{&quot;a&quot;:1}']);
  assert.match(html, /text-align:right">1,234,567/);
});

test('maxRows shows the first rows and counts the rest; explicit columns pick and order', () => {
  const rows = Array.from({ length: 12 }, (_, index) => ({ id: index, name: `s${index}` }));
  const html = htmlTable(rows, { maxRows: 3, columns: ['name'] });
  assert.equal(cells(html).slice(0, 3), ['s0', 's1', 's2']);
  assert.match(html, /… 9 more rows/);
  assert.equal(headers(html), ['name']);
});

test('no rows says so', () => {
  assert.match(htmlTable([]), /<em>no rows<\/em>/);
});

test.run();
