import { fieldPath } from '../validation/finding';

/** A step into a value: an object field or map key (string), or a list index (number). */
export type Segment = string | number;

/** Map keys such as `nvidia.com/gpu` or `app.kubernetes.io/name` print in brackets, as kubectl does. */
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * kubectl's notation for a path: `spec.workerGroupSpecs[0].template`, with keys that are not
 * plain names in brackets (`resources.limits[nvidia.com/gpu]`) so the path stays unambiguous.
 */
export function formatPath(segments: readonly Segment[]): string {
  let path = '';
  for (const segment of segments) {
    path = typeof segment === 'string' && !PLAIN_KEY.test(segment) ? `${path}[${segment}]` : fieldPath(path, segment);
  }
  return path;
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
