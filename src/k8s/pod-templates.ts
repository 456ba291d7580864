import { fieldPath, formatPath } from './field-path';
import { Json, objectItems, objectOrUndefined } from './json';
import { RayClusterSpecRef, RayGroupRef, RayJobSpecRef, headGroupOf, rayClusterSpecOf, rayJobSpecOf, workerGroupsOf } from './ray-cluster-spec';

export type { Json } from './json';

/** Whose pod a template is, as far as the policies care. */
export enum PodRole {
  RAY_HEAD = 'ray-head',
  RAY_WORKER = 'ray-worker',
  RAY_JOB_SUBMITTER = 'ray-job-submitter',
  OTHER = 'other',
}

/** A pod spec found inside an object, with where it was found. */
export interface PodTemplateRef {
  /** Path of the pod spec (`spec.workerGroupSpecs[0].template.spec`). */
  readonly path: string;
  readonly spec: Json;
  readonly role: PodRole;
  /** `rayVersion` of the Ray cluster the pod belongs to. */
  readonly rayVersion?: string;
  /** Containers and init containers of the pod, each with its own path. */
  readonly containers: readonly ContainerRef[];
  /** Extra containers KubeRay injects that count against the node (the autoscaler sidecar). */
  readonly injectedContainers: readonly Json[];
  /** The Ray node group the pod belongs to (head and worker pods only). */
  readonly rayGroup?: RayGroupRef;
  /** The metadata beside the spec in its pod template (`….template.metadata`), which its pods get; absent for a Pod, an Argo template, or a template without it. */
  readonly metadata?: { readonly value: Json; readonly path: string };
}

/** One container of a pod spec. */
export interface ContainerRef {
  readonly path: string;
  readonly container: Json;
  /** Init containers run before the others; a pod needs the larger of their needs and the sum of the rest. */
  readonly init: boolean;
}

/**
 * Keyed by the object read back, which is never changed after parsing: the policies ask for the
 * pod templates of one object many times, and memos keyed by a PodTemplateRef (its requests, the
 * pools it can land on) need the same ref every time.
 */
const templates = new WeakMap<Json, readonly PodTemplateRef[]>();

/** Finds every pod spec an object creates, directly or through its controller (found once per object). */
export function podTemplates(obj: Json): readonly PodTemplateRef[] {
  let found = templates.get(obj);
  if (!found) templates.set(obj, (found = findPodTemplates(obj)));
  return found;
}

function findPodTemplates(obj: Json): readonly PodTemplateRef[] {
  const spec = obj.spec ?? {};
  switch (obj.kind) {
    case 'RayCluster':
    case 'RayService':
      return rayClusterPods(rayClusterSpecOf(obj));
    case 'RayJob':
    case 'RayCronJob': {
      const job = rayJobSpecOf(obj);
      return [...rayClusterPods(rayClusterSpecOf(obj)), ...(job ? submitterPod(job) : [])];
    }
    case 'Pod':
      return [pod(spec, 'spec', PodRole.OTHER)];
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return spec.template?.spec ? [withMetadata(pod(spec.template.spec, 'spec.template.spec', PodRole.OTHER), spec.template, 'spec.template')] : [];
    case 'CronJob':
      return spec.jobTemplate?.spec?.template?.spec
        ? [withMetadata(pod(spec.jobTemplate.spec.template.spec, 'spec.jobTemplate.spec.template.spec', PodRole.OTHER), spec.jobTemplate.spec.template, 'spec.jobTemplate.spec.template')]
        : [];
    case 'WorkflowTemplate':
    case 'Workflow':
      return argoPods(spec, ['spec']);
    case 'CronWorkflow':
      return spec.workflowSpec ? argoPods(spec.workflowSpec, ['spec', 'workflowSpec']) : [];
    default:
      return [];
  }
}

function pod(
  spec: Json,
  path: string,
  role: PodRole,
  rayVersion?: string,
  injected: readonly Json[] = [],
  containers: readonly ContainerRef[] = podContainers(spec ?? {}, path),
  rayGroup?: RayGroupRef,
): PodTemplateRef {
  const ref = { path, spec: spec ?? {}, role, rayVersion, containers, injectedContainers: injected };
  return rayGroup ? { ...ref, rayGroup } : ref;
}

/** `ref` with the metadata of `template` (a pod template at `templatePath`), if it has any. */
function withMetadata(ref: PodTemplateRef, template: unknown, templatePath: string): PodTemplateRef {
  const value = objectOrUndefined(objectOrUndefined(template)?.metadata);
  return value ? { ...ref, metadata: { value, path: fieldPath(templatePath, 'metadata') } } : ref;
}

/** The submitter pod a RayJob spec declares (`submitterPodTemplate`), if any. */
function submitterPod(job: RayJobSpecRef): PodTemplateRef[] {
  const template = job.spec.submitterPodTemplate;
  const path = fieldPath(job.path, 'submitterPodTemplate');
  return template ? [withMetadata(pod(template.spec, fieldPath(path, 'spec'), PodRole.RAY_JOB_SUBMITTER), template, path)] : [];
}

function podContainers(spec: Json, path: string): ContainerRef[] {
  return (['initContainers', 'containers'] as const).flatMap((list) =>
    objectItems(spec[list]).map(({ item, index }) => ({
      path: fieldPath(path, list, index),
      container: item,
      init: list === 'initContainers',
    })),
  );
}

function rayClusterPods(cluster: RayClusterSpecRef | undefined): PodTemplateRef[] {
  if (!cluster) return [];
  const { rayVersion } = cluster.spec;
  const autoscaler =
    cluster.spec.enableInTreeAutoscaling === true
      ? [{ name: 'autoscaler', resources: cluster.spec.autoscalerOptions?.resources ?? {} }]
      : [];
  const rayPod = (group: RayGroupRef, role: PodRole, injected: Json[] = []): PodTemplateRef =>
    withMetadata(pod(group.podSpec ?? {}, group.podSpecPath, role, rayVersion, injected, undefined, group), group.group.template, fieldPath(group.path, 'template'));
  const head = headGroupOf(cluster);
  return [
    ...(head.podSpec ? [rayPod(head, PodRole.RAY_HEAD, autoscaler)] : []),
    ...workerGroupsOf(cluster).map((group) => rayPod(group, PodRole.RAY_WORKER)),
  ];
}

/**
 * Argo templates that run a container become pods: the template's container (or script)
 * with the template's (or the workflow's) nodeSelector and tolerations.
 */
function argoPods(workflowSpec: Json, path: (string | number)[]): PodTemplateRef[] {
  return objectItems(workflowSpec.templates).flatMap(({ item: t, index: i }) => {
    const key = objectOrUndefined(t.container) ? 'container' : objectOrUndefined(t.script) ? 'script' : undefined;
    if (!key) return [];
    const spec = {
      containers: [t[key]],
      nodeSelector: t.nodeSelector ?? workflowSpec.nodeSelector,
      tolerations: t.tolerations ?? workflowSpec.tolerations,
      affinity: t.affinity ?? workflowSpec.affinity,
    };
    const templatePath = [...path, 'templates', i];
    const containers = [
      { path: formatPath([...templatePath, key]), container: t[key], init: false },
      ...objectItems(t.initContainers).map(({ item: c, index: j }) => ({
        path: formatPath([...templatePath, 'initContainers', j]),
        container: c,
        init: true,
      })),
    ];
    return [pod(spec, formatPath(templatePath), PodRole.OTHER, undefined, [], containers)];
  });
}
