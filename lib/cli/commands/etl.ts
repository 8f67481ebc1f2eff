import { fields } from '../../config';
import { UsageError } from '../../errors';
import type { EtlJobResult } from '../../etl';
import { defineCommand } from '../command';

export const etlCommand = defineCommand({
  name: 'etl',
  summary: 'Validate archived CSV files and load them into sensor_data, sensor_window and sensor_alert (SQLite, PostgreSQL or SQL Server), one ETL_Log row per archive.',
  usage: 'iot etl [FILE] [--all] [--on-invalid fail|quarantine] [--force] [--json]',
  flags: {
    all: fields.flag({ description: 'Load every archived file not loaded yet, oldest first (default: only the oldest merge\'s: its readings, window and alert archives).', default: false, example: 'true' }),
    onInvalid: fields.oneOf<'fail' | 'quarantine'>({
      description: 'A file with invalid rows: fail loads nothing (job FAILED); quarantine loads the valid rows and writes the rest to <file>.rejects.csv with a reason.',
      default: 'fail',
      example: 'quarantine',
      values: ['fail', 'quarantine'] as const,
    }),
    force: fields.flag({ description: 'Reload a file loaded before, replacing its rows in one transaction.', default: false, example: 'true' }),
    json: fields.flag({ description: 'Print each job result as one JSON line on stdout.', default: false, example: 'true' }),
  },
  async run({ flags, args, config, logger }) {
    if (args.length > 1) throw new UsageError(`\`iot etl\` takes one FILE, got ${args.length}: ${args.join(' ')}.`, { hint: 'Use --all to load every archived file not loaded yet.' });
    const { runEtl } = await import('../../etl');
    const results = await runEtl({ config: config(), logger, file: args[0], all: flags.all, onInvalid: flags.onInvalid, force: flags.force });
    for (const result of results) process.stdout.write((flags.json ? JSON.stringify(result) : describe(result)) + '\n');
    if (results.length === 0 && !flags.json) process.stdout.write(`nothing to load: every archived file in ${config().paths.backup} is loaded\n`);
    return results.some((result) => result.status === 'FAILED') ? 1 : 0;
  },
});

function describe(result: EtlJobResult): string {
  const counts = `${result.recordsProcessed} rows loaded, ${result.recordsRejected} rejected, ${result.durationSeconds.toFixed(2)} s`;
  const rejects = result.rejectsFile ? `\n  rejected rows with reasons: ${result.rejectsFile}` : '';
  const error = result.status === 'FAILED' && result.errorMessage ? `\n  ${result.errorMessage.replace(/\n/g, '\n  ')}` : '';
  return `${result.status.padEnd(7)} ${result.sourceFile}: ${counts}${rejects}${error}`;
}
