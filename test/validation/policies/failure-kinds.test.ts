import { describe, expect, it } from 'vitest';
import { kuberayLogicalCount } from '../../../src/k8s/ray-logical-resources';
import { objectStoreFitsMemory, rayAdvertisesCpus, rayGpusMatchLimit, rayStartParamsShellSafe, rayStartParamsWholeNumbers } from '../../../src/validation/policies/ray-start-params';
import { rwxStorageClass } from '../../../src/validation/policies/rwx-storage-class';

// One minimal object per reported failure kind.
type Obj = Record<string, any>;

function rayJob(worker: Obj = {}, head: Obj = {}): Obj {
  const container = (resources: Obj) => ({ name: 'ray', image: 'rayproject/ray:2.52.0', resources });
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayJob',
    metadata: { name: 'j' },
    spec: {
      rayClusterSpec: {
        headGroupSpec: { rayStartParams: head.rayStartParams ?? {}, template: { spec: { containers: [container(head.resources ?? { limits: { cpu: '1', memory: '4Gi' } })] } } },
        workerGroupSpecs: [
          {
            groupName: 'w',
            maxReplicas: 2,
            rayStartParams: worker.rayStartParams ?? {},
            ...(worker.groupResources ? { resources: worker.groupResources } : {}),
            template: { spec: { containers: [container(worker.resources ?? { limits: { cpu: '1', memory: '4Gi' } })] } },
          },
        ],
      },
    },
  };
}

const paths = (findings: { path: string }[]) => findings.map((f) => f.path);

describe('half-core workers: num-cpus as KubeRay v1.7.0 derives it', () => {
  it('rounds a fractional CPU up, as resource.Quantity.Value() does', () => {
    expect([0.5, 1, 1.2, 2].map(kuberayLogicalCount)).toEqual([1, 1, 2, 2]);
  });

  it('a 500m worker without num-cpus advertises 1 CPU (KubeRay rounds up): fine', () => {
    expect(rayAdvertisesCpus.check(rayJob({ resources: { limits: { cpu: '500m', memory: '2Gi' } } }))).toEqual([]);
  });

  it('a worker whose num-cpus is 0 runs no task: error at its rayStartParams', () => {
    expect(paths(rayAdvertisesCpus.check(rayJob({ rayStartParams: { 'num-cpus': '0' } })))).toEqual([
      'spec.rayClusterSpec.workerGroupSpecs[0].rayStartParams',
    ]);
  });

  it("the group's typed resources map wins over rayStartParams, as in KubeRay", () => {
    expect(rayAdvertisesCpus.check(rayJob({ rayStartParams: { 'num-cpus': '0' }, groupResources: { CPU: '2' } }))).toEqual([]);
  });
});

