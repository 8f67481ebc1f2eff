import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { localKafkaNodes, replicationFor, resolveBrokers } from '../../kafka';
import { testConfig } from '../../../test/support';
import { kafkaComposeFile } from './composeFile';
import { serverProperties } from './nativeBroker';
import { nativeNodes } from './nativeCluster';

const committedCompose = join(__dirname, '..', '..', '..', '..', 'lib', 'services', 'kafka', 'compose.cluster.yaml');

test('port layout: brokers on consecutive ports from KAFKA_PORT, controllers on the next ones; one node keeps port+1', () => {
  assert.equal(localKafkaNodes(9092, 1), [{ id: 1, brokerPort: 9092, controllerPort: 9093 }]);
  assert.equal(localKafkaNodes(9092, 3).map((node) => [node.id, node.brokerPort, node.controllerPort]), [[1, 9092, 9095], [2, 9093, 9096], [3, 9094, 9097]]);
  const config = testConfig('/tmp/x', { KAFKA_BROKERS: '', KAFKA_PORT: '9092', KAFKA_NODES: '3' });
  assert.equal(resolveBrokers(config), ['127.0.0.1:9092', '127.0.0.1:9093', '127.0.0.1:9094']);
  assert.equal(resolveBrokers(testConfig('/tmp/x', { KAFKA_BROKERS: 'k1:1,k2:2', KAFKA_NODES: '3' })), ['k1:1', 'k2:2']);
});

test('each node of a cluster has its own folder; a single node keeps the service folder', () => {
  assert.equal(nativeNodes({ home: '/d/kafka', port: 9092, nodes: 1 }).map((node) => node.home), ['/d/kafka']);
  assert.equal(nativeNodes({ home: '/d/kafka', port: 9092, nodes: 3 }).map((node) => node.home), ['/d/kafka/1', '/d/kafka/2', '/d/kafka/3']);
});

test('a cluster node votes in a quorum of all nodes and replicates internal topics 3 times, 2 in sync', () => {
  const quorum = localKafkaNodes(9092, 3);
  const properties = serverProperties(quorum[1], quorum, '/s');
  assert.match(properties, 'node.id=2\n');
  assert.match(properties, 'controller.quorum.voters=1@127.0.0.1:9095,2@127.0.0.1:9096,3@127.0.0.1:9097\n');
  assert.match(properties, 'listeners=PLAINTEXT://127.0.0.1:9093,CONTROLLER://127.0.0.1:9096\n');
  for (const line of ['offsets.topic.replication.factor=3', 'transaction.state.log.min.isr=2', 'default.replication.factor=3', 'min.insync.replicas=2']) {
    assert.match(properties, `${line}\n`);
  }
  assert.match(serverProperties(localKafkaNodes(9092, 1)[0], localKafkaNodes(9092, 1), '/s'), 'offsets.topic.replication.factor=1\n');
  assert.equal([1, 2, 3, 5].map(replicationFor), [{ factor: 1, minInSync: 1 }, { factor: 2, minInSync: 1 }, { factor: 3, minInSync: 2 }, { factor: 3, minInSync: 2 }]);
});

test('the committed compose file is the generated one: three KRaft nodes, one quorum, brokers on 9092-9094', () => {
  const text = readFileSync(committedCompose, 'utf8');
  assert.is(text, kafkaComposeFile(9092, 3), 'regenerate lib/services/kafka/compose.cluster.yaml from kafkaComposeFile(9092, 3)');
  const compose = parse(text) as { services: Record<string, { ports: string[]; environment: Record<string, string> }>; volumes: Record<string, unknown> };
  assert.equal(Object.keys(compose.services), ['kafka-1', 'kafka-2', 'kafka-3']);
  assert.equal(Object.values(compose.services).map((service) => service.ports), [['127.0.0.1:9092:9092'], ['127.0.0.1:9093:9092'], ['127.0.0.1:9094:9092']]);
  const voters = new Set(Object.values(compose.services).map((service) => service.environment.KAFKA_CONTROLLER_QUORUM_VOTERS));
  assert.equal([...voters], ['1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093']);
  assert.equal(Object.keys(compose.volumes), ['kafka-1', 'kafka-2', 'kafka-3']);
});

test.run();
