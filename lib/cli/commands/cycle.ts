import { fields } from '../../config';
import { UsageError } from '../../errors';
import type { CycleResult } from '../../cycle';
import { eventTimeOptions } from '../../stream/windows/windowSpec';
import { defineCommand } from '../command';
import { alertSettings, consumeCommand } from './consume';
import { produceCommand } from './produce';

export const cycleCommand = defineCommand({
  name: 'cycle',
  summary: 'The whole pipeline: produce and consume for --duration, then merge → archive → clean up → ETL, with a summary table.',
  usage: 'iot cycle [--duration S] [--repeat N | --forever] [--pause S] [--rate R] [--sensors N] [--invalid-ratio F] [--format csv|parquet] [--consumers N] [--window 1m|off] [--slide D] [--watermark D] [--dedupe] [--alerts on|off] [--json]',
  flags: {
    duration: fields.integer({ description: 'Seconds the producer and consumer run side by side in each cycle.', default: 120, example: '20', min: 1 }),
    repeat: fields.integer({ description: 'Cycles to run one after another.', default: 1, example: '3', min: 1 }),
    forever: fields.flag({ description: 'Run cycles until Ctrl-C (the original pipeline\'s automatic loop).', default: false, example: 'true' }),
    pause: fields.decimal({ description: 'Seconds to wait between cycles.', default: 5, example: '30', min: 0 }),
    // The producer's own declarations: same meaning, defaults and checks as `iot produce`.
    rate: produceCommand.flags.rate,
    sensors: produceCommand.flags.sensors,
    invalidRatio: produceCommand.flags.invalidRatio,
    format: { ...consumeCommand.flags.format, description: 'Part file format; parquet also archives a Parquet copy next to the CSV backup.' },
    // The consumer's own declarations: windows, watermark and dedupe mean the same as in `iot consume`.
    window: consumeCommand.flags.window,
    slide: consumeCommand.flags.slide,
    watermark: consumeCommand.flags.watermark,
    dedupe: consumeCommand.flags.dedupe,
    alerts: consumeCommand.flags.alerts,
    consumers: fields.integer({
      description: 'Consumer processes that split the topic\'s partitions as one consumer group (`iot consume --instance cycle-<n>`); 1 runs the consumer inside the cycle.',
      default: 1, example: '3', min: 1, max: 64,
    }),
    json: fields.flag({ description: 'Print one JSON line per finished cycle on stdout instead of the table.', default: false, example: 'true' }),
  },
  async run({ flags, config, logger, signal }) {
    if (flags.forever && flags.repeat !== 1) throw new UsageError('--forever and --repeat exclude each other.', { hint: 'Use --repeat N for N cycles, or --forever to run until Ctrl-C.' });
    const { describeDataFolder, runCycles, summaryTable } = await import('../../cycle');
    const results: CycleResult[] = [];
    const print = (result: CycleResult) => {
      results.push(result);
      process.stdout.write(flags.json ? JSON.stringify(result) + '\n' : `\n${summaryTable(results)}\n`);
    };
    try {
      const outcome = await runCycles({
        config: config(), logger, signal, onCycle: print,
        durationSeconds: flags.duration, repeat: flags.forever ? Infinity : flags.repeat, pauseSeconds: flags.pause,
        rate: flags.rate ?? flags.sensors, sensors: flags.sensors, invalidRatio: flags.invalidRatio, format: flags.format, consumers: flags.consumers,
        eventTime: eventTimeOptions(flags),
        alerts: flags.alerts === 'on' ? alertSettings(config()) : undefined,
      });
      if (outcome.stoppedBy === 'signal') process.stderr.write(`Stopped by Ctrl-C at a safe point after ${outcome.results.length} cycle(s). ${outcome.dataFolder}\n`);
      if (outcome.stoppedBy === 'etl_failed') process.stderr.write(`Stopped: the ETL job failed (${results[results.length - 1]?.etlError ?? 'see ETL_Log'}). ${outcome.dataFolder}\n`);
      return outcome.stoppedBy === 'etl_failed' ? 1 : 0;
    } catch (error) {
      process.stderr.write(`The cycle stopped on an error. ${safeDescribe(() => describeDataFolder(config()))}\n`);
      throw error;
    }
  },
});

function safeDescribe(describe: () => string): string {
  try {
    return describe();
  } catch {
    return '';
  }
}
