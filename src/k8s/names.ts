/**
 * The Kubernetes name rules KubeRay applies (k8s.io/apimachinery `util/validation`), as
 * predicates. Messages are written by the rules, which know what the name is for.
 */

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Name part of a qualified name and a non-empty label value: alphanumeric ends, `-_.` inside. */
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const LABEL_MAX = 63;
const SUBDOMAIN_MAX = 253;

/** Lowercase letters, digits and '-', starting with a letter, ending alphanumeric, at most 63. */
export function isDns1035Label(value: string): boolean {
  return value.length <= LABEL_MAX && DNS_1035_LABEL.test(value);
}

/** Like a DNS-1035 label but may start with a digit. */
export function isDns1123Label(value: string): boolean {
  return value.length <= LABEL_MAX && DNS_1123_LABEL.test(value);
}

/** A label key: `[prefix/]name`, prefix a DNS-1123 subdomain (<= 253), name <= 63. */
export function isQualifiedName(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  if (prefix !== undefined && !(prefix.length <= SUBDOMAIN_MAX && DNS_1123_SUBDOMAIN.test(prefix))) return false;
  return name.length <= LABEL_MAX && QUALIFIED_NAME_PART.test(name);
}

/** A label value: empty, or up to 63 characters shaped like a qualified name's name part. */
export function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= LABEL_MAX && QUALIFIED_NAME_PART.test(value));
}
