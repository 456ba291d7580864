import { CloudProvider, NodePool, NodeTaint, TaintEffect } from './types';

/** A label the cloud puts on every node of a pool, and what puts it there. */
export interface CloudNodeLabel {
  readonly key: string;
  readonly value: string;
  /** Which nodes carry it, for messages: `every node`, `every node of a GPU pool`, ... */
  readonly on: string;
}

/** A label the cloud puts on the nodes of some pools, and whether this pool is one of them. */
interface CloudLabelRule extends CloudNodeLabel {
  readonly puts: boolean;
}

/** `node.kubernetes.io/instance-type`: set by the cloud's node controller (https://kubernetes.io/docs/reference/labels-annotations-taints/#nodekubernetesioinstance-type). */
const INSTANCE_TYPE = 'node.kubernetes.io/instance-type';

/**
 * The labels `cloud` puts on the nodes of some pools, each with whether it puts it on `pool`'s:
 * - every cloud: `node.kubernetes.io/instance-type` = `instanceType`;
 * - GKE: `cloud.google.com/gke-nodepool` = `name`; on GPU pools `cloud.google.com/gke-accelerator` =
 *   the accelerator (https://cloud.google.com/kubernetes-engine/docs/how-to/gpus#multiple_gpus); on
 *   spot pools `cloud.google.com/gke-spot` = `true` (https://cloud.google.com/kubernetes-engine/docs/concepts/spot-vms);
 * - AKS: `kubernetes.azure.com/agentpool` = `name`; on spot pools
 *   `kubernetes.azure.com/scalesetpriority` = `spot` (https://learn.microsoft.com/azure/aks/spot-node-pool);
 * - EKS managed node groups: `eks.amazonaws.com/nodegroup` = `name` and
 *   `eks.amazonaws.com/capacityType` = `SPOT` or `ON_DEMAND` (https://docs.aws.amazon.com/eks/latest/userguide/managed-node-groups.html).
 */
function cloudLabelRules(cloud: CloudProvider, pool: NodePool): CloudLabelRule[] {
  const every = (key: string, value: string): CloudLabelRule => ({ key, value, on: 'every node', puts: true });
  switch (cloud) {
    case CloudProvider.LOCAL:
      return [];
    case CloudProvider.GKE:
      return [
        every(INSTANCE_TYPE, pool.instanceType),
        every('cloud.google.com/gke-nodepool', pool.name),
        { key: 'cloud.google.com/gke-accelerator', value: pool.gpus?.accelerator ?? '', on: 'every node of a GPU pool', puts: pool.gpus !== undefined },
        { key: 'cloud.google.com/gke-spot', value: 'true', on: 'every node of a spot pool', puts: pool.spot },
      ];
    case CloudProvider.AKS:
      return [
        every(INSTANCE_TYPE, pool.instanceType),
        every('kubernetes.azure.com/agentpool', pool.name),
        { key: 'kubernetes.azure.com/scalesetpriority', value: 'spot', on: 'every node of a spot pool', puts: pool.spot },
      ];
    case CloudProvider.EKS:
      return [
        every(INSTANCE_TYPE, pool.instanceType),
        every('eks.amazonaws.com/nodegroup', pool.name),
        every('eks.amazonaws.com/capacityType', pool.spot ? 'SPOT' : 'ON_DEMAND'),
      ];
  }
}

/**
 * The labels `cloud` puts on every node of `pool` (see `cloudLabelRules`), which the pool's
 * `labels` must hold with these values (a selector or affinity on a misspelt key selects no
 * node, and pods stay Pending). None for a local cluster, whose node labels depend on the tool
 * that runs it.
 */
export function cloudNodeLabels(cloud: CloudProvider, pool: NodePool): CloudNodeLabel[] {
  return cloudLabelRules(cloud, pool).filter((rule) => rule.puts);
}

/**
 * The labels `cloud` puts on other pools' nodes only (a spot label on an on-demand pool, an
 * accelerator label on a CPU pool), which `pool`'s `labels` must not claim: pods that select
 * them would wait for nodes the pool never has.
 */
export function cloudLabelsOfOtherPools(cloud: CloudProvider, pool: NodePool): CloudNodeLabel[] {
  return cloudLabelRules(cloud, pool).filter((rule) => !rule.puts);
}

/** The cloud's name in messages. */
export const CLOUD_NAMES: Readonly<Record<CloudProvider, string>> = {
  [CloudProvider.LOCAL]: 'a local cluster',
  [CloudProvider.GKE]: 'GKE',
  [CloudProvider.AKS]: 'AKS',
  [CloudProvider.EKS]: 'EKS',
};

/** A taint the cloud puts on every node of a pool, and which pools get it. */
export interface CloudNodeTaint {
  readonly taint: NodeTaint;
  /** Which pools, for messages: `every GPU node pool`, `every spot node pool`. */
  readonly on: string;
}

/**
 * The taints `cloud` puts on every node of `pool`, which the pool's `taints` must hold: pods
 * get their tolerations from them, so a pool declared without one generates pods that never
 * schedule there.
 * - GKE: `nvidia.com/gpu=present:NoSchedule` on GPU pools (https://cloud.google.com/kubernetes-engine/docs/how-to/gpus);
 * - AKS: `kubernetes.azure.com/scalesetpriority=spot:NoSchedule` on spot pools (https://learn.microsoft.com/azure/aks/spot-node-pool).
 */
export function cloudNodeTaints(cloud: CloudProvider, pool: NodePool): CloudNodeTaint[] {
  if (cloud === CloudProvider.GKE && pool.gpus) return [{ taint: { key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE }, on: 'every GPU node pool' }];
  if (cloud === CloudProvider.AKS && pool.spot) {
    return [{ taint: { key: 'kubernetes.azure.com/scalesetpriority', value: 'spot', effect: TaintEffect.NO_SCHEDULE }, on: 'every spot node pool' }];
  }
  return [];
}
