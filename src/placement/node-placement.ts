import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { ContainerImage, NodePool, NodeTaint, RayEnvironment } from '../environments/types';
import { ConfigError } from '../ray/config-error';

/** Where a Ray pod runs and what it must carry to get there. */
export interface NodePlacement {
  /** The pool the pod is meant for. */
  readonly pool: NodePool;
  /** Extended resource name of GPUs (`nvidia.com/gpu`). */
  readonly gpuResource: string;
  /** GPUs per pod (0 on the CPU pool). */
  readonly gpus: number;
  /** Ray image matching the pool (CUDA variant for GPUs). */
  readonly image: ContainerImage;
  /** `nodeSelector` of the pod. */
  readonly nodeSelector: Record<string, string> | undefined;
  /** `tolerations` of the pod: exactly the pool's taints. */
  readonly tolerations: k8s.Toleration[] | undefined;
}

/** The toleration that matches one taint (value-less taints are tolerated with `Exists`). */
export function tolerationFor(taint: NodeTaint): k8s.Toleration {
  return taint.value === undefined
    ? { key: taint.key, operator: 'Exists', effect: taint.effect }
    : { key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect };
}

/**
 * The one place that turns "this group needs N GPUs" into Kubernetes scheduling for the
 * environment's cloud: the GPU pool's nodeSelector and tolerations, the GPU image, and the
 * GPU count (which the caller puts in both the container limits and Ray's `num-gpus`, so
 * the Ray autoscaler sees the same GPUs Kubernetes schedules). Pods without GPUs go to the
 * CPU pool and never tolerate GPU taints. Users never write a taint by hand.
 */
export function placeOnNodes(scope: IConstruct, env: RayEnvironment, gpus: number, propPath: string): NodePlacement {
  if (!Number.isInteger(gpus) || gpus < 0) {
    throw new ConfigError(scope, propPath, `GPUs per pod must be a whole number >= 0, got ${gpus}`);
  }
  if (gpus === 0) {
    return placement(env.cpuPool, 'nvidia.com/gpu', 0, env.ray.image);
  }
  const pool = env.gpuPool;
  if (!pool) {
    throw new ConfigError(
      scope,
      propPath,
      `${gpus} GPU(s) requested but environment '${env.name}' has no GPU node pool (set gpus: 0 to run on CPU)`,
    );
  }
  if (gpus > pool.shape.gpus) {
    throw new ConfigError(
      scope,
      propPath,
      `${gpus} GPUs per pod exceed the ${pool.shape.gpus} GPU(s) of a ${pool.instanceType} node in pool '${pool.name}'`,
    );
  }
  return placement(pool, pool.gpuResource, gpus, env.ray.gpuImage);
}

function placement(pool: NodePool, gpuResource: string, gpus: number, image: ContainerImage): NodePlacement {
  const selector = Object.keys(pool.nodeSelector).length > 0 ? { ...pool.nodeSelector } : undefined;
  const tolerations = pool.taints.length > 0 ? pool.taints.map(tolerationFor) : undefined;
  return { pool, gpuResource, gpus, image, nodeSelector: selector, tolerations };
}
