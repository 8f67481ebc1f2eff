import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogger } from '../log';
import { scratchDir, testConfig } from '../../test/support';
import { NotebookCellError, runNotebook } from './execute';
import { ensureJupyter } from './jupyter';
import { cellOutputText, NotebookJson, tslabNotebook } from './notebookJson';

const logger = createLogger({ component: 'test.notebook', level: 'warn' });

// Cells import the compiled lib/ the way the committed notebooks do: tslab
// compiles cells with the notebook folder as rootDir, so it cannot take lib/*.ts.
const proof = tslabNotebook([
  { markdown: '# tslab proof' },
  { code: "import { loadConfig } from '../dist/lib/config';\nimport { checkStructure } from '../dist/lib/schema';" },
  {
    code: [
      'const config = loadConfig();',
      "const check = checkStructure(JSON.stringify({ sensor_id: 3, temperature: 21.5, humidity: 40.25, timestamp: '2026-11-26 10:00:00' }));",
      'console.log(JSON.stringify({ topic: config.kafka.topic, ok: check.ok, sensor: check.ok ? check.reading.sensor_id : null }));',
    ].join('\n'),
  },
]);

async function execute(notebook: NotebookJson, dir: string): Promise<NotebookJson> {
  const jupyter = await ensureJupyter(testConfig(dir), logger);
  const path = join(dir, 'proof.ipynb');
  writeFileSync(path, JSON.stringify(notebook));
  const { executed } = await runNotebook({ jupyter, notebook: path, scratch: dir, env: { DATA_DIR: dir, KAFKA_TOPIC: 'proof-topic' }, redactions: [], logger });
  return JSON.parse(readFileSync(executed, 'utf8'));
}

test('a tslab cell imports the compiled lib/, loads the config and validates one reading', async () => {
  const scratch = scratchDir('iot-notebook-proof-');
  try {
    const executed = await execute(proof, scratch.dir);
    assert.is(cellOutputText(executed.cells[2]).trim(), '{"topic":"proof-topic","ok":true,"sensor":3}');
  } finally {
    scratch.cleanup();
  }
});

test('a failing cell fails the run and names the notebook and the cell', async () => {
  const scratch = scratchDir('iot-notebook-proof-');
  const broken = tslabNotebook([...proof.cells.slice(1).map((cell) => ({ code: String(cell.source) })), { code: "throw new Error('sensor 7 is on fire');" }]);
  try {
    const error = await execute(broken, scratch.dir).then(() => undefined, (caught: unknown) => caught);
    assert.instance(error, NotebookCellError);
    const cellError = error as NotebookCellError;
    assert.is(cellError.cell, 3);
    assert.match(cellError.message, /proof\.ipynb cell 3 failed: Error: sensor 7 is on fire \(cell starts with `throw new Error/);
  } finally {
    scratch.cleanup();
  }
});

test.run();
