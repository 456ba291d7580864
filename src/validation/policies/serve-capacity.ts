import { yamlField } from '../../k8s/yaml-documents';
import { parseQuantity } from '../../k8s/quantity';
import { fieldPath } from '../../k8s/field-path';
import { Json } from '../../k8s/json';
import { rayClusterSpecOf, workerGroupsOf } from '../../k8s/ray-cluster-spec';
import { Finding } from '../finding';
import { ObjectPolicy } from './policy';

// Source: https://docs.ray.io/en/latest/serve/resource-allocation.html (each replica reserves
// its ray_actor_options num_cpus / num_gpus on a node).

/** CPU a Ray worker pod needs beyond its Serve replicas: raylet, object store, metrics agent, Python. */
export const RAY_WORKER_CPU_OVERHEAD = 0.5;

interface GroupCapacity {
  readonly name: string;
  readonly cpu: number;
  readonly gpus: number;
  readonly maxReplicas: number;
}

function groupCapacity(group: Json): GroupCapacity {
  const limits = group.template?.spec?.containers?.[0]?.resources?.limits ?? {};
  const gpuKey = Object.keys(limits).find((k) => /gpu/i.test(k));
  return {
    name: group.groupName,
    cpu: parseQuantity(limits.cpu) ?? 0,
    gpus: gpuKey ? (parseQuantity(limits[gpuKey]) ?? 0) : 0,
    maxReplicas: group.maxReplicas ?? group.replicas ?? 0,
  };
}

/**
 * A rule of thumb for Serve (ours, not Ray's): a worker pod's CPU is at least the `num_cpus` of the
 * replicas it hosts plus overhead. Checked two ways: every deployment's replica fits some
 * worker group's pod, and at full scale (max replicas everywhere) the worker groups at
 * maxReplicas hold all replicas' CPUs and GPUs.
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
    const groups: GroupCapacity[] = (cluster ? workerGroupsOf(cluster) : []).map(({ group }) => groupCapacity(group));
    const document = yamlField(obj.spec, 'serveConfigV2');
    // Not YAML: ray-serve/schema reports it.
    if (document?.problem !== undefined) return [];
    const config = (document?.value ?? {}) as Json;
    const findings: Finding[] = [];
    let cpuDemand = 0;
    let gpuDemand = 0;
    for (const app of config.applications ?? []) {
      for (const d of app.deployments ?? []) {
        const cpus = d.ray_actor_options?.num_cpus ?? 1;
        const gpus = d.ray_actor_options?.num_gpus ?? 0;
        const replicas = d.autoscaling_config?.max_replicas ?? d.num_replicas ?? 1;
        cpuDemand += replicas * cpus;
        gpuDemand += replicas * gpus;
        const host = groups.find((g) => g.cpu >= cpus + RAY_WORKER_CPU_OVERHEAD && g.gpus >= gpus);
        if (!host) {
          const placeable = groups.some((g) => g.cpu >= cpus && g.gpus >= gpus);
          findings.push({
            rule: this.id,
            severity: placeable ? 'warning' : 'error',
            path: groupsPath,
            message: `no worker group can host a replica of ${app.name}/${d.name} (needs ${cpus} CPU + ${RAY_WORKER_CPU_OVERHEAD} overhead and ${gpus} GPU per pod; groups: ${groups.map((g) => `${g.name} ${g.cpu} CPU/${g.gpus} GPU`).join(', ') || 'none'})`,
          });
        }
      }
    }
    const cpuSupply = groups.reduce((s, g) => s + g.maxReplicas * Math.max(0, g.cpu - RAY_WORKER_CPU_OVERHEAD), 0);
    const gpuSupply = groups.reduce((s, g) => s + g.maxReplicas * g.gpus, 0);
    if (cpuDemand > cpuSupply + 1e-9) {
      findings.push({ rule: this.id, path: groupsPath, message: `Serve replicas at max scale need ${cpuDemand} CPU but worker groups at maxReplicas offer ${cpuSupply} (after ${RAY_WORKER_CPU_OVERHEAD} CPU overhead per pod)` });
    }
    if (gpuDemand > gpuSupply + 1e-9) {
      findings.push({ rule: this.id, path: groupsPath, message: `Serve replicas at max scale need ${gpuDemand} GPUs but worker groups at maxReplicas offer ${gpuSupply}` });
    }
    return findings;
  },
};
