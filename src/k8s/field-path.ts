/**
 * Field paths inside a Kubernetes object, in one notation: kubectl's
 * (`spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits[nvidia.com/gpu]`):
 * fields joined by `.`, list indexes as `[0]`, and map keys that are not plain names
 * (`nvidia.com/gpu`, `app.kubernetes.io/name`) in brackets so the path stays unambiguous.
 * Every finding's `path` is written by `fieldPath` or `formatPath`.
 */

/** A step into a value: an object field or map key (string), or a list index (number). */
export type Segment = string | number;

/** A key that prints after a `.`; any other key prints in brackets. */
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `path` extended by one segment. */
function step(path: string, segment: Segment): string {
  if (typeof segment === 'number' || !PLAIN_KEY.test(segment)) return `${path}[${segment}]`;
  return path === '' ? segment : `${path}.${segment}`;
}

/** The path of `segments` from the object's root: `['spec', 'groups', 0]` → `spec.groups[0]`. */
export function formatPath(segments: readonly Segment[]): string {
  return segments.reduce<string>(step, '');
}

/**
 * The path of a field of a manifest embedded as a YAML string (an Argo `resource.manifest`):
 * the string's path, the embedded object's kind in parentheses, then the path inside it:
 * `embeddedPath('spec.templates[0].resource.manifest', 'RayJob', 'spec.entrypoint')` →
 * `spec.templates[0].resource.manifest(RayJob).spec.entrypoint`.
 */
export function embeddedPath(path: string, kind: string, inner: string): string {
  return inner === '' ? `${path}(${kind})` : `${path}(${kind})${inner.startsWith('[') ? '' : '.'}${inner}`;
}

/**
 * The segments of a path in this notation, the inverse of `formatPath`:
 * `spec.groups[0].limits[nvidia.com/gpu]` → `['spec', 'groups', 0, 'limits', 'nvidia.com/gpu']`.
 * A bracketed run of digits is a list index (a map key that is all digits prints the same way;
 * readers of a document tell them apart by what they find there). An embedded manifest's kind
 * (`manifest(RayJob)`, `embeddedPath`) is not a step: the path goes on inside the string.
 */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  for (const [, plain, bracketed] of path.matchAll(/\.?([^.[\]()]+)|\[([^\]]*)\]|\([^)]*\)/g)) {
    if (plain !== undefined) segments.push(plain);
    else if (bracketed !== undefined) segments.push(/^\d+$/.test(bracketed) ? Number(bracketed) : bracketed);
  }
  return segments;
}

/**
 * `path` (already in this notation; `''` for the root) extended by `segments`:
 * `fieldPath('spec.template.spec', 'containers', 0)` → `spec.template.spec.containers[0]`,
 * `fieldPath(container, 'resources', 'limits', 'nvidia.com/gpu')` → `….resources.limits[nvidia.com/gpu]`.
 */
export function fieldPath(path: Segment, ...segments: Segment[]): string {
  return segments.reduce<string>(step, typeof path === 'number' ? `[${path}]` : path);
}

/**
 * The segments of a JSON pointer (`/spec/groups/0/name`, as ajv reports it), with list indexes
 * as numbers; `data` tells a list index from a map key that happens to be numeric.
 */
export function pointerSegments(pointer: string, data: unknown): Segment[] {
  if (pointer === '') return [];
  const segments: Segment[] = [];
  let value = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(value) ? Number(key) : key;
    segments.push(segment);
    value = value === null || typeof value !== 'object' ? undefined : (value as Record<Segment, unknown>)[segment];
  }
  return segments;
}

/** The value at `segments` inside `data`, or `undefined`. */
export function valueAt(data: unknown, segments: readonly Segment[]): unknown {
  let value = data;
  for (const segment of segments) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<Segment, unknown>)[segment];
  }
  return value;
}
