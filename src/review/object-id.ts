import { Json } from '../k8s/pod-templates';

/**
 * What makes two manifests the same live object: API group, kind, namespace and name (the API
 * version may change without replacing the object).
 */
export interface ObjectId {
  readonly group: string;
  readonly kind: string;
  /** Empty for cluster-scoped objects. */
  readonly namespace: string;
  readonly name: string;
}

/** The identity of a manifest; `generateName` stands in for objects named by the API server. */
export function objectId(obj: Json): ObjectId {
  const apiVersion = String(obj.apiVersion ?? '');
  return {
    group: apiVersion.includes('/') ? apiVersion.split('/')[0] : '',
    kind: String(obj.kind),
    namespace: String(obj.metadata?.namespace ?? ''),
    name: String(obj.metadata?.name ?? `${obj.metadata?.generateName ?? ''}*`),
  };
}

/** A map key for an identity. */
export function idKey(id: ObjectId): string {
  return [id.group, id.kind, id.namespace, id.name].join('|');
}

/** `RayService ray/text-service`, `Namespace ray`. */
export function describeId(id: ObjectId): string {
  return `${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
}

/** Report order: kind, then namespace, then name, then group. */
export function compareIds(a: ObjectId, b: ObjectId): number {
  return compareStrings(a.kind, b.kind) || compareStrings(a.namespace, b.namespace) || compareStrings(a.name, b.name) || compareStrings(a.group, b.group);
}

/** Code-point order, independent of the locale, so reports are byte-for-byte stable. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
