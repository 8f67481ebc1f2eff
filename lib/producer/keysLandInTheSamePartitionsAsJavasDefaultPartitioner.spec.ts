import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { $ } from 'zx';
import { readTopicToEnd } from '../kafka';
import { silentLogger } from '../log';
import { kafkaLibsDir } from '../services/kafka';
import { scratchDir, testBrokers, testConfig, uniqueTopic } from '../../test/support';
import { runProducer } from '.';

const sensors = 1_000;
const partitions = 7;

/** Kafka's own partition choice for each key on stdin: Utils.toPositive(Utils.murmur2(bytes)) % n, and whether the hash was negative. */
const murmurJava = `
import java.io.*;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

public class Murmur {
  public static void main(String[] args) throws IOException {
    int partitions = Integer.parseInt(args[0]);
    BufferedReader keys = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String key; (key = keys.readLine()) != null; ) {
      int hash = Utils.murmur2(key.getBytes(StandardCharsets.UTF_8));
      System.out.println(key + " " + (Utils.toPositive(hash) % partitions) + " " + (hash < 0));
    }
  }
}
`;

test("keys land in the same partitions as Java's default partitioner (murmur2, positive, modulo partitions)", async () => {
  const brokers = testBrokers();
  const topic = uniqueTopic('produce-java-partitions');
  const scratch = scratchDir();
  try {
    // One reading per sensor: keys "1".."1000".
    const summary = await runProducer({ brokers, topic, sensors, rate: 'max', count: sensors, seed: 1, invalidRatio: 0, partitions, logger: silentLogger });
    assert.is(summary.acknowledged, sensors);
    const written = new Map((await readTopicToEnd({ brokers, clientId: 'spec' }, topic)).map((record) => [record.key!, record.partition]));
    assert.is(written.size, sensors);

    writeFileSync(join(scratch.dir, 'Murmur.java'), murmurJava);
    const libs = kafkaLibsDir(testConfig(scratch.dir).cacheDir);
    const keys = Array.from({ length: sensors }, (_, index) => String(index + 1)).join('\n') + '\n';
    const output = await $({ quiet: true, input: keys, cwd: scratch.dir })`java -cp ${libs + '/*'} Murmur.java ${partitions}`;
    const java = output.stdout.trim().split('\n').map((line) => line.split(' '));
    assert.is(java.length, sensors);

    const mismatches = java.filter(([key, partition]) => written.get(key) !== Number(partition));
    assert.equal(mismatches.slice(0, 5), [], `${mismatches.length} of ${sensors} keys in another partition than Java's`);
    // The check can fail: for keys whose hash is negative, an unsigned hash (platformatic's default) picks other partitions.
    const negative = java.filter(([, , isNegative]) => isNegative === 'true');
    assert.ok(negative.length > 100, `${negative.length} keys with a negative murmur2`);
  } finally {
    scratch.cleanup();
  }
});

test.run();
