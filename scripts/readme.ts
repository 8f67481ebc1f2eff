/**
 * `make readme`: rewrites the README's generated sections, so they match what
 * they describe: the make-target table from `make help`, and the benchmark
 * table from the last `make bench` run (data/bench/results.json, with its date
 * and machine). Nobody types either by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchTable } from '../bench/readmeTable';
import { readResults, resultsFile } from '../bench/results';
import { makeHelp, makeTargetsTable, repoRoot } from './makeTargets';
import { replaceSection, sectionMarkers } from './readmeSection';

export const readmeFile = join(repoRoot, 'README.md');
export const makeTargetsSection = sectionMarkers('make targets', '`make readme` from `make help`');
export const benchSection = sectionMarkers('benchmark table', '`make readme` from data/bench/results.json');

function main(): number {
  let readme = replaceSection(readFileSync(readmeFile, 'utf8'), makeTargetsSection, makeTargetsTable(makeHelp()));
  let code = 0;
  try {
    const results = readResults();
    readme = replaceSection(readme, benchSection, benchTable(results));
    process.stdout.write(`README.md: make targets, and the benchmark table of the run of ${results.run.date}\n`);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${resultsFile} does not exist yet` : (error as Error).message;
    process.stderr.write(`error [BENCH_RESULTS_MISSING]: ${reason}; the benchmark table was left as it is.\n  → run \`make bench\`, then \`make readme\` again\n`);
    code = 1;
  }
  writeFileSync(readmeFile, readme);
  return code;
}

if (require.main === module) process.exit(main());
