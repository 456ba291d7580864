import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { gpusPerNode } from '../environments/accelerators';
import { NodePool } from '../environments/types';
import { ComputeResources } from '../k8s/compute-resources';
import { formatBytes, sizeBytes } from '../k8s/quantity';

/**
 * How a node's allocatable comes about, for messages: `24 minus 1 reserved` (CPU), `64Gi minus
 * 3Gi reserved` (memory).
 */
export function reserveNote(pool: NodePool, resource: 'cpu' | 'memory'): string {
  const { shape } = pool;
  return resource === 'cpu'
    ? `${shape.cpu} minus ${shape.reservedCpu} reserved`
    : `${formatBytes(sizeBytes(shape.memory))} minus ${formatBytes(sizeBytes(shape.reservedMemory))} reserved`;
}

/** What pods can request of one node, or of a whole pool: CPU in cores, memory in bytes, GPUs. */
export interface Allocatable {
  /** CPU cores (fractional). */
  readonly cpu: number;
  /** Memory in bytes. */
  readonly memory: number;
  /** GPUs (`nvidia.com/gpu`); 0 on CPU pools. */
  readonly gpus: number;
}

/**
 * What pods can request of one node of the pool: the machine's shape minus the reserve the
 * kubelet, the OS and the cloud's DaemonSets keep (Kubernetes' node allocatable,
 * https://kubernetes.io/docs/tasks/administer-cluster/reserve-compute-resources/#node-allocatable),
 * and every GPU of the node.
 */
export function nodeAllocatable(pool: NodePool): Allocatable {
  const { shape } = pool;
  return {
    cpu: shape.cpu - shape.reservedCpu,
    memory: sizeBytes(shape.memory) - sizeBytes(shape.reservedMemory),
    gpus: gpusPerNode(pool),
  };
}

/** What the whole pool holds when its node autoscaler is at `maxNodes`: `maxNodes` × node allocatable. */
export function poolAllocatable(pool: NodePool): Allocatable {
  const node = nodeAllocatable(pool);
  return { cpu: node.cpu * pool.maxNodes, memory: node.memory * pool.maxNodes, gpus: node.gpus * pool.maxNodes };
}

/**
 * Resources of a pod that takes one whole node of whichever of `pools` it lands on: the
 * smallest allocatable CPU and memory among them (`nodeAllocatable`, rounded down to whole
 * CPUs and GiB) and the smallest GPU count. The usual size for GPU workers: one pod per GPU
 * machine, nothing left idle. `pools` is non-empty.
 */
export function wholeNode(pools: readonly NodePool[]): ComputeResources {
  const nodes = pools.map(nodeAllocatable);
  return {
    cpu: Cpu.units(Math.min(...nodes.map((n) => Math.floor(n.cpu)))),
    memory: Size.gibibytes(Math.min(...nodes.map((n) => Math.floor(n.memory / 2 ** 30)))),
    gpus: Math.min(...nodes.map((n) => n.gpus)),
  };
}
