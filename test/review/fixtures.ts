import { stringify } from 'yaml';
import { SourcedObject } from '../../src/k8s/manifests';
import { Json } from '../../src/k8s/pod-templates';

/** A Ray pod spec: one container with the given limits. */
export function rayPod(name: string, image: string, cpu: string, memory: string, gpus = 0, volumes: Json[] = [], mounts: Json[] = []): Json {
  const limits: Json = { cpu, memory, ...(gpus > 0 ? { 'nvidia.com/gpu': gpus } : {}) };
  return {
    spec: {
      containers: [{ name, image, resources: { limits, requests: limits }, ...(mounts.length > 0 ? { volumeMounts: mounts } : {}) }],
      ...(volumes.length > 0 ? { volumes } : {}),
    },
  };
}

/** Options of `clusterSpec`: one CPU group and one GPU group. */
export interface ClusterOptions {
  readonly image?: string;
  readonly gpuMax?: number;
  readonly gpusPerPod?: number;
  readonly cpuMax?: number;
  readonly extraGroups?: Json[];
}

/** A RayClusterSpec with the autoscaler, a CPU group (1..cpuMax) and a GPU group (0..gpuMax). */
export function clusterSpec(o: ClusterOptions = {}): Json {
  const image = o.image ?? 'ray:2.52.0';
  return {
    rayVersion: '2.52.0',
    enableInTreeAutoscaling: true,
    headGroupSpec: { rayStartParams: {}, template: rayPod('ray-head', image, '1', '3Gi') },
    workerGroupSpecs: [
      { groupName: 'cpu', replicas: 1, minReplicas: 1, maxReplicas: o.cpuMax ?? 2, rayStartParams: {}, template: rayPod('ray-worker', image, '2', '4Gi') },
      {
        groupName: 'gpu',
        replicas: 0,
        minReplicas: 0,
        maxReplicas: o.gpuMax ?? 2,
        rayStartParams: {},
        template: rayPod('ray-worker', `${image}-gpu`, '3', '13Gi', o.gpusPerPod ?? 1),
      },
      ...(o.extraGroups ?? []),
    ],
  };
}

/** A Serve config with one application. */
export function serveConfig(route = '/embeddings', maxReplicas = 2): string {
  return stringify({
    applications: [
      {
        name: 'embeddings',
        import_path: 'ray_workloads.serve.embedding:build_app',
        route_prefix: route,
        deployments: [{ name: 'EmbeddingModel', autoscaling_config: { min_replicas: 1, max_replicas: maxReplicas } }],
      },
    ],
  });
}

export function rayService(name: string, cluster: Json, serve = serveConfig(), upgradeStrategy?: Json): Json {
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayService',
    metadata: { name, namespace: 'ray' },
    spec: { rayClusterConfig: cluster, serveConfigV2: serve, ...(upgradeStrategy ? { upgradeStrategy } : {}) },
  };
}

export function configMap(name: string, data: Record<string, string>): Json {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ray', labels: { app: 'demo', tier: 'config' } }, data };
}

export function service(name: string, type: string, selector: Record<string, string>, port = 8000): Json {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'ray' }, spec: { type, selector, ports: [{ port }] } };
}

/** Objects of one chart file of an environment. */
export function inFile(env: string, chart: string, ...objects: Json[]): SourcedObject[] {
  return objects.map((object) => ({ file: `dist/${env}/${chart}.k8s.yaml`, object }));
}
