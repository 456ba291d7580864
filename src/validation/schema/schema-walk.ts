import type { Finding } from '../finding';
import type { CelRules, UnevaluatedRule } from './cel-rules';
import { formatPath, type Segment } from '../../k8s/field-path';
import { holdsBelow, type K8sSchema } from './k8s-schema';
import { show } from './messages';

/** What the walk needs besides the value: rule evaluation and embedded ObjectMeta checks. */
export interface WalkContext {
  readonly kind: string;
  readonly cel: CelRules;
  /** Checks the `metadata` of an `x-kubernetes-embedded-resource` at `prefix`. */
  readonly embeddedMeta: (meta: unknown, kind: string, prefix: readonly Segment[]) => Finding[];
  readonly unevaluated: (rule: UnevaluatedRule) => void;
}

/**
 * The checks that need a value and its schema node together, which ajv cannot express:
 * `x-kubernetes-validations` rules, unique keys of `x-kubernetes-list-type: map` lists, and
 * the ObjectMeta of embedded resources. Walks only where the value has the schema's type (a
 * wrong type is already ajv's finding).
 */
export function walkFindings(schema: K8sSchema, value: unknown, context: WalkContext): Finding[] {
  const findings: Finding[] = [];
  if (needsWalk(schema)) walk(schema, value, [], context, findings);
  return findings;
}

/** Whether a node itself has something to check (rules, map-list keys, embedded ObjectMeta). */
const checksAt = (node: K8sSchema) =>
  node['x-kubernetes-validations'] !== undefined || node['x-kubernetes-list-type'] === 'map' || node['x-kubernetes-embedded-resource'] === true;
/** Whether a node has something to check anywhere below it, by schema node (schemas never change). */
const checksBelow = new WeakMap<K8sSchema, boolean>();

/** Whether the walk must visit `node`: a subtree with nothing to check is passed over. */
function needsWalk(node: K8sSchema | undefined): node is K8sSchema {
  return node !== undefined && (checksAt(node) || holdsBelow(node, checksAt, checksBelow));
}

/** The children of an object node the walk visits: each named field's node, `null` where it needs no visit, and the map values' node if they need one. */
interface WalkedFields {
  readonly named: ReadonlyMap<string, K8sSchema | null>;
  readonly additional: K8sSchema | undefined;
}

/** {@link WalkedFields} by schema node, worked out once per node (schemas never change). */
const walkedFieldsOf = new WeakMap<K8sSchema, WalkedFields>();

function walkedFields(schema: K8sSchema): WalkedFields {
  let fields = walkedFieldsOf.get(schema);
  if (!fields) {
    const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    fields = {
      named: new Map(Object.entries(schema.properties ?? {}).map(([key, node]) => [key, needsWalk(node) ? node : null])),
      additional: needsWalk(additional) ? additional : undefined,
    };
    walkedFieldsOf.set(schema, fields);
  }
  return fields;
}

/** `at`: the segments to `value`, pushed and popped in place (copied wherever a finding keeps them). */
function walk(schema: K8sSchema, value: unknown, at: Segment[], context: WalkContext, findings: Finding[]): void {
  if (!hasSchemaType(schema, value)) return;
  const rules = schema['x-kubernetes-validations'];
  if (rules) {
    const outcomes = context.cel.evaluateAll(rules, value, schema);
    for (const [i, rule] of rules.entries()) {
      const outcome = outcomes[i];
      if (outcome.status === 'failed') {
        findings.push({ rule: 'crd-cel', path: formatPath([...at, ...ruleFieldPath(rule.fieldPath)]), message: outcome.message });
      } else if (outcome.status === 'unevaluated') {
        context.unevaluated({ kind: context.kind, rule: rule.rule, reason: outcome.reason });
      }
    }
  }
  if (Array.isArray(value)) {
    if (!schema.items) return;
    if (schema['x-kubernetes-list-type'] === 'map') findings.push(...duplicateKeys(schema, value, at));
    if (!needsWalk(schema.items)) return;
    for (let i = 0; i < value.length; i++) {
      at.push(i);
      walk(schema.items, value[i], at, context, findings);
      at.pop();
    }
  } else if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (schema['x-kubernetes-embedded-resource']) {
      findings.push(...context.embeddedMeta(obj.metadata, String(obj.kind ?? ''), [...at, 'metadata']));
    }
    const fields = walkedFields(schema);
    // for-in, which V8 reads values through faster than by key from Object.keys, less inherited keys: the same keys in the same order.
    for (const key in obj) {
      if (!Object.hasOwn(obj, key)) continue;
      const child = obj[key];
      if (child === undefined || child === null) continue; // nothing to check on no value
      // `childSchema`, less the nodes with nothing to check (a name `properties` inherits, such as `constructor`, is no map key there either)
      const named = fields.named.get(key);
      const childNode = named !== undefined ? named : fields.additional && !(schema.properties && key in schema.properties) ? fields.additional : null;
      // A scalar has nothing below it: only its own rules count.
      if (!childNode || (typeof child !== 'object' && !checksAt(childNode))) continue;
      at.push(key);
      walk(childNode, child, at, context, findings);
      at.pop();
    }
  }
}

function hasSchemaType(schema: K8sSchema, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (schema['x-kubernetes-int-or-string']) return typeof value === 'string' || Number.isInteger(value);
  switch (schema.type) {
    case 'object':
      return typeof value === 'object' && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case undefined:
      return true;
    default:
      return typeof value === schema.type;
  }
}

/**
 * Items of a map-type list must differ in their key fields; a key field left out counts as its
 * schema default (a port's `protocol` is `TCP`), as on the API server.
 */
function duplicateKeys(schema: K8sSchema, list: unknown[], at: Segment[]): Finding[] {
  if (list.length < 2) return [];
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  const defaults = keys.map((k) => schema.items?.properties?.[k]?.default);
  // Items are equal exactly when their key values are equal as JSON; a lone string key, the common case, is compared as it is.
  const seenStrings = new Map<string, number>();
  const seenJson = new Map<string, number>();
  const findings: Finding[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (item === null || typeof item !== 'object') continue;
    const values = keys.map((k, j) => (item as Record<string, unknown>)[k] ?? defaults[j]);
    const lone = values.length === 1 && typeof values[0] === 'string' ? values[0] : undefined;
    const seen = lone !== undefined ? seenStrings : seenJson;
    const identity = lone ?? JSON.stringify(values);
    const first = seen.get(identity);
    if (first === undefined) {
      seen.set(identity, i);
      continue;
    }
    const described = keys.map((k, j) => `${k}=${show(values[j])}`).join(', ');
    findings.push({
      rule: 'crd-schema',
      path: formatPath([...at, i]),
      message: `duplicate entry: item [${first}] has the same key (${described}); items of this list must have unique ${keys.join('/')}`,
    });
  }
  return findings;
}

/** The segments of a rule's `fieldPath` (`.spec.foo`, `.labels['app']`, `.items[0]`). */
function ruleFieldPath(path: string | undefined): Segment[] {
  if (!path) return [];
  const segments: Segment[] = [];
  for (const match of path.matchAll(/\.([^.[]+)|\[(\d+)\]|\['([^']*)'\]/g)) {
    segments.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : match[3]));
  }
  return segments;
}
