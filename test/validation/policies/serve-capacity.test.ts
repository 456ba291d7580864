import { describe, expect, it } from 'vitest';
import { serveCapacity } from '../../../src/validation/policies/serve-capacity';

// Minimal RayServices after KubeRay v1.7.0's own e2e testdata (ray-operator/test/e2erayservice/
// testdata/rayservice.static.yaml: worker with rayStartParams num-cpus "1" and a CPU request only;
// historyserver/config/rayservice.yaml: a head-only RayService). KubeRay derives a group's CPUs
// from its `resources` map / num-cpus, else the CPU limit, else the CPU request
// (ray-operator/controllers/ray/common/pod.go, generateRayStartCommand).
type Obj = Record<string, any>;

const container = (resources: Obj) => ({ name: 'ray', image: 'rayproject/ray:2.52.0', resources });

function rayService(numCpus: number, head: Obj, workers: Obj[] = []): Obj {
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayService',
    metadata: { name: 's' },
    spec: {
      serveConfigV2: `applications:\n- name: app\n  import_path: m:app\n  deployments:\n  - name: D\n    num_replicas: 1\n    ray_actor_options: {num_cpus: ${numCpus}}\n`,
      rayClusterConfig: {
        headGroupSpec: { rayStartParams: head.rayStartParams ?? {}, template: { spec: { containers: [container(head.resources ?? {})] } } },
        workerGroupSpecs: workers.map((w) => ({
          groupName: 'w',
          maxReplicas: 1,
          rayStartParams: w.rayStartParams ?? {},
          template: { spec: { containers: [container(w.resources ?? {})] } },
        })),
      },
    },
  };
}

const errors = (obj: Obj) => serveCapacity.check(obj).filter((f) => f.severity === 'error');
const noHeadTasks = { rayStartParams: { 'num-cpus': '0' }, resources: { limits: { cpu: '2', memory: '4Gi' } } };

describe('policy/serve-capacity: CPUs as Ray sees them', () => {
  it('counts rayStartParams num-cpus of a worker without a CPU limit', () => {
    expect(errors(rayService(1, noHeadTasks, [{ rayStartParams: { 'num-cpus': '1' }, resources: { requests: { cpu: '300m' } } }]))).toEqual([]);
  });

  it('counts the CPU request when there is no CPU limit', () => {
    const obj = rayService(2, noHeadTasks, [{ resources: { requests: { cpu: '2', memory: '4Gi' } } }]);
    // 2 CPUs host a 2-CPU replica, without the rule-of-thumb overhead: warnings, no error
    expect(errors(obj)).toEqual([]);
    expect(serveCapacity.check(obj)).not.toEqual([]);
    expect(serveCapacity.check(rayService(2, noHeadTasks, [{ resources: { requests: { cpu: '3', memory: '4Gi' } } }]))).toEqual([]);
  });

  it('a head-only RayService hosts its replicas on the head', () => {
    expect(serveCapacity.check(rayService(0.5, { resources: { limits: { cpu: '4', memory: '8Gi' } } }))).toEqual([]);
  });

  it('a head that advertises 0 CPUs hosts nothing: a replica with no worker is an error', () => {
    const [finding] = errors(rayService(0.5, noHeadTasks));
    expect(finding.message).toContain('no Ray group (head or worker) can host a replica of app/D');
    expect(finding.message).toContain('groups as Ray sees them: none');
  });

  it('still rejects a replica bigger than every group', () => {
    expect(errors(rayService(8, noHeadTasks, [{ rayStartParams: { 'num-cpus': '4' } }]))).toHaveLength(1);
  });
});
