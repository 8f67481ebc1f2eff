// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { outputRedactions, redactText, sanitizeNotebook } from './sanitize';
import { tslabNotebook } from './notebookJson';

const places = { repoRoot: '/work/repo', dataDir: '/tmp/iot-nb-abc123', cacheDir: '/root/.cache/iot-pipeline', brokers: ['127.0.0.1:40123'] };
const redactions = outputRedactions(places, 'builder-7');

test('run folders, broker, host name and home become placeholders a reader understands', () => {
  const text = 'wrote /tmp/iot-nb-abc123/backup/merged.csv via 127.0.0.1:40123 on builder-7; venv /root/.cache/iot-pipeline/venv-jupyter; code /work/repo/lib/x.ts';
  assert.is(redactText(text, redactions), 'wrote $DATA_DIR/backup/merged.csv via $KAFKA_BROKERS on <host>; venv $IOT_CACHE_DIR/venv-jupyter; code ./lib/x.ts');
});

test('secrets and stray absolute paths are masked; markup is left alone', () => {
  const text = 'postgres://iot:s3cret@db:5432/iot MSSQL_SA_PASSWORD=Hunter2! "token": "abc" /home/ann/x.csv <td>1</td></svg>';
  assert.is(redactText(text, redactions), 'postgres://iot:***@db:5432/iot MSSQL_SA_PASSWORD=*** "token": "***" <path> <td>1</td></svg>');
});

test('only outputs are rewritten, and per-run timing metadata is dropped', () => {
  const notebook = tslabNotebook([{ markdown: 'see /work/repo' }, { code: "console.log('/work/repo')" }]);
  notebook.cells[1].outputs = [{ output_type: 'stream', name: 'stdout', text: ['at /work/repo/data\n'] }];
  notebook.cells[1].metadata = { execution: { 'iopub.status.busy': '2026-11-26T10:00:00Z' }, tags: ['x'] };
  const clean = sanitizeNotebook(notebook, redactions);
  assert.equal(clean.cells[1].outputs, [{ output_type: 'stream', name: 'stdout', text: ['at ./data\n'] }]);
  assert.equal(clean.cells[1].metadata, { tags: ['x'] });
  assert.is(clean.cells[1].source, "console.log('/work/repo')");
  assert.is(clean.cells[0].source, 'see /work/repo');
});

test('the SASL password is masked wherever it appears, even outside a NAME=value', () => {
  const withSecret = outputRedactions({ ...places, secrets: ['s3cr3t-pw-123', undefined] }, 'builder-7');
  assert.is(redactText('login failed for s3cr3t-pw-123 at <td>s3cr3t-pw-123</td>', withSecret), 'login failed for *** at <td>***</td>');
});

test.run();
