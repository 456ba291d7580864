import { fieldPath } from '../../k8s/field-path';
import { Json, objectOrUndefined } from '../../k8s/json';
import { isConfigMapKey, subdomainProblem } from '../../k8s/value-rules';
import { Finding } from '../finding';
import { show } from '../schema/messages';

// Source: Kubernetes pkg/apis/core/validation/validation.go: validateEnvVarValueFrom,
// validateEnvFrom, validateSecretVolumeSource, validateConfigMapVolumeSource. The API server
// refuses a Pod that breaks them; KubeRay or Argo then never get their Pods.

/** A finding of policy/pod-template-syntax, which adds its rule. */
type PodFinding = Omit<Finding, 'rule'>;

const NONE: readonly PodFinding[] = [];
/** A list field that is absent or not a list (the schema reports the latter). */
const NO_ITEMS: readonly unknown[] = [];

/** The sources an env var's `valueFrom` may name, exactly one of them. */
const VALUE_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];

/** Where a Secret or ConfigMap is named: `valueFrom` sources (with a key), `envFrom` sources, volumes. */
const KEY_REFERENCES = [['secretKeyRef', 'name', 'Secret'], ['configMapKeyRef', 'name', 'ConfigMap']] as const;
const OBJECT_REFERENCES = [['secretRef', 'name', 'Secret'], ['configMapRef', 'name', 'ConfigMap']] as const;
const VOLUME_REFERENCES = [['secret', 'secretName', 'Secret'], ['configMap', 'name', 'ConfigMap']] as const;

/** `name` of a referenced Secret or ConfigMap: required, a DNS-1123 subdomain (`ValidateSecretName`, `ValidateConfigMapName`). */
function referencedNameProblem(name: unknown, kind: 'Secret' | 'ConfigMap'): string | undefined {
  if (name === undefined || name === null || name === '') return `expected the name of a ${kind}, got nothing`;
  return typeof name === 'string' ? subdomainProblem(name) : undefined; // another type is the schema's
}

/**
 * The Secrets and ConfigMaps a container's env and envFrom name: one source per `valueFrom`, a
 * name that is a DNS-1123 subdomain, a key of letters, digits, `-`, `_` and `.`. Allocates
 * nothing where it finds nothing (it runs on every container).
 */
export function containerReferenceFindings(container: Json, at: string): readonly PodFinding[] {
  let findings: PodFinding[] | undefined;
  const report = (path: string, problem: string) =>
    (findings ??= []).push({ path, message: `container '${container.name ?? ''}': ${problem} (the API server refuses such a Pod)` });
  const envs = Array.isArray(container.env) ? container.env : NO_ITEMS;
  for (let index = 0; index < envs.length; index++) {
    const valueFrom = objectOrUndefined(objectOrUndefined(envs[index])?.valueFrom);
    if (!valueFrom) continue;
    const from = fieldPath(at, 'env', index, 'valueFrom');
    const sources = VALUE_SOURCES.filter((source) => valueFrom[source] !== undefined && valueFrom[source] !== null);
    if (sources.length !== 1) report(from, `expected exactly one of ${VALUE_SOURCES.join(', ')}, got ${sources.length === 0 ? 'none' : sources.join(' and ')}`);
    for (const [source, nameField, kind] of KEY_REFERENCES) {
      const ref = objectOrUndefined(valueFrom[source]);
      if (!ref) continue;
      const problem = referencedNameProblem(ref[nameField], kind);
      if (problem) report(fieldPath(from, source, nameField), problem);
      if (typeof ref.key === 'string' && !isConfigMapKey(ref.key)) report(fieldPath(from, source, 'key'), `expected a ${kind} key (letters, digits, '-', '_' and '.', at most 253), got ${show(ref.key)}`);
    }
  }
  namedReferences(container.envFrom, OBJECT_REFERENCES, fieldPath(at, 'envFrom'), (path, problem) => report(path, problem));
  return findings ?? NONE;
}

/** The Secrets and ConfigMaps a pod's volumes name (`spec` the pod spec at `at`). */
export function volumeReferenceFindings(spec: Json, at: string): readonly PodFinding[] {
  let findings: PodFinding[] | undefined;
  namedReferences(spec.volumes, VOLUME_REFERENCES, fieldPath(at, 'volumes'), (path, problem, volume) =>
    (findings ??= []).push({ path, message: `volume '${volume.name ?? ''}': ${problem} (the API server refuses such a Pod)` }),
  );
  return findings ?? NONE;
}

/** A field of a list item that names a Secret or ConfigMap: `[source, name field, kind]`. */
type NamedReference = readonly [source: string, nameField: string, kind: 'Secret' | 'ConfigMap'];

/** Each item of `list` (at `at[i]`) whose `source` names a Secret or ConfigMap wrongly, told to `report`. */
function namedReferences(list: unknown, references: readonly NamedReference[], at: string, report: (path: string, problem: string, item: Json) => void): void {
  const items = Array.isArray(list) ? list : NO_ITEMS;
  for (let index = 0; index < items.length; index++) {
    const item = objectOrUndefined(items[index]);
    if (!item) continue;
    for (const [source, nameField, kind] of references) {
      const ref = objectOrUndefined(item[source]);
      const problem = ref && referencedNameProblem(ref[nameField], kind);
      if (problem) report(fieldPath(at, index, source, nameField), problem, item);
    }
  }
}
