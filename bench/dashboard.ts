/**
 * `iot dashboard`: latency from a reading's acknowledgement by the broker to
 * its appearance in the browser (p50, p95) at 1,000 msgs/s, and the
 * dashboard's CPU share while idle with a page open, against an idle node
 * process that loaded the CLI (the baseline, same run).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProducer, ensureTopic } from '../lib/kafka';
import { openDashboard } from '../test/support/dashboard';
import { freePort, uniqueTopic } from '../test/support';
import { BenchContext, BenchFigure } from './figure';
import { sleep } from '../lib/process';

const root = join(__dirname, '..', '..');
const rate = 1_000;
const produceSeconds = 20;
const idleSeconds = 10;
const sensors = 10;

export async function benchmark(context: BenchContext): Promise<BenchFigure[]> {
  const topic = uniqueTopic('bench-dashboard');
  const client = { brokers: context.brokers, clientId: 'bench-dashboard' };
  await ensureTopic(client, topic, 3);
  const port = await freePort();
  const dashboard = spawn(process.execPath, [join(root, 'scripts', 'iot.js'), 'dashboard', '--port', String(port)], {
    env: { ...process.env, KAFKA_BROKERS: context.brokers.join(','), KAFKA_TOPIC: topic, DATA_DIR: context.scratchDir, IOT_ENV_FILE: '/nonexistent/.env' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseline = spawn(process.execPath, ['-e', `require(${JSON.stringify(join(root, 'dist', 'lib', 'cli', 'commands'))}); setInterval(() => {}, 1000)`], { stdio: 'ignore' });
  try {
    await new Promise<void>((resolve, reject) => {
      dashboard.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('dashboard on')) resolve(); });
      dashboard.once('exit', (code) => reject(new Error(`iot dashboard exited with ${code}`)));
    });
    const open = await openDashboard(`http://127.0.0.1:${port}/?trace`);
    try {
      await open.page.waitForSelector('#kafka-state[data-state="reachable"]', { timeout: 30_000 });
      const [idle, idleBaseline] = await Promise.all([cpuPercent(dashboard.pid!, idleSeconds), cpuPercent(baseline.pid!, idleSeconds)]);
      const acknowledged = await produce(client, topic);
      await open.page.waitForTimeout(2_000);
      const drawn = (await open.page.evaluate('window.dashboardTrace')) as Array<{ temperature: number; drawnAt: number }>;
      const latencies = drawn.flatMap((point) => {
        const ackAt = acknowledged.get(point.temperature);
        return ackAt === undefined || point.drawnAt === 0 ? [] : [point.drawnAt - ackAt];
      }).sort((a, b) => a - b);
      if (latencies.length === 0) throw new Error('no produced reading was drawn in the browser');
      context.logger.info('bench.dashboard.latency', { drawn: latencies.length, acknowledged: acknowledged.size });
      return [
        { name: 'dashboard.latency_p50_ms', value: percentile(latencies, 0.5), unit: 'ms' },
        { name: 'dashboard.latency_p95_ms', value: percentile(latencies, 0.95), unit: 'ms' },
        { name: 'dashboard.readings_drawn', value: latencies.length, unit: 'readings' },
        { name: 'dashboard.idle_cpu_percent', value: idle, unit: '% of one core' },
        { name: 'dashboard.idle_cpu_baseline_percent', value: idleBaseline, unit: '% of one core (idle node with the CLI loaded)' },
      ];
    } finally {
      await open.browser.close();
    }
  } finally {
    baseline.kill('SIGKILL');
    dashboard.kill('SIGINT');
    await new Promise((resolve) => (dashboard.exitCode !== null ? resolve(undefined) : dashboard.once('exit', resolve)));
  }
}

/**
 * 1,000 readings a second in sends of 10 every 10 ms; each reading's
 * temperature is unique in the run (20.000, 20.001, ...), so the page's trace
 * names which reading it drew. Returns temperature → acknowledgement time.
 */
async function produce(client: { brokers: string[]; clientId: string }, topic: string): Promise<Map<number, number>> {
  const producer = createProducer(client);
  const acknowledged = new Map<number, number>();
  const pending: Promise<void>[] = [];
  const perSend = rate / 100;
  const started = Date.now();
  try {
    for (let tick = 0; tick < produceSeconds * 100; tick++) {
      const messages = Array.from({ length: perSend }, (_, index) => {
        const sequence = tick * perSend + index;
        const temperature = Math.round((20 + sequence * 0.001) * 1000) / 1000;
        const reading = { sensor_id: (sequence % sensors) + 1, temperature, humidity: 50, timestamp: new Date().toISOString().slice(0, 19).replace('T', ' ') };
        return { temperature, message: { topic, key: Buffer.from(String(reading.sensor_id)), value: Buffer.from(JSON.stringify(reading)) } };
      });
      pending.push(producer.send({ messages: messages.map((entry) => entry.message) }).then(() => {
        const now = Date.now();
        for (const entry of messages) acknowledged.set(entry.temperature, now);
      }));
      const due = started + (tick + 1) * 10;
      if (due > Date.now()) await sleep(due - Date.now());
    }
    await Promise.all(pending);
  } finally {
    await producer.close();
  }
  return acknowledged;
}

/** CPU time (user + system) of `pid` over `seconds`, as a share of one core, from /proc. */
async function cpuPercent(pid: number, seconds: number): Promise<number> {
  const ticks = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  const before = ticks();
  await sleep(seconds * 1000);
  // Linux counts CPU time in clock ticks of 1/100 s.
  return ((ticks() - before) / 100 / seconds) * 100;
}

function percentile(sorted: number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}
