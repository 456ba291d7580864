import { parse } from 'yaml';

/** Path segment under a string field that holds YAML (`serveConfigV2`, an Argo `manifest`). */
export const EMBEDDED_YAML = '(yaml)';

/**
 * Fields that name the items of Kubernetes lists (containers, env, ports, worker groups, Serve
 * applications, ...), in order of preference. A list is keyed by the first field that every
 * item has, as a string or number, with no duplicates.
 */
const LIST_KEYS = ['name', 'groupName', 'mountPath', 'containerPort', 'key'] as const;

/**
 * A manifest shaped for a structural diff that a person can read:
 * - lists of named items become maps keyed `[name=ray-head]`, so inserting a container or a
 *   worker group shows as one added item, not as every later item changed;
 * - multi-line strings that parse as a YAML mapping or list (Serve configs, manifests of Argo
 *   `resource` steps) become that structure under `(yaml)`, so a changed Serve deployment shows
 *   as its one changed field, not as a changed block of text.
 */
export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    const key = listKey(value);
    return key ? Object.fromEntries(value.map((item) => [`[${key}=${item[key]}]`, normalize(item)])) : value.map(normalize);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  if (typeof value === 'string' && value.includes('\n')) {
    const parsed = parseYaml(value);
    if (parsed !== null && typeof parsed === 'object') return { [EMBEDDED_YAML]: normalize(parsed) };
  }
  return value;
}

function listKey(items: unknown[]): string | undefined {
  if (items.length === 0 || !items.every((i) => i !== null && typeof i === 'object' && !Array.isArray(i))) return undefined;
  const records = items as Record<string, unknown>[];
  return LIST_KEYS.find((key) => {
    const values = records.map((r) => r[key]);
    return values.every((v) => typeof v === 'string' || typeof v === 'number') && new Set(values).size === values.length;
  });
}

function parseYaml(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined; // not YAML: diffed as text
  }
}

/** One step of a path in a normalized manifest. */
export type Segment = string | number;

/**
 * kubectl's notation, with list items by key and keys that are not identifiers quoted:
 * `spec.workerGroupSpecs[groupName=gpu].template.spec.containers[name=ray-worker].resources.limits["nvidia.com/gpu"]`,
 * `spec.serveConfigV2(yaml).applications[name=embeddings].route_prefix`.
 */
export function formatPath(segments: readonly Segment[]): string {
  return segments.reduce<string>((out, s) => {
    if (typeof s === 'number') return `${out}[${s}]`;
    if (s === EMBEDDED_YAML || /^\[[A-Za-z]+=.*\]$/.test(s)) return `${out}${s}`;
    if (/^[A-Za-z0-9_-]+$/.test(s)) return out === '' ? s : `${out}.${s}`;
    return `${out}[${JSON.stringify(s)}]`;
  }, '');
}
