import { Json, PodRole, PodTemplateRef, podTemplates } from '../../k8s/pod-templates';
import { podGpus } from '../../validation/policies/scheduling';
import { argoWorkflowSpec, embeddedObjects } from '../../validation/argo-workflows';
import { rayClusterSpecOf } from '../../k8s/ray-cluster-spec';
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

/**
 * The most an object can request at once:
 * - Ray clusters (RayCluster, RayJob, RayService): head plus every worker group at `maxReplicas`
 *   (with the autoscaler) or `replicas`, times `numOfHosts`.
 * - Workloads with a pod template: `replicas`/`parallelism` pods (default 1).
 * - Argo workflows: one run at its peak (see `workflowPeak`), including the Ray clusters its
 *   `resource` steps create. A CronWorkflow that runs a WorkflowTemplate by reference counts 0:
 *   its runs are counted at the template.
 */
export function objectScale(obj: Json): Scale {
  const wf = argoWorkflowSpec(obj)?.spec;
  if (wf) return workflowScale(obj, wf);
  const pods = podCounts(obj);
  return podTemplates(obj).reduce(
    (sum, ref) => {
      const count = pods.get(ref.path) ?? 1;
      return addScales(sum, { gpus: podGpus(ref) * count, rayWorkerPods: ref.role === PodRole.RAY_WORKER ? count : 0 });
    },
    NO_SCALE,
  );
}

/** The sum of `objectScale` over objects. */
export function totalScale(objects: readonly Json[]): Scale {
  return objects.map(objectScale).reduce(addScales, NO_SCALE);
}

/** Pods per pod template path, where that is not one. */
function podCounts(obj: Json): Map<string, number> {
  const cluster = rayClusterSpecOf(obj);
  if (cluster) return new Map(workerGroupScales(cluster).map((g) => [g.podPath, g.maxPods]));
  const spec = obj.spec ?? {};
  const count = obj.kind === 'Job' ? spec.parallelism : obj.kind === 'DaemonSet' ? 1 : spec.replicas;
  return new Map(podTemplates(obj).map((ref) => [ref.path, count ?? 1]));
}

function workflowScale(obj: Json, wf: Json): Scale {
  if (wf.workflowTemplateRef) return NO_SCALE;
  const argoPods = new Map(podTemplates(obj).map((ref: PodTemplateRef) => [ref.path.replace(/^.*\.templates\[/, 'templates['), ref]));
  const embedded = new Map(embeddedObjects(obj).map((e) => [e.template, objectScale(e.object)]));
  const templates = (wf.templates ?? []) as Json[];
  const leaf = (name: string): Scale => {
    const i = templates.findIndex((t) => t.name === name);
    const pod = argoPods.get(`templates[${i}]`);
    const own: Scale = pod ? { gpus: podGpus(pod), rayWorkerPods: 0 } : NO_SCALE;
    return addScales(own, embedded.get(name) ?? NO_SCALE);
  };
  return {
    gpus: workflowPeak(wf, (name) => leaf(name).gpus),
    rayWorkerPods: workflowPeak(wf, (name) => leaf(name).rayWorkerPods),
  };
}
