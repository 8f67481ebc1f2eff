/**
 * `make readme`: rewrites the generated sections, so they match what they describe: the top README's
 * make-target table from `make help`, and bench/README.md's benchmark table from the last `make bench` run
 * (data/bench/results.json, with its date and machine). Nobody types either by hand.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchResults, readResults, resultsFile } from '../bench/results';
import { describeBound, formatValue, TargetCheck } from '../bench/targets';
import { makeHelp, makeTargetsTable, repoRoot } from './makeTargets';
import { replaceSection, sectionMarkers } from './readmeSection';

export const readmeFile = join(repoRoot, 'README.md');
export const benchReadmeFile = join(repoRoot, 'bench', 'README.md');
export const makeTargetsSection = sectionMarkers('make targets', '`make readme` from `make help`');
export const benchSection = sectionMarkers('benchmark table', '`make readme` from data/bench/results.json');

/**
 * The benchmark table: each target of the last run with its figure, verdict and same-run baseline. Only
 * meaningful cells: a "→ N ×" ratio only where figure and baseline share a unit (a ratio of a ratio to
 * milliseconds says nothing), and the figures without a target leave out those that restate one (a
 * "goal" unit, or a ratio the target rows already show).
 */
export function benchTable(results: BenchResults): string {
  const unit = new Map(results.figures.map((figure) => [figure.name, figure.unit]));
  const verdict = { met: 'met', missed: '**missed**', missing: 'not measured' };
  const rows = results.targets.map((check) => {
    const { target } = check;
    const measured = check.measured === undefined ? '—' : `${formatValue(check.measured)} ${unit.get(target.figure) ?? ''}`.trim();
    const baseline = !check.baseline ? '—'
      : check.baseline.value === undefined ? `\`${check.baseline.name}\` not measured`
      : `\`${check.baseline.name}\` ${formatValue(check.baseline.value)}${shownRatio(check, unit) === undefined ? '' : ` → ${ratio(shownRatio(check, unit)!)}`}`;
    return `| ${target.stage} | \`${target.figure}\` (${target.what}) | ${describeBound(check)} | ${measured} | ${baseline} | ${verdict[check.verdict]} |`;
  });
  return [
    `Last run: ${results.run.date.slice(0, 16).replace('T', ' ')} UTC on ${results.run.machine}; stages ${results.run.stages.join(', ')}.`,
    '',
    '| stage | figure | target | measured | baseline in the same run | verdict |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    ...untargetedFigures(results, unit),
  ].join('\n');
}

/** measured ÷ baseline, when both are the same kind of quantity. */
function shownRatio(check: TargetCheck, unit: Map<string, string>): number | undefined {
  const base = check.baseline;
  if (check.measured === undefined || base?.value === undefined || base.value === 0) return undefined;
  return unit.get(check.target.figure) === unit.get(base.name) ? check.measured / base.value : undefined;
}

/** The run's figures that no target names (consumer-group scaling, failover, each codec, CPU per message). */
function untargetedFigures(results: BenchResults, unit: Map<string, string>): string[] {
  const named = new Set(results.targets.flatMap(({ target }) => [target.figure, target.of, target.baseline]));
  const shown = new Set(results.targets.map((check) => shownRatio(check, unit)).filter((value): value is number => value !== undefined).map((value) => value.toFixed(2)));
  const restates = (figure: BenchResults['figures'][number]) =>
    /\bgoal\b/.test(figure.unit) || (/^(ratio|x)\b/.test(figure.unit) && shown.has(figure.value.toFixed(2)));
  const rows = results.figures
    .filter((figure) => !named.has(figure.name) && !restates(figure))
    .map((figure) => `| \`${figure.name}\` | ${formatValue(figure.value)} ${figure.unit} |`);
  return rows.length === 0 ? [] : ['', 'The same run\'s figures without a target:', '', '| figure | measured |', '| --- | --- |', ...rows];
}

function ratio(value: number): string {
  return `${value >= 10 ? Math.round(value) : value.toFixed(2)} ×`;
}

function main(): number {
  writeFileSync(readmeFile, replaceSection(readFileSync(readmeFile, 'utf8'), makeTargetsSection, makeTargetsTable(makeHelp())));
  try {
    const results = readResults();
    writeFileSync(benchReadmeFile, replaceSection(readFileSync(benchReadmeFile, 'utf8'), benchSection, benchTable(results)));
    process.stdout.write(`README.md: make targets; bench/README.md: the benchmark table of the run of ${results.run.date}\n`);
    return 0;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${resultsFile} does not exist yet` : (error as Error).message;
    process.stderr.write(`error [BENCH_RESULTS_MISSING]: ${reason}; the benchmark table in bench/README.md was left as it is.\n  → run \`make bench\`, then \`make readme\` again\n`);
    return 1;
  }
}

if (require.main === module) process.exit(main());
