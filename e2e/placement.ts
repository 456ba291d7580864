import { stringify } from 'yaml';
import { KubeObject } from './control-plane';
import { NodeKind } from './nodes';

/** Where a pod stands, as the scheduler and kwok left it. */
export type PodState =
  | { readonly state: 'running'; readonly node: string }
  | { readonly state: 'waiting' }
  | { readonly state: 'unschedulable'; readonly reason: string; readonly message: string }
  | { readonly state: 'misplaced'; readonly node: string; readonly message: string };

/** True when any container of the pod requests or limits the GPU resource. */
export function requestsGpu(pod: KubeObject, gpuResource: string): boolean {
  const containers = [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])];
  return containers.some((c: any) =>
    [c.resources?.requests?.[gpuResource], c.resources?.limits?.[gpuResource]].some((q) => q !== undefined && q !== '0' && q !== 0),
  );
}

/**
 * Judges one pod: GPU pods must run on GPU-pool nodes and every other pod off them; a pod the
 * scheduler gave up on carries the scheduler's own reason and message.
 */
export function podState(pod: KubeObject, nodeKinds: ReadonlyMap<string, NodeKind>, gpuResource: string): PodState {
  const node: string | undefined = pod.spec.nodeName;
  if (!node) {
    const scheduled = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
    if (scheduled?.status === 'False') return { state: 'unschedulable', reason: scheduled.reason, message: scheduled.message };
    return { state: 'waiting' };
  }
  const gpu = requestsGpu(pod, gpuResource);
  const kind = nodeKinds.get(node);
  if (gpu && kind !== NodeKind.GPU_POOL) {
    return { state: 'misplaced', node, message: `requests ${gpuResource} but runs on ${node} (${kind}), not a GPU-pool node` };
  }
  if (!gpu && kind === NodeKind.GPU_POOL) {
    return { state: 'misplaced', node, message: `requests no ${gpuResource} but runs on GPU-pool node ${node}` };
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
