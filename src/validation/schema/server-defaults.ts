import { childSchema, type K8sSchema } from './k8s-schema';

/**
 * The object as the API server stores it, before it validates it: a deep copy of `value` with
 * the two structural-schema steps the server runs after decoding a custom resource
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
 * validation reports them. The input is not changed.
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#defaulting-and-nullable
 */
export function serverDefaulted(schema: K8sSchema, value: unknown): unknown {
  const copy = structuredClone(value);
  pruneNulls(copy, schema);
  applyDefaults(copy, schema);
  return copy;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function pruneNulls(value: unknown, schema: K8sSchema | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    for (const item of value) pruneNulls(item, schema.items);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const node = childSchema(schema, key);
      if (child === null && node && !node.nullable && node.default === undefined) delete value[key];
      else pruneNulls(child, node);
    }
  }
}

function isNonNullableNull(value: unknown, schema: K8sSchema | undefined): schema is K8sSchema {
  return value === null && schema !== undefined && !schema.nullable;
}

/** The properties of each schema node that have a `default`, found once per node (schemas are shared and never change). */
const defaulted = new WeakMap<K8sSchema, readonly (readonly [string, K8sSchema])[]>();

function defaultedProperties(schema: K8sSchema): readonly (readonly [string, K8sSchema])[] {
  let found = defaulted.get(schema);
  if (!found) {
    found = Object.entries(schema.properties ?? {}).filter(([, node]) => node.default !== undefined);
    defaulted.set(schema, found);
  }
  return found;
}

function applyDefaults(value: unknown, schema: K8sSchema | undefined): void {
  if (!schema) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (isNonNullableNull(item, schema.items) && schema.items.default !== undefined) value[i] = structuredClone(schema.items.default);
      applyDefaults(value[i], schema.items);
    });
  } else if (isObject(value)) {
    for (const [key, node] of defaultedProperties(schema)) {
      if (!(key in value) || isNonNullableNull(value[key], node)) value[key] = structuredClone(node.default);
    }
    for (const [key, child] of Object.entries(value)) {
      const node = childSchema(schema, key);
      if (isNonNullableNull(child, node) && node.default !== undefined) value[key] = structuredClone(node.default);
      applyDefaults(value[key], node);
    }
  }
}
