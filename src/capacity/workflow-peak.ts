import { Json } from '../k8s/pod-templates';

/** Beyond this many tasks in one DAG, the peak is the plain sum (an upper bound). */
const EXACT_DAG_TASKS = 16;

/**
 * The peak of an additive figure (GPUs, pods) over one run of an Argo workflow, walking the
 * templates from the entrypoint:
 * - a template that runs something (container, script, resource) counts `leaf(name)`;
 * - `steps`: the groups run one after another, the steps of a group together, so the largest
 *   group sum;
 * - `dag`: tasks run together unless one depends, directly or not, on the other, so the
 *   heaviest set of mutually independent tasks (exact up to 16 tasks, their sum beyond);
 * - a fan-out multiplies a task: `withItems` by its items, `withSequence` by its count;
 *   `withParam` counts once (its length is known only at run time);
 * - `parallelism` (of a template or the workflow) caps the children running at once.
 * A template reached again from inside itself (recursion) counts 0.
 */
export function workflowPeak(wf: Json, leaf: (template: string) => number): number {
  const templates = templatesByName(wf);
  const peak = (name: string, stack: readonly string[]): number => {
    const t = templates.get(name);
    if (!t || stack.includes(name)) return 0;
    const inner = [...stack, name];
    const child = (ref: Json): number => (typeof ref.template === 'string' ? peak(ref.template, inner) : 0);
    if (t.dag) return capped(t.parallelism, dagPeak((t.dag.tasks ?? []) as Json[], child), (t.dag.tasks ?? []).map(child));
    if (t.steps) {
      const groups = (t.steps as Json[][]).map((group) => (Array.isArray(group) ? group : []));
      const groupSums = groups.map((group) => group.reduce((sum, step) => sum + child(step) * fanOut(step), 0));
      return capped(t.parallelism, Math.max(0, ...groupSums), groups.flat().map(child));
    }
    return leaf(name);
  };
  const entry = typeof wf.entrypoint === 'string' ? wf.entrypoint : undefined;
  if (!entry) return 0;
  return capped(wf.parallelism, peak(entry, []), [...templates.keys()].map(leaf));
}

/** With `parallelism` p, at most p children run at once: p times the largest one. */
function capped(parallelism: unknown, peak: number, childPeaks: number[]): number {
  if (typeof parallelism !== 'number' || parallelism <= 0) return peak;
  return Math.min(peak, parallelism * Math.max(0, ...childPeaks));
}

function fanOut(task: Json): number {
  if (Array.isArray(task.withItems)) return task.withItems.length;
  const seq = task.withSequence;
  if (seq) {
    if (seq.count !== undefined) return Number(seq.count);
    return Math.abs(Number(seq.end ?? 0) - Number(seq.start ?? 0)) + 1;
  }
  return 1;
}

/** The task names a DAG task waits for (`dependencies`, or the names in a `depends` expression). */
function upstream(task: Json, names: Set<string>): string[] {
  const listed: string[] = Array.isArray(task.dependencies) ? task.dependencies : [];
  const fromDepends = typeof task.depends === 'string' ? task.depends.split(/[^A-Za-z0-9_.-]+/).map((s: string) => s.split('.')[0]) : [];
  return [...listed, ...fromDepends].filter((n) => names.has(n));
}

/**
 * Per workflow spec and per DAG task list, both parts of an object read back and never changed
 * after parsing: the peak of every pod figure (GPUs, CPU, memory; per set of pools) walks the
 * same workflow, so its shape is worked out once.
 */
const templateMaps = new WeakMap<Json, ReadonlyMap<string, Json>>();
const ancestorMasks = new WeakMap<Json[], readonly number[]>();

function templatesByName(wf: Json): ReadonlyMap<string, Json> {
  // A workflow spec that is not an object (the schema check reports it) has no templates to remember.
  if (typeof wf !== 'object' || wf === null) return new Map();
  let templates = templateMaps.get(wf);
  if (!templates) templateMaps.set(wf, (templates = new Map(((wf.templates ?? []) as Json[]).map((t) => [String(t.name), t]))));
  return templates;
}

function dagPeak(tasks: Json[], child: (ref: Json) => number): number {
  const weights = tasks.map((t) => child(t) * fanOut(t));
  if (tasks.length > EXACT_DAG_TASKS) return weights.reduce((a, b) => a + b, 0);
  let ancestors = ancestorMasks.get(tasks);
  if (!ancestors) ancestorMasks.set(tasks, (ancestors = ancestorsOf(tasks)));
  let best = 0;
  for (let set = 1; set < 1 << tasks.length; set++) {
    let weight = 0;
    let independent = true;
    for (let i = 0; i < tasks.length && independent; i++) {
      if (!(set & (1 << i))) continue;
      independent = (ancestors[i] & set) === 0;
      weight += weights[i];
    }
    if (independent) best = Math.max(best, weight);
  }
  return best;
}

/** Bit masks of every task each task waits for, directly or not. */
function ancestorsOf(tasks: Json[]): number[] {
  const names = new Set(tasks.map((t) => String(t.name)));
  const index = new Map(tasks.map((t, i) => [String(t.name), i]));
  const direct = tasks.map((t) => upstream(t, names).map((n) => index.get(n)!));
  const ancestors: number[] = tasks.map(() => -1);
  const maskOf = (i: number, seen: number): number => {
    if (ancestors[i] >= 0) return ancestors[i];
    if (seen & (1 << i)) return 0;
    const mask = direct[i].reduce((m, j) => m | (1 << j) | maskOf(j, seen | (1 << i)), 0);
    ancestors[i] = mask;
    return mask;
  };
  tasks.forEach((_, i) => maskOf(i, 0));
  return ancestors;
}
