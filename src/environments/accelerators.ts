import { Accelerator, NodePool, RayEnvironment } from './types';

/**
 * Ray's name for each accelerator: Ray adds the resource `accelerator_type:<name>` to every node
 * whose GPUs it detects, and tasks or actors ask for it with `accelerator_type=<name>`. These are
 * the names Ray derives from the GPU's device name (an A100 80GB is `A100`), the constants in
 * `ray.util.accelerators` (https://docs.ray.io/en/latest/ray-core/accelerator-types.html).
 */
export const RAY_ACCELERATOR_TYPES: Readonly<Record<Accelerator, string>> = {
  [Accelerator.NVIDIA_L4]: 'L4',
  [Accelerator.NVIDIA_TESLA_T4]: 'T4',
  [Accelerator.NVIDIA_A100_80GB]: 'A100',
  [Accelerator.NVIDIA_H100_80GB]: 'H100',
};

/** The Ray resource that marks a node with this accelerator, e.g. `accelerator_type:L4`. */
export function rayAcceleratorResource(accelerator: Accelerator): string {
  return `accelerator_type:${RAY_ACCELERATOR_TYPES[accelerator]}`;
}

/** Whether any node pool of the environment has GPUs. */
export function hasGpuPool(env: RayEnvironment): boolean {
  return env.nodePools.some((p) => gpusPerNode(p) > 0);
}

/** GPUs per node of a pool; 0 for a CPU pool. */
export function gpusPerNode(pool: NodePool): number {
  return pool.gpus?.perNode ?? 0;
}
