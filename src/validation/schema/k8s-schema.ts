/**
 * A Kubernetes structural schema node (the OpenAPI v3 subset with Kubernetes extensions that
 * CRDs use), as found under `spec.versions[].schema.openAPIV3Schema`.
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema
 */
export interface K8sSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  readonly description?: string;
  readonly properties?: Readonly<Record<string, K8sSchema>>;
  readonly additionalProperties?: K8sSchema | boolean;
  readonly items?: K8sSchema;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly pattern?: string;
  readonly default?: unknown;
  readonly nullable?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly anyOf?: readonly K8sSchema[];
  readonly oneOf?: readonly K8sSchema[];
  readonly allOf?: readonly K8sSchema[];
  readonly not?: K8sSchema;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: 'atomic' | 'granular';
  readonly 'x-kubernetes-validations'?: readonly ValidationRule[];
}

/** One `x-kubernetes-validations` entry. */
export interface ValidationRule {
  /** The CEL expression; `self` is the value at the schema node, `oldSelf` the previous one. */
  readonly rule: string;
  readonly message?: string;
  /** A CEL expression producing the message; used instead of `message` when it evaluates. */
  readonly messageExpression?: string;
  /** Where to report the failure, relative to the node (`.spec.foo`); default: the node itself. */
  readonly fieldPath?: string;
  readonly reason?: string;
  /** Whether a transition rule also runs when there is no old object. */
  readonly optionalOldSelf?: boolean;
}

/**
 * Whether `test` holds for a node strictly below `schema` (a named field, the map values or the
 * list items, however deep), answered from `memo`: one map per question, keyed by schema node,
 * which is safe as schemas are never changed once parsed. Junctor branches (`anyOf`, ...) are
 * not below a node here, as the walks that ask never go into them.
 */
export function holdsBelow(schema: K8sSchema, test: (node: K8sSchema) => boolean, memo: WeakMap<K8sSchema, boolean>): boolean {
  let found = memo.get(schema);
  if (found === undefined) {
    const holdsAt = (node: K8sSchema | undefined) => node !== undefined && (test(node) || holdsBelow(node, test, memo));
    const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    found = holdsAt(schema.items) || holdsAt(additional) || Object.values(schema.properties ?? {}).some(holdsAt);
    memo.set(schema, found);
  }
  return found;
}

/** The schema of a map's values or an object's named field, whichever applies to `key`. */
export function childSchema(schema: K8sSchema, key: string): K8sSchema | undefined {
  const named = schema.properties?.[key];
  if (named) return named;
  return typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}
