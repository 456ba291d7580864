import { nearestName } from '../../k8s/nearest-name';

/**
 * The wording shared by every schema check, so a user reads the same sentence for the same
 * mistake whether a CRD or a core kind caught it.
 */

/** The pattern KubeRay/Argo CRDs give `resource.Quantity` fields (Kubernetes' own grammar). */
export const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

const QUANTITY = new RegExp(QUANTITY_PATTERN);

/** Whether `value` is a valid Kubernetes quantity (a number, or a string in the grammar above). */
export function isQuantity(value: unknown): boolean {
  return typeof value === 'number' ? Number.isFinite(value) : typeof value === 'string' && QUANTITY.test(value);
}

export function quantityMessage(value: unknown): string {
  return `must be a Kubernetes quantity such as 500m, 2 or 2Gi (got ${show(value)})`;
}

export function patternMessage(pattern: string, value: unknown): string {
  if (pattern === QUANTITY_PATTERN) return quantityMessage(value);
  return `must match pattern ${pattern} (got ${show(value)})`;
}

/** `unknown field "replicass" (did you mean "replicas"? allowed: groupName, replicas, ...)`. */
export function unknownFieldMessage(name: string, allowed: readonly string[]): string {
  const sorted = [...allowed].sort();
  const guess = nearestName(name, sorted);
  const hint = guess ? `did you mean "${guess}"? ` : '';
  return sorted.length === 0
    ? `unknown field "${name}" (this object takes no fields)`
    : `unknown field "${name}" (${hint}allowed: ${sorted.join(', ')})`;
}

/** A short rendering of a value for "got ..." (long strings and objects are abbreviated). */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}
