import { describeId } from '../../object-id';
import { FieldChange } from '../field-diff';
import { EnvironmentReport, EnvironmentStatus } from '../report';

/** A value as it appears in a report line: strings quoted, so `"1"` and `1` differ. */
export function formatValue(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? '[]' : JSON.stringify(value);
  if (value !== null && typeof value === 'object') return Object.keys(value).length === 0 ? '{}' : JSON.stringify(value);
  return String(value);
}

/** `4 → 6 (+2)`, or `4` when unchanged. */
export function beforeAfter(before: number, after: number): string {
  if (before === after) return String(before);
  const delta = after - before;
  return `${before} → ${after} (${delta > 0 ? '+' : ''}${delta})`;
}

/** `1 added, 2 changed`; `no changes`. */
export function objectCounts(env: EnvironmentReport): string {
  if (env.status === EnvironmentStatus.UNCHANGED) return 'no changes';
  const parts = [
    [env.added.length, 'added'],
    [env.removed.length, 'removed'],
    [env.renamed.length, 'renamed'],
    [env.changed.length, 'changed'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(', ');
}

/** What happened to the environment itself, when more than its objects changed. */
export function statusNote(env: EnvironmentReport): string {
  if (env.status === EnvironmentStatus.ADDED) return 'new environment';
  if (env.status === EnvironmentStatus.REMOVED) return 'environment removed';
  return '';
}

/** Extra GPUs all rollouts of an environment need at their peak, if they all happen at once. */
export function extraGpus(env: EnvironmentReport): number {
  return env.summary.rollouts.reduce((sum, r) => sum + r.extraGpusAtPeak, 0);
}

/**
 * The lines of one field change, in `diff` style: `~ path: old → new` in text, or a `-` and a
 * `+` line in Markdown (`split`), so GitHub colours them. Multi-line strings changed in place
 * list their changed lines below the path.
 */
export function fieldLines(f: FieldChange, split: boolean): string[] {
  if (f.lines) return [`~ ${f.path}:`, ...f.lines.map((l) => `${l.op}     ${l.text}`)];
  if (f.before === undefined) return [`+ ${f.path}: ${formatValue(f.after)}`];
  if (f.after === undefined) return [`- ${f.path}: ${formatValue(f.before)}`];
  if (split) return [`- ${f.path}: ${formatValue(f.before)}`, `+ ${f.path}: ${formatValue(f.after)}`];
  return [`~ ${f.path}: ${formatValue(f.before)} → ${formatValue(f.after)}`];
}

/** The summary of an environment as label/value pairs, in report order. */
export function summaryItems(env: EnvironmentReport, code: (s: string) => string): [string, string][] {
  const s = env.summary;
  const list = (items: readonly string[]) => (items.length === 0 ? 'none' : items.map(code).join(', '));
  const extra = extraGpus(env);
  return [
    ['GPUs at max scale', beforeAfter(s.before.gpus, s.after.gpus)],
    ...(s.gpusByAccelerator ?? []).map((g): [string, string] => [
      `${g.accelerator} GPUs at max scale`,
      `${beforeAfter(g.before, g.after)}; the pools hold ${g.capacity}` +
        (g.pools.length > 0 ? ` (${g.pools.map((p) => code(p.name)).join(', ')})` : '') +
        (g.after > g.capacity ? ` — ${g.after - g.capacity} more than the pools hold (see policy/pool-capacity)` : ''),
    ]),
    ['Ray worker pods at max scale', beforeAfter(s.before.rayWorkerPods, s.after.rayWorkerPods)],
    ['New public endpoints', list(s.newEndpoints)],
    ...(s.removedEndpoints.length > 0 ? [['Removed public endpoints', list(s.removedEndpoints)] as [string, string]] : []),
    ['Pods replaced', list(s.rollouts.filter((r) => r.replacesPods).map((r) => describeId(r.object)))],
    ['Extra GPUs while rolling out', extra === 0 ? 'none' : `up to ${extra} beside the ${s.before.gpus} in use before the change (peak ${s.before.gpus + extra})`],
  ];
}
