import { Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-28';

/** What one Ray pod gets: requests equal limits, so pods are Guaranteed and Ray's view is exact. */
export interface ComputeResources {
  /** CPU of the Ray container. Ray is told `ceil(cpu)` logical CPUs, as KubeRay derives them (`ray-logical-resources.ts`). */
  readonly cpu: Cpu;
  /** Memory of the Ray container (object store included). */
  readonly memory: Size;
  /**
   * GPUs of the Ray container; > 0 schedules the pod on the environment's GPU pool.
   * @default 0
   */
  readonly gpus?: number;
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
 * `resources` of a container with requests = limits. The GPU resource is only set when
 * `gpus > 0`, under the name the environment's device plugin advertises.
 */
export function containerResources(resources: ComputeResources, gpuResource: string): k8s.ResourceRequirements {
  const quantities: Record<string, k8s.Quantity> = {
    cpu: k8s.Quantity.fromString(resources.cpu.amount),
    memory: k8s.Quantity.fromString(memoryQuantity(resources.memory)),
  };
  if ((resources.gpus ?? 0) > 0) {
    quantities[gpuResource] = k8s.Quantity.fromNumber(resources.gpus!);
  }
  return { requests: quantities, limits: quantities };
}
