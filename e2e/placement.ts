import { stringify } from 'yaml';
import { KubeObject } from './control-plane';
import { RAY_ACCELERATOR_TYPES } from '../src/environments/accelerators';
import { NVIDIA_GPU_RESOURCE } from '../src/k8s/accelerator';
import { SimulatedNode } from './nodes';

/** Where a pod stands, as the scheduler and kwok left it. */
export type PodState =
  | { readonly state: 'running'; readonly node: string }
  | { readonly state: 'waiting' }
  | { readonly state: 'unschedulable'; readonly reason: string; readonly message: string }
  | { readonly state: 'misplaced'; readonly node: string; readonly message: string };

/** True when any container of the pod requests or limits GPUs (`nvidia.com/gpu`). */
export function requestsGpu(pod: KubeObject): boolean {
  const containers = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])];
  return containers.some((c: any) =>
    [c.resources?.requests?.[NVIDIA_GPU_RESOURCE], c.resources?.limits?.[NVIDIA_GPU_RESOURCE]].some((q) => q !== undefined && q !== '0' && q !== 0),
  );
}

/** `pool 'name' (accelerator)` or `a plain node` for messages. */
function where(node: string, simulated: SimulatedNode | undefined): string {
  const pool = simulated?.pool;
  if (!pool) return `${node}, a plain node outside the pools`;
  return `${node} of pool '${pool.name}'${pool.gpus ? ` (${pool.gpus.accelerator})` : ''}`;
}

/**
 * Judges one pod: GPU pods must run on nodes of a GPU pool, of the accelerator their Ray group
 * declares (`acceleratorType`, Ray's name, e.g. `L4`) when it declares one; every other pod off
 * GPU nodes. A pod the scheduler gave up on carries the scheduler's own reason and message.
 */
export function podState(pod: KubeObject, nodes: ReadonlyMap<string, SimulatedNode>, acceleratorType?: string): PodState {
  const node: string | undefined = pod.spec.nodeName;
  if (!node) {
    const scheduled = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
    if (scheduled?.status === 'False') return { state: 'unschedulable', reason: scheduled.reason, message: scheduled.message };
    return { state: 'waiting' };
  }
  const gpu = requestsGpu(pod);
  const simulated = nodes.get(node);
  const poolGpus = simulated?.pool?.gpus;
  if (gpu && !poolGpus) {
    return { state: 'misplaced', node, message: `requests ${NVIDIA_GPU_RESOURCE} but runs on ${where(node, simulated)}, not a GPU-pool node` };
  }
  if (gpu && acceleratorType !== undefined && RAY_ACCELERATOR_TYPES[poolGpus!.accelerator] !== acceleratorType) {
    return { state: 'misplaced', node, message: `its Ray group offers accelerator_type:${acceleratorType} but it runs on ${where(node, simulated)}` };
  }
  if (!gpu && poolGpus) {
    return { state: 'misplaced', node, message: `requests no ${NVIDIA_GPU_RESOURCE} but runs on GPU-pool node ${where(node, simulated)}` };
  }
  const phase = pod.status?.phase;
  return phase === 'Running' || phase === 'Succeeded' ? { state: 'running', node } : { state: 'waiting' };
}

/** The parts of a pod that decide where it goes, for failure messages. */
export function schedulingView(pod: KubeObject): string {
  const { spec } = pod;
  return stringify({
    pod: `${pod.metadata.namespace}/${pod.metadata.name}`,
    owners: pod.metadata.ownerReferences?.map((o) => `${o.kind}/${o.name}`),
    nodeSelector: spec.nodeSelector,
    affinity: spec.affinity,
    tolerations: spec.tolerations,
    containers: spec.containers.map((c: any) => ({ name: c.name, resources: c.resources })),
  });
}