describe('num-gpus against the nvidia.com/gpu limit', () => {
  const gpuWorker = (numGpus: string, limit: string) =>
    rayJob({ rayStartParams: { 'num-gpus': numGpus }, resources: { limits: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': limit } } });

  it('more GPUs for Ray than the container has is an error naming both fields', () => {
    const [finding] = rayGpusMatchLimit.check(gpuWorker('2', '1'));
    expect(finding.severity).toBe('error');
    expect(finding.path).toBe('spec.rayClusterSpec.workerGroupSpecs[0].rayStartParams.num-gpus');
    expect(finding.message).toContain('containers[0].resources.limits[nvidia.com/gpu]) is 1');
  });

  it('num-gpus without any GPU limit is a warning: logical GPUs on a CPU pod, as KubeRay v1.7.0 samples/ray-job.resources.yaml does on purpose', () => {
    const noLimit = rayJob({ rayStartParams: { 'num-gpus': '1' }, resources: { limits: { cpu: '4', memory: '16Gi' } } });
    expect(rayGpusMatchLimit.check(noLimit).map((f) => f.severity)).toEqual(['warning']);
  });

  it('fewer is a warning; equal is fine; left out is derived by KubeRay', () => {
    expect(rayGpusMatchLimit.check(gpuWorker('1', '2')).map((f) => f.severity)).toEqual(['warning']);
    expect(rayGpusMatchLimit.check(gpuWorker('1', '1'))).toEqual([]);
    expect(rayGpusMatchLimit.check(rayJob({ resources: { limits: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '1' } } }))).toEqual([]);
  });
});

describe('rayStartParams that ray start parses as whole numbers (click type=int in ray/scripts/scripts.py)', () => {
  it.each(['num-cpus', 'num-gpus', 'memory', 'object-store-memory'])('rejects a fractional %s, naming the field', (key) => {
    const [finding] = rayStartParamsWholeNumbers.check(rayJob({ rayStartParams: { [key]: '0.5' } }));
    expect(finding.path).toBe(`spec.rayClusterSpec.workerGroupSpecs[0].rayStartParams.${key}`);
    expect(finding.message).toContain('expected a whole number');
    expect(finding.message).toContain('got "0.5"');
  });

  it('accepts whole numbers, quoted whole numbers and shell variables; ignores other keys', () => {
    const ok = rayJob({ rayStartParams: { 'num-cpus': '2', 'num-gpus': '"1"', memory: '$RAY_MEMORY', 'dashboard-host': '0.0.0.0' } });
    expect(rayStartParamsWholeNumbers.check(ok)).toEqual([]);
  });
});

describe('object store larger than /dev/shm (sized from the memory limit)', () => {
  it('rejects object-store-memory at or above the memory limit, accepts it below', () => {
    const big = rayJob({ rayStartParams: { 'object-store-memory': String(8 * 2 ** 30) }, resources: { limits: { cpu: '2', memory: '4Gi' } } });
    expect(paths(objectStoreFitsMemory.check(big))).toEqual(['spec.rayClusterSpec.workerGroupSpecs[0].rayStartParams.object-store-memory']);
    const small = rayJob({ rayStartParams: { 'object-store-memory': String(2 ** 30) }, resources: { limits: { cpu: '2', memory: '4Gi' } } });
    expect(objectStoreFitsMemory.check(small)).toEqual([]);
  });

  it("refuses an object store below Ray's 75 MiB minimum: asked for, or Ray's default 30% of a container under 250 MiB", () => {
    const asked = rayJob({ rayStartParams: { 'object-store-memory': String(50 * 2 ** 20) }, resources: { limits: { cpu: '2', memory: '4Gi' } } });
    expect(objectStoreFitsMemory.check(asked)).toEqual([
      {
        rule: 'policy/object-store-fits-memory',
        path: 'spec.rayClusterSpec.workerGroupSpecs[0].rayStartParams.object-store-memory',
        message: expect.stringMatching(/asks for an object store of 52428800 bytes; expected at least Ray's minimum of 78643200 bytes \(75Mi; ray start refuses less/),
      },
    ]);
    const tiny = rayJob({ resources: { limits: { cpu: '1', memory: '200Mi' }, requests: { cpu: '1', memory: '200Mi' } } });
    const [finding, ...rest] = objectStoreFitsMemory.check(tiny);
    expect(rest).toEqual([]);
    expect(finding.path).toBe('spec.rayClusterSpec.workerGroupSpecs[0].template.spec.containers[0].resources.limits.memory');
    expect(finding.message).toMatch(/has 200Mi of memory, so Ray's default object store \(30% of it\) is 62914560 bytes; expected at least Ray's minimum .*: give the container at least 250Mi$/);
    expect(objectStoreFitsMemory.check(rayJob({ resources: { limits: { cpu: '1', memory: '250Mi' } } }))).toEqual([]);
    expect(objectStoreFitsMemory.check(rayJob({ rayStartParams: { 'object-store-memory': String(80 * 2 ** 20) }, resources: { limits: { cpu: '1', memory: '200Mi' } } }))).toEqual([]);
  });
});

describe('rayStartParams values KubeRay writes unquoted into bash -lc', () => {
  it('rejects JSON resources and offers the typed group resources map', () => {
    const [finding] = rayStartParamsShellSafe.check(rayJob({ rayStartParams: { resources: '{"TPU": 4}' } }));
    expect(finding.path).toBe('spec.rayClusterSpec.workerGroupSpecs[0].rayStartParams.resources');
    expect(finding.message).toContain("use the group's typed 'resources' map instead");
  });

  it("accepts a value quoted whole (KubeRay's samples), plain values and $VAR expansion", () => {
    const ok = rayJob({ rayStartParams: { resources: '"{\\"Custom1\\": 1}"', 'metrics-export-port': '8080', 'redis-password': '$REDIS_PASSWORD' } });
    expect(rayStartParamsShellSafe.check(ok)).toEqual([]);
  });
});

describe('node-local provisioner named as the ReadWriteMany class', () => {
  const pvc = (storageClassName: string, mode = 'ReadWriteMany') => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data' },
    spec: { accessModes: [mode], storageClassName, resources: { requests: { storage: '10Gi' } } },
  });
  it.each(['local-path', 'hostpath', 'standard', 'managed-csi', 'standard-rwo', 'gp3'])('rejects %s', (name) => {
    expect(paths(rwxStorageClass.check(pvc(name)))).toEqual(['spec.storageClassName']);
  });
  it('names what the class is', () => {
    expect(rwxStorageClass.check(pvc('managed-csi'))[0].message).toContain("'managed-csi', AKS's Azure Disk class, a block disk attached to one node at a time");
  });
  it('accepts an RWX class, a node-local class for ReadWriteOnce, and a shared block disk (volumeMode Block)', () => {
    expect(rwxStorageClass.check(pvc('filestore-rwx'))).toEqual([]);
    expect(rwxStorageClass.check(pvc('azurefile-csi'))).toEqual([]);
    expect(rwxStorageClass.check(pvc('local-path', 'ReadWriteOnce'))).toEqual([]);
    const shared = pvc('io2');
    (shared.spec as Record<string, unknown>).volumeMode = 'Block';
    expect(rwxStorageClass.check(shared)).toEqual([]);
  });
});
