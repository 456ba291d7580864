import { yamlField } from '../../k8s/yaml-documents';
import { fieldPath } from '../../k8s/field-path';
import { Json, objectItems } from '../../k8s/json';
import { rayGroupsOf, rayNodeResources } from './ray-node-resources';
import { rayClusterSpecOf } from '../../k8s/ray-cluster-spec';
import { RayGroup } from '../kuberay/cluster-scope';
import { Finding } from '../finding';
import { ObjectPolicy } from './policy';

// Source: https://docs.ray.io/en/latest/serve/resource-allocation.html (each replica reserves
// its ray_actor_options num_cpus / num_gpus on a node).

/** CPU a Ray worker pod needs beyond its Serve replicas: raylet, object store, metrics agent, Python. */
export const RAY_WORKER_CPU_OVERHEAD = 0.5;

interface GroupCapacity {
  readonly name: string;
  /** Logical CPUs Ray advertises; undefined when Ray detects them itself (no CPU anywhere). */
  readonly cpu: number | undefined;
  readonly gpus: number;
  /** Logical memory in bytes; undefined when Ray detects it itself. */
  readonly memory: number | undefined;
  /** Pods of the group at full scale: 1 for the head. */
  readonly maxReplicas: number;
}

/**
 * What Ray can place on a group's pods: its logical resources as KubeRay v1.7.0 derives them
 * (`rayNodeResources`: typed `resources` map / rayStartParams, else the CPU limit, else the CPU
 * request; ray-operator/controllers/ray/common/pod.go `generateRayStartCommand`). The head hosts
 * replicas too (historyserver's head-only RayService in KubeRay's repo) unless it advertises 0 CPUs.
 */
function hostsOf(groups: readonly RayGroup[]): GroupCapacity[] {
  return groups.flatMap((group, index) => {
    const { cpus, gpus, memory } = rayNodeResources(group);
    if (index === 0 && cpus === 0) return [];
    const maxReplicas = index === 0 ? 1 : Number(group.group.maxReplicas ?? group.group.replicas ?? 0) || 0;
    return [{ name: group.name, cpu: cpus, gpus: gpus ?? 0, memory, maxReplicas }];
  });
}

const describeHost = (g: GroupCapacity) => `${g.name} ${g.cpu ?? 'auto-detected'} CPU/${g.gpus} GPU`;

/**
 * A rule of thumb for Serve (ours, not Ray's): a Ray pod's logical CPUs are at least the `num_cpus`
 * of the replicas it hosts plus overhead. Checked two ways: every deployment's replica fits some
 * group's pod (head included), and at full scale (max replicas everywhere) the head and the
 * worker groups at maxReplicas hold all replicas' CPUs and GPUs.
 */
export const serveCapacity: ObjectPolicy = {
  id: 'policy/serve-capacity',
  description: 'worker pods hold the Serve replicas they must host, plus overhead',
  // A sizing rule of thumb (the overhead is ours, not Ray's): a warning, except a replica that
  // needs more CPU or GPUs than any worker pod has at all, which Ray can never place.
  severity: 'warning',
  check(obj) {
    if (obj.kind !== 'RayService' || typeof obj.spec?.serveConfigV2 !== 'string') return [];
    const cluster = rayClusterSpecOf(obj);
    const groupsPath = fieldPath(cluster?.path ?? 'spec.rayClusterConfig', 'workerGroupSpecs');
    const groups = hostsOf(rayGroupsOf(obj));
    const document = yamlField(obj.spec, 'serveConfigV2');
    // Not YAML: ray-serve/schema reports it.
    if (document?.problem !== undefined) return [];
    const config = (document?.value ?? {}) as Json;
    const findings: Finding[] = [];
    let cpuDemand = 0;
    let gpuDemand = 0;
    // Parts of the wrong type read as absent (ray-serve/schema reports them).
    for (const { item: app } of objectItems(config.applications)) {
      for (const { item: d } of objectItems(app.deployments)) {
        const cpus = d.ray_actor_options?.num_cpus ?? 1;
        const gpus = d.ray_actor_options?.num_gpus ?? 0;
        const memory = d.ray_actor_options?.memory ?? 0;
        const replicas = d.autoscaling_config?.max_replicas ?? d.num_replicas ?? 1;
        cpuDemand += replicas * cpus;
        gpuDemand += replicas * gpus;
        const fits = (g: GroupCapacity, overhead: number) =>
          (g.cpu === undefined || g.cpu >= cpus + overhead) && g.gpus >= gpus && (g.memory === undefined || g.memory >= memory);
        if (!groups.some((g) => fits(g, RAY_WORKER_CPU_OVERHEAD))) {
          const placeable = groups.some((g) => fits(g, 0));
          findings.push({
            rule: this.id,
            severity: placeable ? 'warning' : 'error',
            path: groupsPath,
            message: `no Ray group (head or worker) can host a replica of ${app.name}/${d.name} (needs ${cpus} CPU + ${RAY_WORKER_CPU_OVERHEAD} overhead${memory ? `, ${memory} bytes of memory` : ''} and ${gpus} GPU per pod; groups as Ray sees them: ${groups.map(describeHost).join(', ') || 'none'})`,
          });
        }
      }
    }
    // A group whose CPUs Ray detects itself has unknown supply: no CPU total then.
    const cpuKnown = groups.every((g) => g.cpu !== undefined);
    const cpuSupply = groups.reduce((s, g) => s + g.maxReplicas * Math.max(0, (g.cpu ?? 0) - RAY_WORKER_CPU_OVERHEAD), 0);
    const gpuSupply = groups.reduce((s, g) => s + g.maxReplicas * g.gpus, 0);
    if (cpuKnown && cpuDemand > cpuSupply + 1e-9) {
      findings.push({ rule: this.id, path: groupsPath, message: `Serve replicas at max scale need ${cpuDemand} CPU but the head and worker groups at maxReplicas offer ${cpuSupply} (after ${RAY_WORKER_CPU_OVERHEAD} CPU overhead per pod)` });
    }
    if (gpuDemand > gpuSupply + 1e-9) {
      findings.push({ rule: this.id, path: groupsPath, message: `Serve replicas at max scale need ${gpuDemand} GPUs but the head and worker groups at maxReplicas offer ${gpuSupply}` });
    }
    return findings;
  },
};
