import { arrayOrEmpty, Json, objectItems, objectOrUndefined } from '../k8s/json';

/** Beyond this many tasks in one DAG, the peak is the plain sum (an upper bound). */
const EXACT_DAG_TASKS = 16;

/** A child of a DAG or steps template: what it runs and how many copies a fan-out makes. */
interface Branch {
  readonly node: RunNode;
  readonly fanOut: number;
}

/** One template as the run reaches it, with its children already resolved. */
type RunNode =
  /** A template that runs nothing the peak counts: unknown, reached again inside itself, or a non-string reference. */
  | { readonly type: 'none' }
  /** A template that runs something (container, script, resource): counts `leaf(name)`. */
  | { readonly type: 'leaf'; readonly name: string }
  /** `ancestors[i]`: bit mask of the tasks task i waits for; absent beyond EXACT_DAG_TASKS (the sum). */
  | { readonly type: 'dag'; readonly parallelism: unknown; readonly tasks: readonly Branch[]; readonly ancestors?: readonly number[] }
  | { readonly type: 'steps'; readonly parallelism: unknown; readonly groups: readonly (readonly Branch[])[] };

/** One run of a workflow from its entrypoint, resolved once: the peak of any figure is then a walk of this tree. */
interface RunPlan {
  readonly parallelism: unknown;
  /** Absent without an entrypoint (the peak is 0). */
  readonly root?: RunNode;
  /** Every template name, each counted as a leaf for the workflow's `parallelism` cap. */
  readonly templates: readonly string[];
}

const NONE: RunNode = { type: 'none' };

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
  const plan = runPlan(wf);
  if (!plan.root) return 0;
  return capped(plan.parallelism, nodePeak(plan.root, leaf), plan.templates.map(leaf));
}

function nodePeak(node: RunNode, leaf: (template: string) => number): number {
  switch (node.type) {
    case 'none':
      return 0;
    case 'leaf':
      return leaf(node.name);
    case 'dag': {
      const childPeaks = node.tasks.map((task) => nodePeak(task.node, leaf));
      return capped(node.parallelism, dagPeak(node, childPeaks), childPeaks);
    }
    case 'steps': {
      const groupPeaks = node.groups.map((group) => group.map((step) => nodePeak(step.node, leaf)));
      const groupSums = groupPeaks.map((peaks, g) => peaks.reduce((sum, peak, i) => sum + peak * node.groups[g][i].fanOut, 0));
      return capped(node.parallelism, Math.max(0, ...groupSums), groupPeaks.flat());
    }
  }
}

/** With `parallelism` p, at most p children run at once: p times the largest one. */
function capped(parallelism: unknown, peak: number, childPeaks: number[]): number {
  if (typeof parallelism !== 'number' || parallelism <= 0) return peak;
  return Math.min(peak, parallelism * Math.max(0, ...childPeaks));
}

/**
 * Per workflow spec, read back and never changed after parsing: the peak of every pod figure
 * (GPUs, CPU, memory; per set of pools) walks the same run, so its templates are resolved once.
 */
const runPlans = new WeakMap<Json, RunPlan>();

function runPlan(wf: Json): RunPlan {
  // A workflow spec that is not an object (the schema check reports it) has nothing to run.
  if (typeof wf !== 'object' || wf === null) return { parallelism: undefined, templates: [] };
  let plan = runPlans.get(wf);
  if (!plan) runPlans.set(wf, (plan = planOf(wf)));
  return plan;
}

function planOf(wf: Json): RunPlan {
  // A step runs the last template of its name here, as the peak has always read it.
  const templates = new Map(objectItems(wf.templates).map(({ item: t }) => [String(t.name), t]));
  const node = (name: string, stack: readonly string[]): RunNode => {
    const t = templates.get(name);
    if (!t || stack.includes(name)) return NONE;
    const inner = [...stack, name];
    const branch = (ref: Json): Branch => ({ node: typeof ref.template === 'string' ? node(ref.template, inner) : NONE, fanOut: fanOut(ref) });
    if (t.dag) {
      const tasks = dagTasks(t.dag);
      return { type: 'dag', parallelism: t.parallelism, tasks: tasks.map(branch), ancestors: tasks.length > EXACT_DAG_TASKS ? undefined : ancestorsOf(tasks) };
    }
    if (t.steps) {
      const groups = arrayOrEmpty(t.steps).map((group) => objectItems(group).map(({ item }) => branch(item)));
      return { type: 'steps', parallelism: t.parallelism, groups };
    }
    return { type: 'leaf', name };
  };
  const entry = typeof wf.entrypoint === 'string' ? wf.entrypoint : undefined;
  return { parallelism: wf.parallelism, root: entry ? node(entry, []) : undefined, templates: [...templates.keys()] };
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
 * The tasks of a DAG template; a list of the wrong type reads as empty and items that are not
 * objects are left out (the schema check reports both).
 */
function dagTasks(dag: unknown): Json[] {
  return objectItems(objectOrUndefined(dag)?.tasks).map(({ item }) => item);
}

/** The heaviest set of tasks that can run together (the sum of all beyond EXACT_DAG_TASKS). */
function dagPeak(dag: Extract<RunNode, { type: 'dag' }>, childPeaks: readonly number[]): number {
  const weights = dag.tasks.map((task, i) => childPeaks[i] * task.fanOut);
  const ancestors = dag.ancestors;
  if (!ancestors) return weights.reduce((a, b) => a + b, 0);
  let best = 0;
  for (let set = 1; set < 1 << weights.length; set++) {
    let weight = 0;
    let independent = true;
    for (let i = 0; i < weights.length && independent; i++) {
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
