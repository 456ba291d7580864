import { fieldPath, formatPath } from './field-path';

/** Kubernetes JSON of any shape; validators read it defensively. */
export type Json = Record<string, any>;

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
  readonly containers: ContainerRef[];
  /** Extra containers KubeRay injects that count against the node (the autoscaler sidecar). */
  readonly injectedContainers: Json[];
}

/** One container of a pod spec. */
export interface ContainerRef {
  readonly path: string;
  readonly container: Json;
  /** Init containers run before the others; a pod needs the larger of their needs and the sum of the rest. */
  readonly init: boolean;
}

/** Finds every pod spec an object creates, directly or through its controller. */
export function podTemplates(obj: Json): PodTemplateRef[] {
  const spec = obj.spec ?? {};
  switch (obj.kind) {
    case 'RayCluster':
      return rayClusterPods(spec, ['spec']);
    case 'RayJob':
      return [
        ...(spec.rayClusterSpec ? rayClusterPods(spec.rayClusterSpec, ['spec', 'rayClusterSpec']) : []),
        ...(spec.submitterPodTemplate
          ? [pod(spec.submitterPodTemplate.spec, ['spec', 'submitterPodTemplate', 'spec'], PodRole.RAY_JOB_SUBMITTER)]
          : []),
      ];
    case 'RayService':
      return spec.rayClusterConfig ? rayClusterPods(spec.rayClusterConfig, ['spec', 'rayClusterConfig']) : [];
    case 'Pod':
      return [pod(spec, ['spec'], PodRole.OTHER)];
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
      return spec.template?.spec ? [pod(spec.template.spec, ['spec', 'template', 'spec'], PodRole.OTHER)] : [];
    case 'CronJob':
      return spec.jobTemplate?.spec?.template?.spec
        ? [pod(spec.jobTemplate.spec.template.spec, ['spec', 'jobTemplate', 'spec', 'template', 'spec'], PodRole.OTHER)]
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
  path: (string | number)[],
  role: PodRole,
  rayVersion?: string,
  injected: Json[] = [],
  containers: ContainerRef[] = podContainers(spec ?? {}, formatPath(path)),
): PodTemplateRef {
  return { path: formatPath(path), spec: spec ?? {}, role, rayVersion, containers, injectedContainers: injected };
}

function podContainers(spec: Json, path: string): ContainerRef[] {
  return (['initContainers', 'containers'] as const).flatMap((list) =>
    ((spec[list] ?? []) as Json[]).map((container, i) => ({
      path: fieldPath(path, list, i),
      container,
      init: list === 'initContainers',
    })),
  );
}

function rayClusterPods(cluster: Json, path: (string | number)[]): PodTemplateRef[] {
  const autoscaler =
    cluster.enableInTreeAutoscaling === true
      ? [{ name: 'autoscaler', resources: cluster.autoscalerOptions?.resources ?? {} }]
      : [];
  const head = cluster.headGroupSpec?.template?.spec;
  return [
    ...(head ? [pod(head, [...path, 'headGroupSpec', 'template', 'spec'], PodRole.RAY_HEAD, cluster.rayVersion, autoscaler)] : []),
    ...(cluster.workerGroupSpecs ?? []).map((g: Json, i: number) =>
      pod(g.template?.spec, [...path, 'workerGroupSpecs', i, 'template', 'spec'], PodRole.RAY_WORKER, cluster.rayVersion),
    ),
  ];
}

/**
 * Argo templates that run a container become pods: the template's container (or script)
 * with the template's (or the workflow's) nodeSelector and tolerations.
 */
function argoPods(workflowSpec: Json, path: (string | number)[]): PodTemplateRef[] {
  return (workflowSpec.templates ?? []).flatMap((t: Json, i: number) => {
    const key = t.container ? 'container' : t.script ? 'script' : undefined;
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
      ...((t.initContainers ?? []) as Json[]).map((c, j) => ({
        path: formatPath([...templatePath, 'initContainers', j]),
        container: c,
        init: true,
      })),
    ];
    return [pod(spec, templatePath, PodRole.OTHER, undefined, [], containers)];
  });
}
