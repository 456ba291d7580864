import { ExternalPrerequisite, PrerequisiteKind } from '../../environments/types';
import { fieldPath } from '../../k8s/field-path';
import { Json, objectItems } from '../../k8s/json';
import { podTemplates } from '../../k8s/pod-templates';
import { rayClusterSpecOf } from '../../k8s/ray-cluster-spec';
import { Policy } from './policy';

// Source: https://kubernetes.io/docs/concepts/configuration/secret/ and
// https://kubernetes.io/docs/concepts/configuration/configmap/ (a pod that references a missing
// Secret, ConfigMap or key does not start).

/** A pod's reference to a Secret, ConfigMap or claim by name (and key). */
interface Reference {
  readonly kind: PrerequisiteKind;
  readonly name: string;
  readonly key?: string;
  readonly path: string;
}

const SECRET = PrerequisiteKind.SECRET;
const CONFIG_MAP = PrerequisiteKind.CONFIG_MAP;
const CLAIM = PrerequisiteKind.PERSISTENT_VOLUME_CLAIM;

function volumeReferences(volumes: unknown, path: string): Reference[] {
  return objectItems(volumes).flatMap(({ item: v, index: i }): Reference[] => {
    const at = fieldPath(path, i);
    const refs: Reference[] = [];
    if (v.secret?.secretName && !v.secret.optional) refs.push({ kind: SECRET, name: v.secret.secretName, path: fieldPath(at, 'secret', 'secretName') });
    if (v.configMap?.name && !v.configMap.optional) refs.push({ kind: CONFIG_MAP, name: v.configMap.name, path: fieldPath(at, 'configMap', 'name') });
    if (v.persistentVolumeClaim?.claimName) refs.push({ kind: CLAIM, name: v.persistentVolumeClaim.claimName, path: fieldPath(at, 'persistentVolumeClaim', 'claimName') });
    objectItems(v.projected?.sources).forEach(({ item: s, index: j }) => {
      if (s.secret?.name && !s.secret.optional) refs.push({ kind: SECRET, name: s.secret.name, path: fieldPath(at, 'projected', 'sources', j, 'secret', 'name') });
      if (s.configMap?.name && !s.configMap.optional) refs.push({ kind: CONFIG_MAP, name: s.configMap.name, path: fieldPath(at, 'projected', 'sources', j, 'configMap', 'name') });
    });
    return refs;
  });
}

function keyReference(valueFrom: Json | undefined, path: string): Reference[] {
  const secret = valueFrom?.secretKeyRef;
  const configMap = valueFrom?.configMapKeyRef;
  if (secret && !secret.optional) return [{ kind: SECRET, name: secret.name, key: secret.key, path: fieldPath(path, 'secretKeyRef') }];
  if (configMap && !configMap.optional) return [{ kind: CONFIG_MAP, name: configMap.name, key: configMap.key, path: fieldPath(path, 'configMapKeyRef') }];
  return [];
}

function containerReferences(container: Json, path: string): Reference[] {
  // Only a `valueFrom` references anything: the path is built for those alone.
  const env = objectItems(container.env).flatMap(({ item: e, index: i }) => (e.valueFrom ? keyReference(e.valueFrom, fieldPath(path, 'env', i, 'valueFrom')) : []));
  const envFrom = objectItems(container.envFrom).flatMap(({ item: e, index: i }): Reference[] => {
    if (e.secretRef?.name && !e.secretRef.optional) return [{ kind: SECRET, name: e.secretRef.name, path: fieldPath(path, 'envFrom', i, 'secretRef', 'name') }];
    if (e.configMapRef?.name && !e.configMapRef.optional) return [{ kind: CONFIG_MAP, name: e.configMapRef.name, path: fieldPath(path, 'envFrom', i, 'configMapRef', 'name') }];
    return [];
  });
  return [...env, ...envFrom];
}

