import { diffLines } from 'diff';
import microdiff from 'microdiff';
import { compareStrings } from '../object-id';
import { Segment, formatPath, normalize } from './normalize';

/** One line of a changed multi-line string. */
export interface LineChange {
  readonly op: '-' | '+';
  readonly text: string;
}

/** One changed leaf of an object. */
export interface FieldChange {
  /** `spec.rayClusterConfig.workerGroupSpecs[groupName=gpu-workers].maxReplicas` */
  readonly path: string;
  readonly segments: readonly Segment[];
  /** The old value; `undefined` when the field was added. */
  readonly before?: unknown;
  /** The new value; `undefined` when the field was removed. */
  readonly after?: unknown;
  /** For a multi-line string changed in place: its removed and added lines. */
  readonly lines?: readonly LineChange[];
}

/**
 * Field-level differences of two manifests (normalized first, see `normalize`), one entry per
 * changed leaf, sorted by path. An added or removed subtree is listed leaf by leaf so that every
 * line of a report names one field and one value.
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const a = normalize(before);
  const b = normalize(after);
  if (!isContainer(a) || !isContainer(b)) return leafChange([], a, b);
  return microdiff(a, b)
    .flatMap((d) => {
      const path = d.path as Segment[];
      if (d.type === 'CREATE') return leaves(path, d.value).map(([p, v]) => change(p, undefined, v));
      if (d.type === 'REMOVE') return leaves(path, d.oldValue).map(([p, v]) => change(p, v, undefined));
      return leafChange(path, d.oldValue, d.value);
    })
    .sort((x, y) => compareSegments(x.segments, y.segments));
}

function leafChange(path: Segment[], before: unknown, after: unknown): FieldChange[] {
  if (isContainer(before) || isContainer(after)) {
    // A value changed shape (a string became a mapping): old leaves out, new leaves in.
    return [
      ...leaves(path, before).map(([p, v]) => change(p, v, undefined)),
      ...leaves(path, after).map(([p, v]) => change(p, undefined, v)),
    ];
  }
  if (typeof before === 'string' && typeof after === 'string' && (before.includes('\n') || after.includes('\n'))) {
    const lines = diffLines(before, after).flatMap((part) =>
      part.added || part.removed
        ? part.value.replace(/\n$/, '').split('\n').map((text) => ({ op: part.added ? ('+' as const) : ('-' as const), text }))
        : [],
    );
    return [{ ...change(path, before, after), lines }];
  }
  return [change(path, before, after)];
}

function change(segments: Segment[], before: unknown, after: unknown): FieldChange {
  return { path: formatPath(segments), segments, before, after };
}

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return v !== null && typeof v === 'object';
}

/** Every leaf below a value; an empty mapping or list is a leaf of its own. */
function leaves(path: Segment[], value: unknown): [Segment[], unknown][] {
  if (!isContainer(value)) return [[path, value]];
  const entries: [Segment, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  if (entries.length === 0) return [[path, value]];
  return entries.flatMap(([k, v]) => leaves([...path, k], v));
}

/** Path order: segment by segment, list indices numerically, keys by code point. */
export function compareSegments(a: readonly Segment[], b: readonly Segment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return compareStrings(String(x), String(y));
  }
  return a.length - b.length;
}
