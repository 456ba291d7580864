import type { EnvironmentDefinition } from '../src/app';
import { rayClusterSpecOf } from '../src/k8s/ray-cluster-spec';
import { KubeObject } from './control-plane';
import { requestsGpu } from './placement';

/** A RayCluster broken on purpose, and what the scheduler must say about its broken group. */
export interface BrokenCluster {
  readonly cluster: KubeObject;
  /** Index of the broken worker group. */
  readonly group: number;
  /** What was broken, for the report. */
  readonly breakage: string;
  /** Must match the scheduler's message for the group's pods. */
  readonly schedulerSays: RegExp;
}

/**
 * Two RayClusters made from the first GPU worker group in the environment's real manifests:
 * one whose GPU group lost its tolerations, one whose GPU worker asks for every vCPU of the
 * largest machine type among the GPU pools (more than any node can allocate once the kubelet's
 * reservation is taken).
 */
export function brokenClusters(objects: readonly KubeObject[], env: EnvironmentDefinition): BrokenCluster[] {
  const isGpuGroup = (g: any) => requestsGpu({ spec: g.template.spec } as KubeObject);
  const source = objects.find((o) => rayClusterSpecOf(o)?.spec.workerGroupSpecs?.some(isGpuGroup));
  if (!source) throw new Error(`no GPU worker group in the manifests of '${env.name}' to break`);
  const spec = rayClusterSpecOf(source)!.spec;
  const group: number = spec.workerGroupSpecs.findIndex(isGpuGroup);

  const make = (name: string, breakGroup: (podSpec: any) => void): KubeObject => {
    const broken = structuredClone(spec);
    broken.workerGroupSpecs[group].replicas = 1;
    broken.workerGroupSpecs[group].minReplicas = 1;
    breakGroup(broken.workerGroupSpecs[group].template.spec);
    return { apiVersion: 'ray.io/v1', kind: 'RayCluster', metadata: { name, namespace: env.namespace }, spec: broken };
  };
  const gpuPools = env.nodePools.filter((p) => p.gpus);
  const taint = gpuPools.flatMap((p) => p.taints)[0];
  const largest = gpuPools.reduce((a, b) => (b.shape.cpu > a.shape.cpu ? b : a));
  const machineCpu = String(largest.shape.cpu);
  return [
    ...(taint
      ? [{
          cluster: make('broken-untolerated', (pod) => delete pod.tolerations),
          group,
          breakage: `GPU group without tolerations (the pool is tainted ${taint.key})`,
          schedulerSays: /untolerated taint/,
        }]
      : []),
    {
      cluster: make('broken-oversized', (pod) => {
        const resources = pod.containers[0].resources;
        resources.requests = { ...resources.requests, cpu: machineCpu };
        resources.limits = { ...resources.limits, cpu: machineCpu };
      }),
      group,
      breakage: `GPU worker requesting ${machineCpu} CPU, all of ${largest.instanceType}'s vCPUs`,
      schedulerSays: /Insufficient cpu/,
    },
  ];
}
