// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'csv-parse/sync';
import { csvHeader, csvLine } from './csv';
import { checkStructure } from './structure';

const valid = { sensor_id: 3, temperature: 21.5, humidity: 40.25, timestamp: '2026-11-26 10:00:00' };

test('a complete reading passes and keeps its values', () => {
  const result = checkStructure(JSON.stringify(valid));
  assert.equal(result, { ok: true, reading: valid });
});

test('each structural fault gets its own reason', () => {
  const reasons = [
    '{not json',
    '[1,2]',
    JSON.stringify({ ...valid, humidity: undefined }),
    JSON.stringify({ ...valid, humidity: null }),
    JSON.stringify({ ...valid, sensor_id: 'three' }),
    JSON.stringify({ ...valid, timestamp: '' }),
  ].map((raw) => { const result = checkStructure(raw); return result.ok ? 'ok' : result.reason; });
  assert.equal(reasons, ['unparseable', 'not_an_object', 'missing_field', 'null_field', 'wrong_type', 'empty_value']);
});

test('strict: bytes that are not UTF-8, a key given twice, a number no double holds', () => {
  const bytes = Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]);
  const utf8 = checkStructure(bytes);
  assert.equal(utf8.ok ? 'ok' : [utf8.reason, utf8.valueBase64], ['invalid_utf8', bytes.toString('base64')]);
  assert.equal(checkStructure(Buffer.from(JSON.stringify(valid))), { ok: true, reading: valid }, 'UTF-8 bytes pass as text does');
  const reasons = [
    '{"sensor_id":3,"sensor_id":4,"temperature":1,"humidity":2,"timestamp":"t"}',
    '{"sensor_id":3,"temperature":1e400,"humidity":2,"timestamp":"t"}',
    '{"sensor_id":1e999,"temperature":1,"humidity":2,"timestamp":"t"}',
    '{"sensor_id":3,"temperature":1,"humidity":2,"timestamp":"a \\"x\\": 1","t\\"":{"sensor_id":[1,{"a":2}]}}',
  ].map((raw) => { const result = checkStructure(raw); return result.ok ? 'ok' : result.reason; });
  assert.equal(reasons, ['duplicate_field', 'out_of_double_range', 'out_of_double_range', 'ok']);
});

test('a sensor id written other than in canonical form (119.0, 1.19e2) is refused naming the token; +119 and 0119 are not JSON', () => {
  const withId = (id: string) => `{"sensor_id":${id},"temperature":1,"humidity":2,"timestamp":"t"}`;
  const verdicts = ['119', '119.0', '1.19e2', '+119', '0119', '-0'].map((id) => { const result = checkStructure(withId(id)); return result.ok ? 'ok' : result.reason; });
  assert.equal(verdicts, ['ok', 'wrong_type', 'wrong_type', 'unparseable', 'unparseable', 'ok']);
  const detail = checkStructure(withId('1.19e2'));
  assert.match(detail.ok ? '' : detail.detail, 'field "sensor_id" should be an integer in canonical form (e.g. 119), got 1.19e2');
  assert.ok(checkStructure('{"temperature":1.0e1,"sensor_id" : 7,"humidity":2,"timestamp":"t"}').ok, 'decimals may use any JSON form');
});

test('a name given twice is found however it is written: escaped, spaced, after nested objects; nested names do not count', () => {
  const tail = '"temperature":1,"humidity":2,"timestamp":"t"';
  const details = [
    `{"sensor_id":3,"sensor\\u005fid":4,${tail}}`,
    `{ "sensor_id" : 3 ,\n\t"temperature" :1,"humidity":2,"timestamp":"t",\r\n"temperature": 5 }`,
    `{"extra":{"sensor_id":[1,{"sensor_id":2}],"x":"}"},"sensor_id":3,${tail},"extra":null}`,
    `{"sensor_id":3,${tail},"extra":{"a":1,"a":2}}`,
    `{"sensor_id":3,${tail},"\\"":1,"\\u0022":2}`,
  ].map((raw) => { const result = checkStructure(raw); return result.ok ? 'ok' : `${result.reason}: ${result.detail}`; });
  assert.equal(details, [
    'duplicate_field: field "sensor_id" appears more than once',
    'duplicate_field: field "temperature" appears more than once',
    'duplicate_field: field "extra" appears more than once',
    'ok',
    'duplicate_field: field "\\"" appears more than once',
  ]);
});

