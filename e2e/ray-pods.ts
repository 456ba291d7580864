import { KubeObject } from './control-plane';

/** Pods the KubeRay operator must create for one group of one RayCluster. */
export interface ExpectedGroup {
  /** The RayCluster (live object: its name may come from a RayJob or RayService). */
  readonly cluster: KubeObject;
  /** `headgroup` or the worker group's name, as in the pods' `ray.io/group` label. */
  readonly group: string;
  /** Pods of the group at the configured replica count. */
  readonly pods: number;
}

/**
 * Worker pods the operator keeps for a group: `replicas` clamped to [minReplicas, maxReplicas]
 * (as KubeRay does), times `numOfHosts`; none when the group or the cluster is suspended.
 */
function workerPods(group: any): number {
  if (group.suspend) return 0;
  const min = group.minReplicas ?? 0;
  const max = group.maxReplicas ?? Number.MAX_SAFE_INTEGER;
  const replicas = Math.min(Math.max(group.replicas ?? min, min), max);
  return replicas * (group.numOfHosts ?? 1);
}

/** Head and worker pods a RayCluster should have once the operator has reconciled it. */
export function expectedGroups(cluster: KubeObject): ExpectedGroup[] {
  if (cluster.spec.suspend) return [];
  return [
    { cluster, group: 'headgroup', pods: 1 },
    ...(cluster.spec.workerGroupSpecs ?? []).map((g: any) => ({ cluster, group: g.groupName, pods: workerPods(g) })),
  ];
}

/** Pods of a group that exist and are not being deleted. */
export function podsOfGroup(pods: readonly KubeObject[], expected: ExpectedGroup): KubeObject[] {
  const { name, namespace } = expected.cluster.metadata;
  return pods.filter(
    (p) =>
      p.metadata.namespace === namespace &&
      p.metadata.labels?.['ray.io/cluster'] === name &&
      p.metadata.labels?.['ray.io/group'] === expected.group &&
      !(p.metadata as { deletionTimestamp?: string }).deletionTimestamp,
  );
}

/**
 * The RayClusters an applied Ray object stands for: a RayCluster itself, or the clusters the
 * operator created for a RayJob or RayService (found by owner reference). A RayJob that is
 * suspended or runs on an existing cluster (`clusterSelector`) stands for none of its own.
 */
export function clustersFor(applied: KubeObject, live: readonly KubeObject[]): KubeObject[] | 'none-expected' {
  const sameNamespace = live.filter((c) => c.metadata.namespace === (applied.metadata.namespace ?? 'default'));
  if (applied.kind === 'RayCluster') return sameNamespace.filter((c) => c.metadata.name === applied.metadata.name);
  if (applied.kind === 'RayJob' && (applied.spec?.suspend || applied.spec?.clusterSelector)) return 'none-expected';
  return sameNamespace.filter((c) =>
    c.metadata.ownerReferences?.some((o) => o.kind === applied.kind && o.name === applied.metadata.name),
  );
}

/** Kinds whose objects make the operator create pods. */
export const RAY_KINDS: ReadonlySet<string> = new Set(['RayCluster', 'RayJob', 'RayService']);

/**
 * The Ray accelerator type a pod's group offers (`accelerator_type:<name>` in the group's
 * `resources` map of its live RayCluster), e.g. `L4`; undefined for pods outside Ray groups and
 * groups that declare none.
 */
export function groupAcceleratorType(pod: KubeObject, liveClusters: readonly KubeObject[]): string | undefined {
  const labels = pod.metadata.labels ?? {};
  const cluster = liveClusters.find((c) => c.metadata.namespace === pod.metadata.namespace && c.metadata.name === labels['ray.io/cluster']);
  const group = (cluster?.spec.workerGroupSpecs ?? []).find((g: any) => g.groupName === labels['ray.io/group']);
  const key = Object.keys(group?.resources ?? {}).find((k) => k.startsWith('accelerator_type:'));
  return key?.slice('accelerator_type:'.length);
}
