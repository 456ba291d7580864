import { argoWorkflowSpec, embeddedObjects } from '../../k8s/argo-workflows';
import { formatPath } from '../../k8s/field-path';
import { arrayOrEmpty, objectItems } from '../../k8s/json';
import { Json, PodRole, PodTemplateRef, podTemplates } from '../../k8s/pod-templates';
import { Policy } from './policy';

// Source: https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes
// (ReadWriteOnce mounts on one node only; pods on other nodes wait with a Multi-Attach error).

/** One pod template that attaches a claim, and how many pods it can run at once. */
interface ClaimUse {
  /** `Kind/name path-of-the-pod-spec`. */
  readonly where: string;
  /** Pods of this template at once (2 stands for "more than one"). */
  readonly pods: number;
  /** Whether every mount of the claim in this pod is read-only. */
  readonly readOnly: boolean;
}

/** How many pods a pod template of `obj` runs at once (capped at 2: all we need is "more than one"). */
function podsAtOnce(obj: Json, pod: PodTemplateRef): number {
  const spec = obj.spec ?? {};
  if (pod.role === PodRole.RAY_WORKER) {
    const group = pod.rayGroup?.group ?? {};
    return Math.min(2, Math.max(group.maxReplicas ?? 0, group.replicas ?? 0, 1));
  }
  if (pod.role !== PodRole.OTHER) return 1;
  switch (obj.kind) {
    case 'DaemonSet':
      return 2;
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
      return Math.min(2, spec.replicas ?? 1);
    case 'Job':
      return Math.min(2, spec.parallelism ?? 1);
    default:
      return 1;
  }
}

/** Whether a pod attaches `claim`, and whether only read-only. */
function attach(pod: Json, volumes: readonly unknown[], claim: string): { readOnly: boolean } | undefined {
  const names = objectItems(volumes).flatMap(({ item: v }) => (v.persistentVolumeClaim?.claimName === claim ? [v] : []));
  if (names.length === 0) return undefined;
  const mounts = [...objectItems(pod.containers), ...objectItems(pod.initContainers)].flatMap(({ item: c }) =>
    objectItems(c.volumeMounts).flatMap(({ item: m }) => (names.some((v) => v.name === m.name) ? [m] : [])),
  );
  const readOnly = names.every((v) => v.persistentVolumeClaim.readOnly === true) || (mounts.length > 0 && mounts.every((m) => m.readOnly === true));
  return { readOnly };
}

/** Every pod template in `obj` (and in the RayJobs its Argo `resource` steps create) that attaches `claim`. */
export function claimUses(obj: Json, claim: string, label = `${obj.kind}/${obj.metadata?.name ?? obj.metadata?.generateName}`): ClaimUse[] {
  const argo = argoWorkflowSpec(obj);
  if (!argo) {
    return podTemplates(obj).flatMap((pod) => {
      const use = attach(pod.spec, arrayOrEmpty(pod.spec.volumes), claim);
      return use ? [{ where: `${label} ${pod.path}`, pods: podsAtOnce(obj, pod), readOnly: use.readOnly }] : [];
    });
  }
  const embedded = new Map(embeddedObjects(obj).map((e) => [e.template, e]));
  // Argo pods get the workflow's volumes plus their template's own.
  return objectItems(argo.spec.templates).flatMap(({ item: t, index: i }) => {
    const at = formatPath([...argo.path, 'templates', i]);
    const created = embedded.get(String(t.name));
    if (created) return claimUses(created.object, claim, `${label} ${created.path}(${created.object.kind})`);
    const container = t.container ?? t.script;
    if (!container) return [];
    const use = attach({ containers: [container], initContainers: t.initContainers }, [...arrayOrEmpty(t.volumes), ...arrayOrEmpty(argo.spec.volumes)], claim);
    return use ? [{ where: `${label} ${at}`, pods: 1, readOnly: use.readOnly }] : [];
  });
}

/**
 * A claim that several pods attach (several templates, or a template with replicas) must be
 * ReadWriteMany (or ReadOnlyMany when nobody writes): a ReadWriteOnce volume attaches to one
 * node, so the second pod on another node hangs in ContainerCreating. Only a single-node
 * environment, where every pod shares the one node, may share a ReadWriteOnce claim.
 */
export const sharedVolumeAccessMode: Policy = {
  id: 'policy/shared-volume-access-mode',
  description: 'a claim attached by more than one pod is ReadWriteMany unless the environment is single-node',
  check(obj, { environment, objects }) {
    if (obj.kind !== 'PersistentVolumeClaim' || environment.singleNode) return [];
    const claim = obj.metadata?.name;
    const modes = arrayOrEmpty(obj.spec?.accessModes);
    if (typeof claim !== 'string' || modes.includes('ReadWriteMany')) return [];
    const uses = objects.flatMap((o) => claimUses(o, claim));
    const pods = uses.reduce((sum, u) => sum + u.pods, 0);
    if (pods < 2 || (modes.includes('ReadOnlyMany') && uses.every((u) => u.readOnly))) return [];
    const shown = uses.slice(0, 3).map((u) => u.where + (u.pods > 1 ? ' (several replicas)' : ''));
    const more = uses.length > shown.length ? ` and ${uses.length - shown.length} more` : '';
    return [
      {
        rule: this.id,
        path: 'spec.accessModes',
        message:
          `claim '${claim}' is attached by more than one pod (${shown.join('; ')}${more}) but its accessModes are ` +
          `[${modes.join(', ')}]; environment '${environment.name}' has several nodes, so expected ReadWriteMany` +
          ' (or ReadOnlyMany when every mount is read-only)',
      },
    ];
  },
};
