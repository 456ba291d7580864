import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { ComputeResources } from './compute-resources';
import { NodePool } from '../environments/types';

/**
 * Resources of a pod that takes one whole node of the pool: allocatable CPU and memory
 * (shape minus reserve) rounded down to whole CPUs and GiB, and all its GPUs. The usual
 * size for GPU workers: one pod per GPU machine, nothing left idle.
 */
export function wholeNode(pool: NodePool): ComputeResources {
  return {
    cpu: Cpu.units(Math.floor(pool.shape.cpu - pool.shape.reservedCpu)),
    memory: Size.gibibytes(Math.floor(pool.shape.memory.toGibibytes() - pool.shape.reservedMemory.toGibibytes())),
    gpus: pool.shape.gpus,
  };
}