/** Every reference the object's pods make (and its Ray cluster's GCS fault tolerance, and Argo workflow volumes). */
function references(obj: Json): Reference[] {
  const pods = podTemplates(obj).flatMap((pod) => [
    ...volumeReferences(pod.spec.volumes, fieldPath(pod.path, 'volumes')),
    ...objectItems(pod.spec.imagePullSecrets).map(({ item: s, index: i }) => ({ kind: SECRET, name: s.name, path: fieldPath(pod.path, 'imagePullSecrets', i, 'name') })),
    ...pod.containers.flatMap((c) => containerReferences(c.container, c.path)),
  ]);
  const workflowSpec = obj.kind === 'CronWorkflow' ? obj.spec?.workflowSpec : ['Workflow', 'WorkflowTemplate'].includes(obj.kind) ? obj.spec : undefined;
  const workflowVolumes = volumeReferences(workflowSpec?.volumes, obj.kind === 'CronWorkflow' ? 'spec.workflowSpec.volumes' : 'spec.volumes');
  const cluster = rayClusterSpecOf(obj);
  const ft = cluster?.spec.gcsFaultToleranceOptions;
  const redis = ft
    ? [
        ...keyReference(ft.redisPassword?.valueFrom, fieldPath(cluster.path, 'gcsFaultToleranceOptions', 'redisPassword', 'valueFrom')),
        ...keyReference(ft.redisUsername?.valueFrom, fieldPath(cluster.path, 'gcsFaultToleranceOptions', 'redisUsername', 'valueFrom')),
      ]
    : [];
  return [...pods, ...workflowVolumes, ...redis];
}

/** Keys an object provides: `undefined` when any key may be read. */
function providedKeys(obj: Json): string[] | undefined {
  if (obj.kind === 'PersistentVolumeClaim') return undefined;
  return [...Object.keys(obj.data ?? {}), ...Object.keys(obj.stringData ?? {}), ...Object.keys(obj.binaryData ?? {})];
}

/** `Kind/name` → keys of the Secrets, ConfigMaps and claims among `objects`, per object list (every object of a run shares it). */
const providedByObjects = new WeakMap<readonly Json[], ReadonlyMap<string, string[] | undefined>>();

function providedBy(objects: readonly Json[]): ReadonlyMap<string, string[] | undefined> {
  let provided = providedByObjects.get(objects);
  if (!provided) {
    const found = new Map<string, string[] | undefined>();
    for (const o of objects) {
      if ([SECRET, CONFIG_MAP, CLAIM].includes(o.kind)) found.set(`${o.kind}/${o.metadata?.name}`, providedKeys(o));
    }
    providedByObjects.set(objects, (provided = found));
  }
  return provided;
}

/**
 * Every Secret, ConfigMap and PersistentVolumeClaim a pod references is created by some chart
 * of the environment or declared in its `externalPrerequisites` (and, where keys are known, has
 * the key read): otherwise the pod hangs in ContainerCreating or CreateContainerConfigError
 * after a sync that Argo CD reports as successful.
 */
export const referencedObjects: Policy = {
  id: 'policy/referenced-objects',
  description: 'Secrets, ConfigMaps and claims that pods reference exist in the environment or are declared prerequisites',
  check(obj, { environment, objects }) {
    const provided = providedBy(objects);
    const external = new Map<string, ExternalPrerequisite>((environment.externalPrerequisites ?? []).map((p) => [`${p.kind}/${p.name}`, p]));
    return references(obj).flatMap((ref) => {
      const id = `${ref.kind}/${ref.name}`;
      const prerequisite = external.get(id);
      if (!provided.has(id) && !prerequisite) {
        return [{ rule: this.id, path: ref.path, message: `${ref.kind} '${ref.name}' is created by no chart of environment '${environment.name}' and is not among its externalPrerequisites` }];
      }
      const keys = provided.has(id) ? provided.get(id) : prerequisite?.keys;
      if (ref.key !== undefined && keys !== undefined && !keys.includes(ref.key)) {
        return [{ rule: this.id, path: ref.path, message: `${ref.kind} '${ref.name}' has no key '${ref.key}' (keys: ${keys.join(', ') || 'none'})` }];
      }
      return [];
    });
  },
};
