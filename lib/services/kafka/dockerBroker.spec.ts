import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dockerRunArgs } from '../docker';
import { kafkaContainerSpec } from './dockerBroker';
import { kafkaMode } from '.';
import { testConfig } from '../../../test/support';

test('the Docker broker is a single KRaft node on the configured host port', () => {
  const args = dockerRunArgs(kafkaContainerSpec(19092));
  assert.equal(args.slice(0, 4), ['run', '-d', '--name', 'iot-kafka']);
  assert.ok(args.includes('127.0.0.1:19092:9092'));
  assert.ok(args.includes('KAFKA_PROCESS_ROLES=broker,controller'));
  assert.ok(args.includes('KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://127.0.0.1:19092'));
  assert.is(args[args.length - 1], 'apache/kafka:4.1.1');
});

test('mode: KAFKA_BROKERS wins, then Docker when an engine answers, else native', () => {
  const config = (env: Record<string, string>) => testConfig('/tmp/x', { KAFKA_BROKERS: '', KAFKA_RUNTIME: 'auto', ...env });
  assert.is(kafkaMode(config({ KAFKA_BROKERS: 'k:9092' }), () => true), 'remote');
  assert.is(kafkaMode(config({}), () => true), 'docker');
  assert.is(kafkaMode(config({}), () => false), 'native');
  assert.is(kafkaMode(config({ KAFKA_RUNTIME: 'native' }), () => true), 'native');
});

test.run();
