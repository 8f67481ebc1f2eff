import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchFigure } from './figure';

export type TargetOp = '>=' | '>' | '<=' | '<';

/** One line of bench/targets.json (its `$comment` says the format). */
export interface Target {
  stage: string;
  figure: string;
  op: TargetOp;
  /** A fixed bound… */
  value?: number;
  /** …or `times` × the figure `of`, measured in the same run. */
  times?: number;
  of?: string;
  /** A same-run figure printed beside this one. */
  baseline?: string;
  what: string;
}

export type Verdict = 'met' | 'missed' | 'missing';

export interface TargetCheck {
  target: Target;
  verdict: Verdict;
  measured?: number;
  /** The bound this run compared with (for `times`/`of`: times × of's value). */
  bound?: number;
  baseline?: { name: string; value?: number };
  /** Why a figure is missing: which name the stage did not produce. */
  missing?: string;
}

export const targetsFile = join(__dirname, '..', '..', 'bench', 'targets.json');

export function loadTargets(file = targetsFile): Target[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { targets?: Target[] };
  if (!Array.isArray(parsed.targets)) throw new Error(`${file}: no "targets" array`);
  for (const target of parsed.targets) {
    const fixed = typeof target.value === 'number';
    const relative = typeof target.times === 'number' && typeof target.of === 'string';
    if (!target.stage || !target.figure || !['>=', '>', '<=', '<'].includes(target.op) || fixed === relative) {
      throw new Error(`${file}: target ${JSON.stringify(target)} needs stage, figure, op (>=, >, <=, <) and either value or times + of`);
    }
  }
  return parsed.targets;
}

/** Each target of a stage that ran, against this run's figures; a figure not produced is `missing`, never a pass. */
export function checkTargets(targets: Target[], figures: BenchFigure[], stagesRun: string[]): TargetCheck[] {
  const byName = new Map(figures.map((figure) => [figure.name, figure.value]));
  return targets.filter((target) => stagesRun.includes(target.stage)).map((target) => {
    const measured = byName.get(target.figure);
    const baselineName = target.baseline ?? target.of;
    const baseline = baselineName ? { name: baselineName, value: byName.get(baselineName) } : undefined;
    const bound = target.value ?? (target.of !== undefined && byName.has(target.of) ? target.times! * byName.get(target.of)! : undefined);
    if (measured === undefined) return { target, verdict: 'missing', baseline, bound, missing: target.figure };
    if (bound === undefined) return { target, verdict: 'missing', measured, baseline, missing: target.of };
    return { target, verdict: compare(measured, target.op, bound) ? 'met' : 'missed', measured, bound, baseline };
  });
}

function compare(measured: number, op: TargetOp, bound: number): boolean {
  switch (op) {
    case '>=': return measured >= bound;
    case '>': return measured > bound;
    case '<=': return measured <= bound;
    case '<': return measured < bound;
  }
}

/** "≥ 150,000" or "≥ 0.5 × kafka_perf_test.msgs_per_s (= 62,893)". */
export function describeBound(check: TargetCheck): string {
  const { target } = check;
  const op = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' }[target.op];
  if (target.value !== undefined) return `${op} ${formatValue(target.value)}`;
  return `${op} ${target.times} × ${target.of}${check.bound !== undefined ? ` (= ${formatValue(check.bound)})` : ''}`;
}

export function formatValue(value: number): string {
  return Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : Number(value.toFixed(2)).toString();
}
