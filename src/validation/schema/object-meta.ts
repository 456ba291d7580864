import type { Finding } from '../finding';
import { fieldPath, formatPath, type Segment } from '../../k8s/field-path';
import { DNS_1123_LABEL_FORM, QUALIFIED_NAME_PART_FORM, isDns1035Label, isDns1123Label, isDns1123Subdomain, isLabelValue, isQualifiedNamePart } from '../../k8s/names';
import { show } from './messages';

const RULE = 'object-meta';

/** The API server's cap on all annotations of one object together. */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

type NameCheck = (name: string) => string | undefined;

const subdomain: NameCheck = (name) =>
  isDns1123Subdomain(name)
    ? undefined
    : 'must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit';
const label: NameCheck = (name) =>
  isDns1123Label(name)
    ? undefined
    : `must be ${DNS_1123_LABEL_FORM}`;
const dns1035: NameCheck = (name) =>
  isDns1035Label(name)
    ? undefined
    : 'must be a DNS-1035 label: at most 63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit';
const pathSegment: NameCheck = (name) =>
  name !== '.' && name !== '..' && !/[/%]/.test(name) ? undefined : 'must not be "." or ".." and must not contain "/" or "%"';

/**
 * How the API server checks `metadata.name`, by kind: most kinds take a DNS-1123 subdomain;
 * these take something else (see each kind's `ValidateXName` in kubernetes/pkg/apis).
 */
const NAME_CHECKS: Readonly<Record<string, NameCheck>> = {
  Namespace: label,
  Service: dns1035,
  Role: pathSegment,
  ClusterRole: pathSegment,
  RoleBinding: pathSegment,
  ClusterRoleBinding: pathSegment,
};

/**
 * The syntax checks the API server makes on ObjectMeta beyond its schema: the name for the
 * kind, `generateName`, the namespace, label keys and values, annotation keys and total size,
 * and finalizer names. (Field names and types are the schema's job.)
 * @param prefix where the metadata sits (`['metadata']`, or deeper for an embedded resource), as
 * segments or a path already in kubectl's notation (`spec.template.metadata`)
 */
export function objectMetaFindings(meta: unknown, kind: string, prefix: Prefix = ['metadata']): Finding[] {
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return [];
  const m = meta as Record<string, unknown>;
  const findings: Finding[] = [];
  const checkName = NAME_CHECKS[kind] ?? subdomain;

  if (typeof m.name === 'string') {
    const problem = checkName(m.name);
    if (problem) report(findings, prefix, ['name'], `${problem} (got ${show(m.name)})`);
  }
  if (typeof m.generateName === 'string') {
    // The server appends 5 random characters; the prefix must be valid with them.
    const problem = checkName(`${m.generateName}x`.slice(0, 253));
    if (problem) report(findings, prefix, ['generateName'], `with a random suffix appended ${problem} (got ${show(m.generateName)})`);
  }
  if (typeof m.namespace === 'string' && label(m.namespace)) {
    report(findings, prefix, ['namespace'], `${label(m.namespace)} (got ${show(m.namespace)})`);
  }
  findings.push(...labelFindings(m.labels, under(prefix, 'labels'), 'label'));
  // UTF-16 code units, each at most 3 bytes of UTF-8: the exact size is counted only when it may exceed the cap.
  let annotationUnits = 0;
  for (const [key, value] of entries(m.annotations)) {
    const keyProblem = qualifiedNameProblem(key.toLowerCase());
    if (keyProblem) report(findings, prefix, ['annotations', key], `annotation key ${keyProblem}`);
    annotationUnits += key.length + (typeof value === 'string' ? value.length : 0);
  }
  const annotationBytes = annotationUnits * 3 > MAX_ANNOTATIONS_BYTES ? utf8Bytes(m.annotations) : 0;
  if (annotationBytes > MAX_ANNOTATIONS_BYTES) {
    report(findings, prefix, ['annotations'], `annotations must total at most ${MAX_ANNOTATIONS_BYTES} bytes (got ${annotationBytes})`);
  }
  if (Array.isArray(m.finalizers)) {
    m.finalizers.forEach((finalizer, i) => {
      const problem = typeof finalizer === 'string' ? qualifiedNameProblem(finalizer) : undefined;
      if (problem) report(findings, prefix, ['finalizers', i], `finalizer ${problem}`);
    });
  }
  return findings;
}

/**
 * The API server's checks of a map of labels (`ValidateLabels` in apimachinery's
 * `pkg/apis/meta/v1/validation`), which also judge a pod's `nodeSelector`: each key a qualified
 * name, each value a label value.
 * @param at where the map sits (`['metadata', 'labels']`, `spec.template.spec.nodeSelector`)
 * @param what names an entry in messages (`label`, `nodeSelector`)
 */
export function labelFindings(map: unknown, at: Prefix, what: string): Finding[] {
  const findings: Finding[] = [];
  for (const [key, value] of entries(map)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) report(findings, at, [key], `${what} key ${keyProblem}`);
    if (typeof value === 'string' && !isLabelValue(value)) {
      report(findings, at, [key], `${what} value must be ${QUALIFIED_NAME_PART_FORM} (got ${show(value)})`);
    }
  }
  return findings;
}

/**
 * Adds a finding at `segments` below `prefix`. A module function rather than a closure made per
 * call: tsx names each closure it creates, which costs more than the checks of a small ObjectMeta.
 */
function report(findings: Finding[], prefix: Prefix, segments: readonly Segment[], message: string): void {
  findings.push({ rule: RULE, path: typeof prefix === 'string' ? fieldPath(prefix, ...segments) : formatPath([...prefix, ...segments]), message });
}

/** Where findings go: segments, or a path already in kubectl's notation (no parsing needed when nothing is found). */
type Prefix = readonly Segment[] | string;

function under(prefix: Prefix, segment: Segment): Prefix {
  return typeof prefix === 'string' ? fieldPath(prefix, segment) : [...prefix, segment];
}

/** Why `key` is not a qualified name (`[prefix/]name`, as label and annotation keys must be). */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  const name = parts[parts.length - 1];
  if (parts.length > 2) return `must have at most one "/" (got ${show(key)})`;
  if (parts.length === 2 && subdomain(parts[0])) return `prefix ${subdomain(parts[0])} (got ${show(key)})`;
  if (!isQualifiedNamePart(name)) {
    return `name part must be ${QUALIFIED_NAME_PART_FORM} (got ${show(key)})`;
  }
  return undefined;
}

/** The UTF-8 size of an annotation map's keys and string values together. */
function utf8Bytes(annotations: unknown): number {
  let bytes = 0;
  for (const [key, value] of entries(annotations)) bytes += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  return bytes;
}

function entries(map: unknown): [string, unknown][] {
  return map !== null && typeof map === 'object' && !Array.isArray(map) ? Object.entries(map) : [];
}
