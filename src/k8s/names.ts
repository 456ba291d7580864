/**
 * Kubernetes and KubeRay name rules and limits, stated once: the predicates of k8s.io/apimachinery
 * `pkg/util/validation` (https://github.com/kubernetes/apimachinery/blob/master/pkg/util/validation/validation.go)
 * and the name lengths KubeRay derives its pod and service names from. Messages are written by
 * the callers, which know what the name is for.
 */

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Name part of a qualified name and a non-empty label value: alphanumeric ends, `-_.` inside. */
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Longest DNS label, label value and qualified-name part (`DNS1123LabelMaxLength`). */
export const LABEL_MAX_LENGTH = 63;
/** Longest DNS-1123 subdomain, and so the longest name of most kinds (`DNS1123SubdomainMaxLength`). */
export const SUBDOMAIN_MAX_LENGTH = 253;
/** Random characters the API server appends to `metadata.generateName`. */
export const GENERATE_NAME_SUFFIX_LENGTH = 5;

/** The three custom resource kinds of KubeRay's `ray.io/v1` API. */
export type RayKind = 'RayCluster' | 'RayJob' | 'RayService';

/**
 * Longest `metadata.name` per KubeRay kind. KubeRay derives pod and service names from it; a
 * RayJob or RayService leaves 6 characters (`-` and 5 random ones) for the RayCluster it creates.
 * Source: ray-operator `utils.MaxRayClusterNameLength`, `MaxRayJobNameLength`, `MaxRayServiceNameLength`
 * (https://github.com/ray-project/kuberay/blob/v1.7.0/ray-operator/controllers/ray/utils/constant.go).
 */
export const KUBERAY_MAX_NAME_LENGTH: Readonly<Record<RayKind, number>> = {
  RayCluster: 53,
  RayJob: 47,
  RayService: 47,
};

/** Lowercase letters, digits and '-', starting with a letter, ending alphanumeric, at most 63. */
export function isDns1035Label(value: string): boolean {
  return value.length <= LABEL_MAX_LENGTH && DNS_1035_LABEL.test(value);
}

/** What {@link isDns1123Label} accepts, in words for messages (after "must be" or "expected"). */
export const DNS_1123_LABEL_FORM = 'a DNS-1123 label: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit';

/** Like a DNS-1035 label but may start with a digit. */
export function isDns1123Label(value: string): boolean {
  return value.length <= LABEL_MAX_LENGTH && DNS_1123_LABEL.test(value);
}

/** DNS-1123 labels joined by '.', at most 253 characters (the name of most kinds). */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= SUBDOMAIN_MAX_LENGTH && DNS_1123_SUBDOMAIN.test(value);
}

/** The name part of a qualified name (label or annotation key without its prefix). */
export function isQualifiedNamePart(value: string): boolean {
  return value.length <= LABEL_MAX_LENGTH && QUALIFIED_NAME_PART.test(value);
}

/** A label key: `[prefix/]name`, prefix a DNS-1123 subdomain (<= 253), name <= 63. */
export function isQualifiedName(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  if (prefix !== undefined && !isDns1123Subdomain(prefix)) return false;
  return isQualifiedNamePart(name);
}

/** What {@link isQualifiedNamePart} (and a non-empty {@link isLabelValue}) accepts, in words for messages. */
export const QUALIFIED_NAME_PART_FORM = 'at most 63 letters, digits, "-", "_" and ".", starting and ending with a letter or digit';

/** A label value: empty, or up to 63 characters shaped like a qualified name's name part. */
export function isLabelValue(value: string): boolean {
  return value === '' || isQualifiedNamePart(value);
}
