import { NodePool, NodeTaint, RayEnvironment } from '../environments/types';
import { parseQuantity } from '../k8s/quantity';
import { arrayOrEmpty, Json, objectItems, objectOrUndefined } from '../k8s/json';
import { PodTemplateRef } from '../k8s/pod-templates';

/**
 * Per pod template: `podTemplates` gives the same ref for an object every time, and the object it
 * was read from is never changed after parsing, so what the pod asks for is worked out once.
 */
const gpusOf = new WeakMap<PodTemplateRef, number>();
const requestsOf = new WeakMap<PodTemplateRef, PodRequests>();
/** Per environment (its node pools are fixed for a run), then per pod template as above. */
const landableOf = new WeakMap<RayEnvironment, WeakMap<PodTemplateRef, readonly NodePool[]>>();

/** GPUs a pod asks for (any extended resource with `gpu` in its name), from limits, else requests. */
export function podGpus(pod: PodTemplateRef): number {
  let gpus = gpusOf.get(pod);
  if (gpus === undefined) gpusOf.set(pod, (gpus = sumGpus(pod)));
  return gpus;
}

function sumGpus(pod: PodTemplateRef): number {
  return pod.containers
    .filter((c) => !c.init)
    .reduce((sum, { container }) => {
      const limits = container.resources?.limits ?? {};
      const requests = container.resources?.requests ?? {};
      const keys = Object.keys({ ...requests, ...limits }).filter((k) => /gpu/i.test(k));
      return sum + keys.reduce((s, k) => s + (parseQuantity(limits[k] ?? requests[k]) ?? 0), 0);
    }, 0);
}

/** CPU (cores) and memory (bytes) the scheduler reserves for a pod. */
export interface PodRequests {
  readonly cpu: number;
  readonly memory: number;
}

function containerRequests(container: Json): PodRequests {
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  // The scheduler uses requests; Kubernetes defaults requests to limits when only limits are set.
  return {
    cpu: parseQuantity(requests.cpu ?? limits.cpu) ?? 0,
    memory: parseQuantity(requests.memory ?? limits.memory) ?? 0,
  };
}

/**
 * What the scheduler reserves for a pod: the sum of its containers' requests (the injected
 * autoscaler sidecar included), or the largest init container's when that is more
 * (https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers).
 */
export function podRequests(pod: PodTemplateRef): PodRequests {
  let requests = requestsOf.get(pod);
  if (!requests) requestsOf.set(pod, (requests = sumRequests(pod)));
  return requests;
}

function sumRequests(pod: PodTemplateRef): PodRequests {
  const running = [...pod.containers.filter((c) => !c.init).map((c) => c.container), ...pod.injectedContainers]
    .map(containerRequests)
    .reduce((a, b) => ({ cpu: a.cpu + b.cpu, memory: a.memory + b.memory }), { cpu: 0, memory: 0 });
  return pod.containers
    .filter((c) => c.init)
    .map((c) => containerRequests(c.container))
    .reduce((a, b) => ({ cpu: Math.max(a.cpu, b.cpu), memory: Math.max(a.memory, b.memory) }), running);
}

/** Whether a toleration lets a pod onto nodes with this taint (Kubernetes' matching rules). */
export function tolerates(tolerations: unknown, taint: NodeTaint): boolean {
  return objectItems(tolerations).some(({ item: t }) => {
    const keyMatches = t.key === undefined || t.key === '' ? t.operator === 'Exists' : t.key === taint.key;
    const effectMatches = !t.effect || t.effect === taint.effect;
    const valueMatches = t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
    return keyMatches && effectMatches && valueMatches;
  });
}

/** Taints of the pool that keep a pod off (PreferNoSchedule doesn't). */
export function untoleratedTaints(podSpec: Json, pool: NodePool): NodeTaint[] {
  return pool.taints.filter((taint) => taint.effect !== 'PreferNoSchedule' && !tolerates(podSpec.tolerations, taint));
}

/** Whether the pod's nodeSelector and required node affinity allow nodes labelled like the pool. */
export function selectorAllows(podSpec: Json, pool: NodePool): boolean {
  const labels = pool.labels;
  const selectorOk = Object.entries(objectOrUndefined(podSpec.nodeSelector) ?? {}).every(([k, v]) => labels[k] === v);
  // A part of the wrong type (the schema check reports it) reads as absent.
  const terms = podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const affinityOk =
    !Array.isArray(terms) || objectItems(terms).some(({ item: term }) => objectItems(term.matchExpressions).every(({ item: e }) => expressionAllows(e, labels)));
  return selectorOk && affinityOk;
}

function expressionAllows(e: Json, labels: Record<string, string>): boolean {
  const value = labels[e.key];
  switch (e.operator) {
    case 'In':
      return value !== undefined && arrayOrEmpty(e.values).includes(value);
    case 'NotIn':
      return value === undefined || !arrayOrEmpty(e.values).includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    default:
      return true;
  }
}

/** Whether the scheduler could put the pod on a node of the pool (labels and taints; not capacity). */
export function canLandOn(podSpec: Json, pool: NodePool): boolean {
  return selectorAllows(podSpec, pool) && untoleratedTaints(podSpec, pool).length === 0;
}

/** The environment's pools the scheduler could put the pod on (labels and taints; not capacity). */
export function landablePools(env: RayEnvironment, pod: PodTemplateRef): readonly NodePool[] {
  let byPod = landableOf.get(env);
  if (!byPod) landableOf.set(env, (byPod = new WeakMap()));
  let pools = byPod.get(pod);
  if (!pools) byPod.set(pod, (pools = env.nodePools.filter((pool) => canLandOn(pod.spec, pool))));
  return pools;
}
