import { Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';
import { Accelerator, NVIDIA_GPU_RESOURCE, SpotPolicy } from './accelerator';

/**
 * What a pod needs from the nodes, never which pool: `placeOnNodes` turns it into the pools
 * that offer it and the scheduling fields that put the pod there.
 */
export interface NodeRequest {
  /**
   * GPUs per pod; > 0 places the pod on GPU pools, 0 on the pools without GPUs.
   * @default 0
   */
  readonly gpus?: number;
  /**
   * The GPU model the pod needs (only with `gpus > 0`).
   * @default - any GPU pool's
   */
  readonly accelerator?: Accelerator;
  /**
   * Whether the pod may run on spot nodes.
   * @default SpotPolicy.NEVER
   */
  readonly spot?: SpotPolicy;
}

/**
 * What a chart's GPU workers ask for; each worker then takes one whole node of the smallest
 * pool that offers it (all its GPUs).
 */
export type GpuRequest = Pick<NodeRequest, 'accelerator' | 'spot'>;

/** What one Ray pod gets: requests equal limits, so pods are Guaranteed and Ray's view is exact. */
export interface ComputeResources extends NodeRequest {
  /** CPU of the Ray container. Ray is told `ceil(cpu)` logical CPUs, as KubeRay derives them (`ray-logical-resources.ts`). */
  readonly cpu: Cpu;
  /** Memory of the Ray container (object store included). */
  readonly memory: Size;
}

/** CPU as a number of cores (`500m` → 0.5). */
export function cpuCores(cpu: Cpu): number {
  const amount = cpu.amount;
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) / 1000 : Number(amount);
}

/** Memory as a Kubernetes quantity: whole GiB as `Gi`, else `Mi` (exact for the sizes props use). */
export function memoryQuantity(memory: Size): string {
  const mebibytes = memory.toMebibytes();
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
}

/**
 * `resources` of a container with requests = limits. The GPU resource (`nvidia.com/gpu`) is
 * only set when `gpus > 0`.
 */
export function containerResources(resources: ComputeResources): k8s.ResourceRequirements {
  const quantities: Record<string, k8s.Quantity> = {
    cpu: k8s.Quantity.fromString(resources.cpu.amount),
    memory: k8s.Quantity.fromString(memoryQuantity(resources.memory)),
  };
  if ((resources.gpus ?? 0) > 0) {
    quantities[NVIDIA_GPU_RESOURCE] = k8s.Quantity.fromNumber(resources.gpus!);
  }
  return { requests: quantities, limits: quantities };
}
