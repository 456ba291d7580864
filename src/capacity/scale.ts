import { Json, PodRole, PodTemplateRef, podTemplates } from '../k8s/pod-templates';
import { podGpus } from '../placement/scheduling';
import { argoWorkflowSpec, embeddedObjects } from '../k8s/argo-workflows';
import { objectItems } from '../k8s/json';
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

/**
 * The most of an additive pod figure an object can hold at once (`weight` summed over its pods):
 * - Ray clusters (RayCluster, RayJob, RayService): head plus every worker group at `maxReplicas`
 *   (with the autoscaler) or `replicas`, times `numOfHosts`.
 * - Workloads with a pod template: `replicas`/`parallelism` pods (default 1).
 * - Argo workflows: one run at its peak (see `workflowPeak`), including the Ray clusters its
 *   `resource` steps create. A CronWorkflow that runs a WorkflowTemplate by reference counts 0:
 *   its runs are counted at the template.
 */
export function objectPeak(obj: Json, weight: PodWeight): number {
  const wf = argoWorkflowSpec(obj)?.spec;
  if (wf) return workflowPeakOf(obj, wf, weight);
  let sum = 0;
  for (const { pod, count } of podCounts(obj)) sum += weight(pod) * count;
  return sum;
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

/**
 * The field that sets how many pods a workload runs at its peak (as `podCounts` and
 * `workflowPeak` read it), for advice to lower it: `maxReplicas` of a Ray cluster's groups,
 * `parallelism` of an Argo workflow or a Job, `replicas` of the rest.
 */
export function scaleField(obj: Json): string {
  if (String(obj.apiVersion).startsWith('ray.io/')) return 'maxReplicas';
  if (String(obj.apiVersion).startsWith('argoproj.io/') || obj.kind === 'Job') return 'parallelism';
  return 'replicas';
}

/** A pod template of an object and how many of its pods run at once at the object's largest. */
interface PodCount {
  readonly pod: PodTemplateRef;
  readonly count: number;
}

/** Keyed by the object read back (never changed after parsing): asked for once per pod figure and set of pools. */
const podCountsMemo = new WeakMap<Json, readonly PodCount[]>();

/** Each pod template of an object (a workflow's excepted) with its pods at the object's largest. */
function podCounts(obj: Json): readonly PodCount[] {
  let found = podCountsMemo.get(obj);
  if (!found) {
    const cluster = rayClusterSpecOf(obj);
    const spec = obj.spec ?? {};
    const count = obj.kind === 'DaemonSet' ? 1 : spec[scaleField(obj)];
    const counts: Map<string, number> = cluster
      ? new Map(workerGroupScales(cluster).map((g) => [g.podPath, g.maxPods]))
      : new Map(podTemplates(obj).map((ref) => [ref.path, count ?? 1]));
    found = podTemplates(obj).map((pod) => ({ pod, count: counts.get(pod.path) ?? 1 }));
    podCountsMemo.set(obj, found);
  }
  return found;
}

/** What a workflow's leaf templates run: the pod of a container/script template, the object of a `resource` one. */
interface WorkflowLeaves {
  readonly pods: ReadonlyMap<string, PodTemplateRef>;
  readonly objects: ReadonlyMap<string, Json>;
}

/** Keyed by the workflow object read back (never changed after parsing): asked for once per pod figure and set of pools. */
const leavesMemo = new WeakMap<Json, WorkflowLeaves>();

function workflowLeaves(obj: Json, wf: Json): WorkflowLeaves {
  let leaves = leavesMemo.get(obj);
  if (!leaves) {
    const argoPods = new Map(podTemplates(obj).map((ref) => [ref.path.replace(/^.*\.templates\[/, 'templates['), ref]));
    // A step runs the first template of its name.
    const pods = new Map<string, PodTemplateRef>();
    const named = new Set<unknown>();
    objectItems(wf.templates).forEach(({ item: t, index: i }) => {
      if (named.has(t.name)) return;
      named.add(t.name);
      const pod = argoPods.get(`templates[${i}]`);
      if (pod) pods.set(t.name, pod);
    });
    leaves = { pods, objects: new Map(embeddedObjects(obj).map((e) => [e.template, e.object])) };
    leavesMemo.set(obj, leaves);
  }
  return leaves;
}

function workflowPeakOf(obj: Json, wf: Json, weight: PodWeight): number {
  if (wf.workflowTemplateRef) return 0;
  const { pods, objects } = workflowLeaves(obj, wf);
  const leaf = (name: string): number => {
    const pod = pods.get(name);
    const object = objects.get(name);
    return (pod ? weight(pod) : 0) + (object ? objectPeak(object, weight) : 0);
  };
  return workflowPeak(wf, leaf);
}
