import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { gpusPerNode } from '../environments/accelerators';
import { NodePool } from '../environments/types';
import { ComputeResources } from './compute-resources';

/**
 * Resources of a pod that takes one whole node of whichever of `pools` it lands on: the
 * smallest allocatable CPU and memory among them (shape minus reserve, rounded down to whole
 * CPUs and GiB) and the smallest GPU count. The usual size for GPU workers: one pod per GPU
 * machine, nothing left idle. `pools` is non-empty.
 */
export function wholeNode(pools: readonly NodePool[]): ComputeResources {
  return {
    cpu: Cpu.units(Math.min(...pools.map((p) => Math.floor(p.shape.cpu - p.shape.reservedCpu)))),
    memory: Size.gibibytes(Math.min(...pools.map((p) => Math.floor(p.shape.memory.toGibibytes() - p.shape.reservedMemory.toGibibytes())))),
    gpus: Math.min(...pools.map(gpusPerNode)),
  };
}
