/**
 * The seed's own consumer as the consumer benchmarks' baseline: PySpark
 * Structured Streaming (pyspark from PyPI in a cached venv, Spark's Kafka
 * source and its dependencies resolved from Maven Central with mvn) over the
 * same pre-filled topic, measured like `iot consume`: its process tree
 * (python and the JVM) from spawn until it has read everything.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureMavenJars } from '../lib/services/mavenJars';
import { ensureVenv } from '../lib/services/pythonVenv';
import { BenchContext } from './figure';
import { measureChild, MeasuredRun } from './measuredChild';

/** Spark 3.5 runs on the machine's Java 17; its Kafka source is built for Scala 2.12. */
const sparkVersion = '3.5.7';
const kafkaSource = { group: 'org.apache.spark', artifact: 'spark-sql-kafka-0-10_2.12', version: sparkVersion };
const venvSpec = { name: 'venv-spark-bench', requirements: [`pyspark==${sparkVersion}`] };
const script = join(__dirname, '..', '..', 'bench', 'pyspark_consume.py');
const timeoutMs = 15 * 60_000;

export interface PySparkRun extends MeasuredRun {
  records: number;
  /** Seconds Spark's own progress reports spent in batches: the run without JVM start-up and shutdown. */
  batchSeconds: number;
}

/** One availableNow run of the PySpark job over `topic`, expected to read `records`, windows on or off. */
export async function runPySpark(context: BenchContext, topic: string, records: number, windows: 'on' | 'off', folder: string): Promise<PySparkRun> {
  const { python, jars } = await preparePySpark(context);
  const dir = join(context.scratchDir, folder);
  mkdirSync(dir, { recursive: true });
  const run = await measureChild(python, [script, '--brokers', context.brokers.join(','), '--topic', topic, '--windows', windows,
    '--output', join(dir, 'output'), '--checkpoint', join(dir, 'checkpoint')], {
    what: `the PySpark baseline (windows ${windows})`,
    cwd: dir,
    // --jars before pyspark-shell: the Kafka source must be on the driver's classpath when the JVM starts.
    env: { ...process.env, PYSPARK_PYTHON: python, PYSPARK_SUBMIT_ARGS: `--driver-memory 1g --jars ${jars.join(',')} pyspark-shell` },
    finished: (output) => output.includes('"pyspark_done"'),
    timeoutMs,
  });
  // stdout and stderr share one buffer: the result line is cut out of whatever else is printed around it.
  const result = JSON.parse(/\{"pyspark_done".*?\}/.exec(run.output)![0]) as { rows: number; batch_seconds: number };
  if (result.rows !== records) throw new Error(`the PySpark baseline (windows ${windows}) read ${result.rows} records of ${topic}, expected ${records}; its last output:\n${run.output.slice(-2_000)}`);
  context.logger.info('bench.pyspark.run', { windows, records, seconds: run.seconds, peakRssMb: run.peakRssMb, batchSeconds: result.batch_seconds });
  return { ...run, records, batchSeconds: result.batch_seconds };
}

/** The venv's python and the Kafka source's jars that pyspark does not ship itself. */
async function preparePySpark(context: BenchContext): Promise<{ python: string; jars: string[] }> {
  const venv = await ensureVenv(context.cacheDir, venvSpec, context.logger);
  const libs = join(context.cacheDir, 'spark-kafka', sparkVersion, 'libs');
  await ensureMavenJars(libs, [kafkaSource], kafkaSource.artifact, (detail) => new Error(
    `Could not resolve ${kafkaSource.artifact} ${sparkVersion} and its dependencies with mvn: ${detail}\n  → check that \`mvn -v\` works and Maven Central is reachable`));
  // An artifact pyspark ships (hadoop, snappy, scala…) is left to its own version.
  const shipped = new Set(readdirSync(pysparkJarsDir(venv)).map(artifactOf));
  const jars = readdirSync(libs).filter((file) => file.endsWith('.jar') && !shipped.has(artifactOf(file))).map((file) => join(libs, file));
  return { python: join(venv, 'bin', 'python'), jars };
}

/** "kafka-clients-3.4.1.jar" → "kafka-clients". */
function artifactOf(jar: string): string {
  return jar.replace(/-\d[^-]*(-[A-Za-z]\w*)?\.jar$/, '');
}

function pysparkJarsDir(venv: string): string {
  const lib = join(venv, 'lib');
  const python = readdirSync(lib).find((name) => name.startsWith('python'));
  if (!python) throw new Error(`${venv} has no lib/python*/: delete it and run make bench again to re-create the venv`);
  return join(lib, python, 'site-packages', 'pyspark', 'jars');
}
