import { childSchema, holdsBelow, type K8sSchema } from './k8s-schema';

/**
 * The object as the API server stores it, before it validates it: `value` after the two
 * structural-schema steps the server runs after decoding a custom resource
 * (`k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting`):
 *
 * 1. `PruneNonNullableNullsWithoutDefaults`: an object field (or map value) that is `null`, whose
 *    schema is not `nullable` and has no `default`, is dropped (so a pod template's
 *    `metadata:` left empty is accepted as no metadata);
 * 2. `Default`: a field that is missing, or `null` while not `nullable`, takes its schema's
 *    `default` (deep-copied), then defaulting goes on inside it; list items that are `null` while
 *    not `nullable` take the items' `default`.
 *
 * So a field the CRD marks `required` but also defaults (a worker group's `minReplicas` and
 * `maxReplicas` in KubeRay's CRDs) is never missing. Unknown fields are kept: strict field
 * validation reports them. The input is not changed: an object or list that either step changes
 * is copied (shallowly, with its changed children), the rest is shared with the input, so
 * neither may be changed afterwards.
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#defaulting-and-nullable
 */
export function serverDefaulted(schema: K8sSchema, value: unknown): unknown {
  return defaulted(value, schema, true);
}

function isNonNullableNull(value: unknown, schema: K8sSchema | undefined): schema is K8sSchema {
  return value === null && schema !== undefined && !schema.nullable;
}

/** The properties of each schema node that have a `default`, found once per node (schemas are shared and never change). */
const defaultedProperties = new WeakMap<K8sSchema, readonly (readonly [string, K8sSchema])[]>();

function propertiesWithDefaults(schema: K8sSchema): readonly (readonly [string, K8sSchema])[] {
  let found = defaultedProperties.get(schema);
  if (!found) {
    found = Object.entries(schema.properties ?? {}).filter(([, node]) => node.default !== undefined);
    defaultedProperties.set(schema, found);
  }
  return found;
}

/** Whether a node has a `default` anywhere below it, by schema node (schemas never change). */
const defaultsBelow = new WeakMap<K8sSchema, boolean>();
const hasDefault = (node: K8sSchema) => node.default !== undefined;

/** Whether the object or list `value` holds a `null` anywhere: a walk without schema lookups, cheaper than pruning one that has none. */
function containsNull(value: object): boolean {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null || (typeof item === 'object' && containsNull(item))) return true;
    }
    return false;
  }
  const obj = value as Record<string, unknown>;
  // for-in less inherited keys, as `defaulted` reads them.
  for (const key in obj) {
    if (!Object.hasOwn(obj, key)) continue;
    const child = obj[key];
    if (child === null || (typeof child === 'object' && containsNull(child))) return true;
  }
  return false;
}

/** A fresh copy of a schema default (a scalar is its own copy). */
function copyOf(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

/**
 * `value` pruned (where `prune`: the input's own values; a default put in is not pruned, as
 * on the server, which prunes before it defaults) and defaulted, in one walk; `value` itself
 * where neither step changes anything inside it. Only objects and lists can change, and a
 * subtree without defaults only by pruning a `null`, so scalars are passed over and a subtree
 * without defaults is walked with its schema only when it is pruned and holds a `null`.
 */
function defaulted(value: unknown, schema: K8sSchema | undefined, prune: boolean): unknown {
  if (!schema || value === null || typeof value !== 'object') return value;
  // Without a default below, only pruning a `null` can change the subtree, and most have none.
  if (!holdsBelow(schema, hasDefault, defaultsBelow) && (!prune || !containsNull(value))) return value;
  if (Array.isArray(value)) {
    const items = schema.items;
    if (!items) return value;
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item !== 'object') continue;
      const next =
        isNonNullableNull(item, items) && items.default !== undefined
          ? defaulted(copyOf(items.default), items, false)
          : defaulted(item, items, prune);
      if (next !== item) (copy ??= [...value])[i] = next;
    }
    return copy ?? value;
  }
  const obj = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  // Keys that take a default: fresh copies, defaulted inside below but not pruned.
  let fresh: string[] | undefined;
  for (const [key, node] of propertiesWithDefaults(schema)) {
    const current = copy ?? obj;
    if (!(key in current) || isNonNullableNull(current[key], node)) {
      (copy ??= { ...obj })[key] = copyOf(node.default);
      (fresh ??= []).push(key);
    }
  }
  const current = copy ?? obj;
  // for-in, which V8 reads values through faster than by key from Object.keys, less inherited keys: the same keys in the same order.
  for (const key in current) {
    if (!Object.hasOwn(current, key)) continue;
    const child = current[key]; // the same in `copy`, where only keys already passed have changed
    if (child !== null && typeof child !== 'object') continue;
    const node = childSchema(schema, key);
    if (!node) continue;
    // Pruned in this walk, not in a pass before defaulting as on the server: the same, as a pruned field has no default.
    if (prune && child === null && !node.nullable && node.default === undefined) {
      delete (copy ??= { ...current })[key];
      continue;
    }
    const next =
      isNonNullableNull(child, node) && node.default !== undefined
        ? defaulted(copyOf(node.default), node, false)
        : defaulted(child, node, prune && !fresh?.includes(key));
    if (next !== child) (copy ??= { ...current })[key] = next;
  }
  return copy ?? current;
}
