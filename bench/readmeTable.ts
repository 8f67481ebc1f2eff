import { BenchResults } from './results';
import { describeBound, formatValue, TargetCheck } from './targets';

/** The README's benchmark table: each target of the last run with its figure, verdict and same-run baseline. */
export function benchTable(results: BenchResults): string {
  const unit = new Map(results.figures.map((figure) => [figure.name, figure.unit]));
  const verdict = { met: 'met', missed: '**missed**', missing: 'not measured' };
  const rows = results.targets.map((check) => {
    const { target } = check;
    const measured = check.measured === undefined ? '—' : `${formatValue(check.measured)} ${unit.get(target.figure) ?? ''}`.trim();
    const baseline = !check.baseline ? '—'
      : check.baseline.value === undefined ? `\`${check.baseline.name}\` not measured`
      : `\`${check.baseline.name}\` ${formatValue(check.baseline.value)} ${unit.get(check.baseline.name) ?? ''}`.trim() + comparison(check, unit);
    return `| ${target.stage} | \`${target.figure}\` (${target.what}) | ${describeBound(check)} | ${measured} | ${baseline} | ${verdict[check.verdict]} |`;
  });
  return [
    `Last run: ${results.run.date.slice(0, 16).replace('T', ' ')} UTC on ${results.run.machine}; stages ${results.run.stages.join(', ')}.`,
    '',
    '| stage | figure | target | measured | baseline in the same run | verdict |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    ...untargetedFigures(results),
  ].join('\n');
}

/** The run's figures that no target names (consumer-group scaling, failover, each codec, CPU per message): the whole run, not only what is enforced. */
function untargetedFigures(results: BenchResults): string[] {
  const named = new Set(results.targets.flatMap(({ target }) => [target.figure, target.of, target.baseline]));
  const rows = results.figures.filter((figure) => !named.has(figure.name)).map((figure) => `| \`${figure.name}\` | ${formatValue(figure.value)} ${figure.unit} |`);
  return rows.length === 0 ? [] : ['', 'The same run\'s figures without a target:', '', '| figure | measured |', '| --- | --- |', ...rows];
}

/** " → 0.60 ×" where figure and baseline are the same kind of quantity; nothing for a ratio against milliseconds. */
function comparison(check: TargetCheck, unit: Map<string, string>): string {
  const [figureUnit, baselineUnit] = [unit.get(check.target.figure), unit.get(check.baseline!.name)];
  const comparable = check.measured !== undefined && check.baseline!.value !== 0 && figureUnit === baselineUnit && figureUnit !== 'ratio';
  return comparable ? ` → ${ratio(check.measured! / check.baseline!.value!)}` : '';
}

function ratio(value: number): string {
  return `${value >= 10 ? Math.round(value) : value.toFixed(2)} ×`;
}