test('the integer token is read where the top-level sensor_id stands, however it is spaced or its name escaped', () => {
  const tail = '"temperature":1,"humidity":2,"timestamp":"t"';
  const details = [
    `{"sensor\\u005fid":119.0,${tail}}`,
    `{ "sensor_id"\r\n:\t\n1E2 ,${tail}}`,
    `{"nested":{"sensor_id":1.0},"sensor_id":7,${tail}}`,
    `{"temperature":1,"humidity":2,"timestamp":"\\"sensor_id\\":1.0","sensor_id":-0.0}`,
    `{"sensor_id":-0,${tail}}`,
    `{"sensor_id":12345678901234567890,${tail}}`,
    `{"sensor_id":9007199254740991,${tail}}`,
    `{"sensor_id":-1e400,${tail}}`,
  ].map((raw) => { const result = checkStructure(raw); return result.ok ? 'ok' : `${result.reason}: ${result.detail}`; });
  assert.equal(details, [
    'wrong_type: field "sensor_id" should be an integer in canonical form (e.g. 119), got 119.0',
    'wrong_type: field "sensor_id" should be an integer in canonical form (e.g. 100), got 1E2',
    'ok',
    'wrong_type: field "sensor_id" should be an integer in canonical form (e.g. 0), got -0.0',
    'ok',
    'wrong_type: field "sensor_id" should be an integer, got 12345678901234567000',
    'ok',
    'out_of_double_range: field "sensor_id" is below the range of a double (±1.8e308)',
  ]);
});

test('a blank value is empty, whatever its spaces; other text JSON refuses is unparseable', () => {
  const reasons = [null, undefined, '', ' \t\r\n', '\u00a0\u2028', Buffer.from(''), '\u00a0{}', '{} x'].map((raw) => { const result = checkStructure(raw); return result.ok ? 'ok' : result.reason; });
  assert.equal(reasons, ['empty_value', 'empty_value', 'empty_value', 'empty_value', 'empty_value', 'empty_value', 'unparseable', 'unparseable']);
});

test('JSON null and other non-objects are described as what they are', () => {
  const details = ['null', '"text"', '12', '[1]'].map((raw) => { const result = checkStructure(raw); return result.ok ? 'ok' : result.detail; });
  assert.equal(details, ['expected a JSON object, got null', 'expected a JSON object, got string', 'expected a JSON object, got number', 'expected a JSON object, got an array']);
});

test('a wrong-type value is quoted in the detail cut to 200 characters', () => {
  const result = checkStructure(JSON.stringify({ ...valid, sensor_id: 'x'.repeat(5_000_000) }));
  assert.ok(!result.ok && result.detail.length < 300, 'detail stays short');
  assert.match(result.ok ? '' : result.detail, '(+4999800 characters cut)');
});

/** The JSON text of a reading whose timestamp carries `escape` (as written in JSON) in its middle. */
const withEscape = (escape: string) => `{"sensor_id":3,"temperature":21.5,"humidity":40.25,"timestamp":"2025-06-15${escape}10:00:14"}`;

test('a control character from a JSON escape (\\n \\r \\t \\u0000) is refused with its code point, never written as a row', () => {
  for (const [escape, code] of [['\\n', 'U+000A'], ['\\r', 'U+000D'], ['\\t', 'U+0009'], ['\\u0000', 'U+0000']]) {
    const result = checkStructure(withEscape(escape));
    assert.is(result.ok, false, escape);
    if (result.ok) continue;
    assert.is(result.reason, 'control_character', escape);
    assert.match(result.detail, `${code} at position 10`);
  }
});

test('\\" \\\\ and \\u2028 pass, and their CSV row parses back (csv-parse) to one record with the same text', () => {
  for (const escape of ['\\"', '\\\\', '\\u2028']) {
    const result = checkStructure(withEscape(escape));
    assert.ok(result.ok, escape);
    if (!result.ok) continue;
    const records = parse(`${csvHeader}\n${csvLine(result.reading)}\n`, { columns: true }) as Array<Record<string, string>>;
    assert.is(records.length, 1, escape);
    assert.is(records[0].timestamp, result.reading.timestamp, escape);
  }
});

test.run();
