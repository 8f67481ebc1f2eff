/**
 * `make readme-bench`: rewrites the README's benchmark table from the last
 * `make bench` run (data/bench/results.json), so the figures shown are those
 * of one real run with its date and machine, never typed by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchTable, replaceBenchTable } from '../bench/readmeTable';
import { readResults, resultsFile } from '../bench/results';

const readmeFile = join(__dirname, '..', '..', 'README.md');

try {
  const results = readResults();
  writeFileSync(readmeFile, replaceBenchTable(readFileSync(readmeFile, 'utf8'), benchTable(results)));
  process.stdout.write(`README.md: benchmark table from the run of ${results.run.date} (${resultsFile})\n`);
} catch (error) {
  const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${resultsFile} does not exist yet` : (error as Error).message;
  process.stderr.write(`error [BENCH_RESULTS_MISSING]: ${reason}\n→ run \`make bench\` first, then \`make readme-bench\`\n`);
  process.exit(1);
}
