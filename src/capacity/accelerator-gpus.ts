import { gpusPerNode } from '../environments/accelerators';
import { NodePool, RayEnvironment } from '../environments/types';
import { Json, PodTemplateRef } from '../k8s/pod-templates';
import { poolAllocatable } from '../placement/node-capacity';
import { landablePools, podGpus } from '../placement/scheduling';
import { objectPeak } from './scale';

/** GPUs at max scale of the pods of one accelerator, before and after a change, and what its pools hold. */
export interface AcceleratorGpus {
  /**
   * The accelerator of the GPU pools the pods can land on (`nvidia-l4`); `nvidia-l4 or
   * nvidia-a100-80gb` for pods that may land on pools of several; `no GPU pool` for GPU pods
   * that can land on none.
   */
  readonly accelerator: string;
  /** GPUs at max scale before the change (see `objectPeak`). */
  readonly before: number;
  /** GPUs at max scale after the change. */
  readonly after: number;
  /** The environment's GPU pools of those accelerators. */
  readonly pools: readonly NodePool[];
  /** GPUs those pools hold at `maxNodes` (`poolAllocatable`). */
  readonly capacity: number;
}

const NO_POOL = 'no GPU pool';

/**
 * GPUs at max scale per accelerator, before and after a change, against the GPUs of that
 * accelerator's pools. A pod's accelerator is that of the environment's GPU pools it can land
 * on (its node selection and tolerations, as `landablePools` reads them), so both versions
 * are read against `environment`'s pools (the working tree's). Sorted by accelerator.
 */
export function gpusByAccelerator(environment: RayEnvironment, before: readonly Json[], after: readonly Json[]): AcceleratorGpus[] {
  const keyOf = (pod: PodTemplateRef): string => {
    const accelerators = [...new Set(landablePools(environment, pod).flatMap((p) => (p.gpus ? [p.gpus.accelerator] : [])))].sort();
    return accelerators.length > 0 ? accelerators.join(' or ') : NO_POOL;
  };
  const keys = new Set<string>();
  for (const obj of [...before, ...after]) {
    objectPeak(obj, (pod) => {
      if (podGpus(pod) > 0) keys.add(keyOf(pod));
      return 0;
    });
  }
  const total = (objects: readonly Json[], key: string) =>
    objects.reduce((sum, obj) => sum + objectPeak(obj, (pod) => (keyOf(pod) === key ? podGpus(pod) : 0)), 0);
  return [...keys].sort().map((accelerator) => {
    const pools = environment.nodePools.filter((p) => gpusPerNode(p) > 0 && accelerator.split(' or ').includes(p.gpus!.accelerator));
    return {
      accelerator,
      before: total(before, accelerator),
      after: total(after, accelerator),
      pools,
      capacity: pools.reduce((sum, p) => sum + poolAllocatable(p).gpus, 0),
    };
  });
}
