// fast tier: needs no service
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEnvExample } from './envExample';
import { configFields } from './fields';

test('.env.example is up to date with the declared settings and documents every variable', () => {
  const committed = readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8');
  assert.fixture(committed, renderEnvExample());
  for (const name of Object.keys(configFields)) assert.match(committed, new RegExp(`^# ${name}=`, 'm'));
});

test.run();
