import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { ComputeResources } from './compute-resources';

/** Capacity of one node of a pool, and what the node keeps for itself. */
export interface NodeShape {
  /** vCPUs of the machine type. */
  readonly cpu: number;
  /** Memory of the machine type. */
  readonly memory: Size;
  /** GPUs per node (`nvidia.com/gpu` capacity). 0 for CPU pools. */
  readonly gpus: number;
  /**
   * CPU kept by the kubelet, the OS and the cloud's DaemonSets; pods get `cpu - reservedCpu`.
   */
  readonly reservedCpu: number;
  /** Memory kept by the kubelet, the OS, eviction thresholds and DaemonSets. */
  readonly reservedMemory: Size;
}

/**
 * Resources of a pod that takes one whole node of the pool: allocatable CPU and memory
 * (shape minus reserve) rounded down to whole CPUs and GiB, and all its GPUs. The usual
 * size for GPU workers: one pod per GPU machine, nothing left idle.
 */
export function wholeNode(pool: { readonly shape: NodeShape }): ComputeResources {
  return {
    cpu: Cpu.units(Math.floor(pool.shape.cpu - pool.shape.reservedCpu)),
    memory: Size.gibibytes(Math.floor(pool.shape.memory.toGibibytes() - pool.shape.reservedMemory.toGibibytes())),
    gpus: pool.shape.gpus,
  };
}
