import { Json, PodRole, PodTemplateRef, podTemplates } from '../k8s/pod-templates';
import { podGpus } from '../placement/scheduling';
import { argoWorkflowSpec, embeddedObjects } from '../k8s/argo-workflows';
import { rayClusterSpecOf } from '../k8s/ray-cluster-spec';
import { workerGroupScales } from './ray-groups';
import { workflowPeak } from './workflow-peak';

/** What an object asks of the cluster at its largest. */
export interface Scale {
  /** GPUs of all its pods at once. */
  readonly gpus: number;
  /** Ray worker pods at once. */
  readonly rayWorkerPods: number;
}

export const NO_SCALE: Scale = { gpus: 0, rayWorkerPods: 0 };

export function addScales(a: Scale, b: Scale): Scale {
  return { gpus: a.gpus + b.gpus, rayWorkerPods: a.rayWorkerPods + b.rayWorkerPods };
}

/** A figure of one pod (GPUs, CPU cores, bytes of memory, 1 per Ray worker, ...), summed over pods. */
export type PodWeight = (pod: PodTemplateRef) => number;

/** The pod templates of an object (`podTemplates`, or a caller's memo of it). */
export type PodsOf = (obj: Json) => readonly PodTemplateRef[];

/**
 * The most of an additive pod figure an object can hold at once (`weight` summed over its pods):
 * - Ray clusters (RayCluster, RayJob, RayService): head plus every worker group at `maxReplicas`
 *   (with the autoscaler) or `replicas`, times `numOfHosts`.
 * - Workloads with a pod template: `replicas`/`parallelism` pods (default 1).
 * - Argo workflows: one run at its peak (see `workflowPeak`), including the Ray clusters its
 *   `resource` steps create. A CronWorkflow that runs a WorkflowTemplate by reference counts 0:
 *   its runs are counted at the template.
 * @param pods where the pod templates of `obj` and of the objects its workflow creates come from
 * @default pods - `podTemplates`
 */
export function objectPeak(obj: Json, weight: PodWeight, pods: PodsOf = podTemplates): number {
  const wf = argoWorkflowSpec(obj)?.spec;
  if (wf) return workflowPeakOf(obj, wf, weight, pods);
  const counts = podCounts(obj, pods);
  return pods(obj).reduce((sum, ref) => sum + weight(ref) * (counts.get(ref.path) ?? 1), 0);
}

/** GPUs of all an object's pods and its Ray worker pods at its largest (see `objectPeak`). */
export function objectScale(obj: Json): Scale {
  return {
    gpus: objectPeak(obj, podGpus),
    rayWorkerPods: objectPeak(obj, (pod) => (pod.role === PodRole.RAY_WORKER ? 1 : 0)),
  };
}

/** The sum of `objectScale` over objects. */
export function totalScale(objects: readonly Json[]): Scale {
  return objects.map(objectScale).reduce(addScales, NO_SCALE);
}

/** Pods per pod template path, where that is not one. */
function podCounts(obj: Json, pods: PodsOf): Map<string, number> {
  const cluster = rayClusterSpecOf(obj);
  if (cluster) return new Map(workerGroupScales(cluster).map((g) => [g.podPath, g.maxPods]));
  const spec = obj.spec ?? {};
  const count = obj.kind === 'Job' ? spec.parallelism : obj.kind === 'DaemonSet' ? 1 : spec.replicas;
  return new Map(pods(obj).map((ref) => [ref.path, count ?? 1]));
}

function workflowPeakOf(obj: Json, wf: Json, weight: PodWeight, pods: PodsOf): number {
  if (wf.workflowTemplateRef) return 0;
  const argoPods = new Map(pods(obj).map((ref: PodTemplateRef) => [ref.path.replace(/^.*\.templates\[/, 'templates['), ref]));
  const embedded = new Map(embeddedObjects(obj).map((e) => [e.template, objectPeak(e.object, weight, pods)]));
  const templates = (wf.templates ?? []) as Json[];
  const leaf = (name: string): number => {
    const i = templates.findIndex((t) => t.name === name);
    const pod = argoPods.get(`templates[${i}]`);
    return (pod ? weight(pod) : 0) + (embedded.get(name) ?? 0);
  };
  return workflowPeak(wf, leaf);
}
