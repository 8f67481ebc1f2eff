import { fields } from '../../config';
import { defineCommand } from '../command';

export const mergeCommand = defineCommand({
  name: 'merge',
  summary: 'Merge the part files in DATA_DIR/output into one sorted CSV in DATA_DIR/backup, then clear output/ and checkpoint/.',
  usage: 'iot merge [--format csv|parquet] [--json]',
  flags: {
    format: fields.oneOf<'csv' | 'parquet'>({
      description: 'parquet: also write a Parquet copy next to the CSV backup.',
      default: 'csv',
      example: 'parquet',
      values: ['csv', 'parquet'] as const,
    }),
    json: fields.flag({ description: 'Print the summary (files, rows, bytes, seconds, backupPath) as one JSON line.', default: false, example: 'true' }),
  },
  async run({ flags, config, logger }) {
    const { mergeParts } = await import('../../merge');
    const summary = await mergeParts({ config: config(), logger, format: flags.format });
    if (flags.json) process.stdout.write(JSON.stringify(summary) + '\n');
    else if (summary.backupPath) {
      process.stdout.write(`${summary.backupPath}\n`);
      process.stderr.write(`merged ${summary.rows} rows from ${summary.files} part files (${summary.bytes} bytes) in ${summary.seconds}s\n`);
      if (summary.uncommittedRemoved.length > 0) process.stderr.write(`removed ${summary.uncommittedRemoved.length} file(s) of uncommitted batches (never archived): ${summary.uncommittedRemoved.join(' ')}\n`);
    } else process.stdout.write(`No committed part files in ${config().paths.output}: nothing to merge, nothing written.\n`);
    return 0;
  },
});
