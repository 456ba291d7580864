import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { RayEnvironment } from '../../../src/environments/types';
import { parseQuantity } from '../../../src/k8s/quantity';
import { POLICIES, Policy } from '../../../src/validation/policies';
import { containerResources } from '../../../src/validation/policies/container-resources';
import { fitsNode } from '../../../src/validation/policies/fits-node';
import { gpuPlacement } from '../../../src/validation/policies/gpu-placement';
import { gpuRequestsEqualLimits } from '../../../src/validation/policies/gpu-requests-equal-limits';
import { pinnedImages, rayImageMatchesVersion } from '../../../src/validation/policies/pinned-images';
import { serveCapacity } from '../../../src/validation/policies/serve-capacity';
import { rayJobSubmissionMode } from '../../../src/validation/policies/rayjob-submission-mode';
import { replicasWithinBounds } from '../../../src/validation/policies/replicas-within-bounds';
import { gke, local } from '../../support/environments';

// GIVEN the committed gke sandbox (a RayCluster with a CPU and a GPU group, a RayJob, a RayService)
const sandbox = (): any[] =>
  parseAllDocuments(readFileSync(join(__dirname, '../../../dist/gke/ray-sandbox.k8s.yaml'), 'utf8')).map((d) => d.toJS());
const rayCluster = (): any => sandbox().find((o) => o.kind === 'RayCluster');
const rayService = (): any => sandbox().find((o) => o.kind === 'RayService');
const gpuPod = (obj: any): any => obj.spec.workerGroupSpecs[1].template.spec;
const cpuPod = (obj: any): any => obj.spec.workerGroupSpecs[0].template.spec;

function run(policy: Policy, obj: any, env: RayEnvironment = gke()) {
  return policy.check(obj, { environment: env, objects: [obj] });
}

describe('every policy accepts the committed sandbox', () => {
  test.each(POLICIES.map((p) => [p.id, p] as const))('%s', (_, policy) => {
    for (const obj of sandbox()) expect(run(policy, obj)).toEqual([]);
  });
});

describe('policy/container-resources', () => {
  test('rejects a container without a memory limit', () => {
    const obj = rayCluster();
    delete cpuPod(obj).containers[0].resources.limits.memory;
    expect(run(containerResources, obj)).toEqual([
      expect.objectContaining({ path: 'spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits.memory' }),
    ]);
  });
});

describe('policy/gpu-requests-equal-limits', () => {
  test('rejects GPU requests below limits', () => {
    const obj = rayCluster();
    gpuPod(obj).containers[0].resources.requests['nvidia.com/gpu'] = 0;
    expect(run(gpuRequestsEqualLimits, obj)).toEqual([
      expect.objectContaining({ path: 'spec.workerGroupSpecs[1].template.spec.containers[0].resources.limits[nvidia.com/gpu]', message: 'nvidia.com/gpu requests (0) must equal limits (1)' }),
    ]);
  });
});

describe('policy/gpu-placement', () => {
  test('rejects a GPU group without its toleration', () => {
    const obj = rayCluster();
    delete gpuPod(obj).tolerations;
    const [finding] = run(gpuPlacement, obj);
    expect(finding.path).toBe('spec.workerGroupSpecs[1].template.spec.tolerations');
    expect(finding.message).toMatch(/does not tolerate taint nvidia\.com\/gpu=present:NoSchedule of GPU pool 'gpu-l4-spot'/);
  });
  test('rejects a GPU group that does not select the GPU pool', () => {
    const obj = rayCluster();
    delete gpuPod(obj).nodeSelector;
    expect(run(gpuPlacement, obj)).toEqual([expect.objectContaining({ path: 'spec.workerGroupSpecs[1].template.spec.nodeSelector' })]);
  });
  test('rejects a CPU pod that can land on GPU nodes', () => {
    const obj = rayCluster();
    cpuPod(obj).tolerations = gpuPod(obj).tolerations;
    delete cpuPod(obj).nodeSelector;
    expect(run(gpuPlacement, obj)).toEqual([expect.objectContaining({ path: 'spec.workerGroupSpecs[0].template.spec', message: expect.stringMatching(/requests no GPUs but can be scheduled on GPU pool/) })]);
  });
  test('rejects GPUs in an environment without GPU nodes', () => {
    expect(run(gpuPlacement, rayCluster(), local())[0].message).toMatch(/environment 'local' has no GPU node pool/);
  });
});

describe('policy/pinned-images', () => {
  test.each(['repo/ray', 'repo/ray:latest', 'localhost:5000/ray'])('rejects %s', (image) => {
    const obj = rayCluster();
    cpuPod(obj).containers[0].image = image;
    expect(run(pinnedImages, obj)).toEqual([expect.objectContaining({ path: 'spec.workerGroupSpecs[0].template.spec.containers[0].image' })]);
  });
  test('accepts a digest and a registry with a port', () => {
    const obj = rayCluster();
    cpuPod(obj).containers[0].image = 'localhost:5000/ray@sha256:abc';
    gpuPod(obj).containers[0].image = 'localhost:5000/ray:2.52.0-py311';
    expect(run(pinnedImages, obj)).toEqual([]);
  });
});

describe('policy/ray-image-version', () => {
  test('rejects a Ray image whose tag does not match rayVersion', () => {
    const obj = rayCluster();
    gpuPod(obj).containers[0].image = 'rayproject/ray:2.9.0-gpu';
    expect(run(rayImageMatchesVersion, obj)).toEqual([
      expect.objectContaining({ path: 'spec.workerGroupSpecs[1].template.spec.containers[0].image', message: expect.stringMatching(/must start with rayVersion '2\.52\.0'/) }),
    ]);
  });
});

describe('policy/fits-node', () => {
  test('rejects a pod bigger than its node (memory)', () => {
    const obj = rayCluster();
    const resources = gpuPod(obj).containers[0].resources;
    // GIVEN a GPU worker asking for 2Gi more than its node has after the reserve
    const { instanceType, name, shape } = gke().gpuPool!;
    const [memory, reserved] = [shape.memory.toGibibytes(), shape.reservedMemory.toGibibytes()];
    resources.requests.memory = resources.limits.memory = `${memory - reserved + 2}Gi`;
    const [finding] = run(fitsNode, obj);
    expect(finding.path).toBe('spec.workerGroupSpecs[1].template.spec.containers');
    expect(finding.message).toBe(
      `pod requests ${memory - reserved + 2}Gi memory but a ${instanceType} node of pool '${name}' has ${memory - reserved}Gi allocatable (${memory}Gi minus ${reserved}Gi reserved)`,
    );
  });
  test('counts the autoscaler sidecar on the head', () => {
    // GIVEN a head that alone takes every allocatable CPU of its node
    const obj = rayCluster();
    const { shape, instanceType } = gke().cpuPool;
    const allocatable = shape.cpu - shape.reservedCpu;
    const head = obj.spec.headGroupSpec.template.spec.containers[0].resources;
    head.requests.cpu = head.limits.cpu = String(allocatable);
    // THEN the autoscaler sidecar KubeRay injects beside it no longer fits
    const sidecar = parseQuantity(obj.spec.autoscalerOptions.resources.requests.cpu)!;
    expect(run(fitsNode, obj)[0].message).toContain(`pod requests ${allocatable + sidecar} CPU but a ${instanceType} node`);
    expect(run(fitsNode, obj)[0].message).toContain(`has ${allocatable} allocatable`);
  });
});

describe('policy/serve-capacity', () => {
  test('rejects replicas that need more CPU than any worker pod has after overhead', () => {
    const obj = rayService();
    obj.spec.serveConfigV2 = obj.spec.serveConfigV2.replace('num_cpus: 1\n', 'num_cpus: 2\n');
    expect(run(serveCapacity, obj)).toEqual([]);
    // more vCPUs than any machine has
    obj.spec.serveConfigV2 = obj.spec.serveConfigV2.replace('num_cpus: 2\n', 'num_cpus: 1000\n');
    expect(run(serveCapacity, obj)[0].message).toMatch(/no worker group can host a replica of embeddings\/EmbeddingModel/);
  });
  test('rejects more replicas at max scale than the worker groups hold', () => {
    const obj = rayService();
    obj.spec.serveConfigV2 = obj.spec.serveConfigV2.replace('max_replicas: 2', 'max_replicas: 3');
    expect(run(serveCapacity, obj).map((f) => f.message)).toEqual([
      'Serve replicas at max scale need 3 GPUs but worker groups at maxReplicas offer 2',
    ]);
  });
});

describe('policy/replicas-within-bounds (not KubeRay: it clamps)', () => {
  const cluster = (group: Record<string, unknown>) => ({
    apiVersion: 'ray.io/v1',
    kind: 'RayCluster',
    spec: { headGroupSpec: {}, workerGroupSpecs: [{ groupName: 'cpu', ...group }] },
  });
  test('warns about replicas below minReplicas with autoscaling off, naming what KubeRay runs', () => {
    expect(replicasWithinBounds.check(cluster({ replicas: 0, minReplicas: 2, maxReplicas: 4 }))).toEqual([
      {
        rule: 'policy/replicas-within-bounds',
        path: 'spec.workerGroupSpecs[0].replicas',
        message: "worker group 'cpu' has replicas 0 outside [minReplicas 2, maxReplicas 4]; KubeRay silently runs 2",
      },
    ]);
    expect(replicasWithinBounds.severity).toBe('warning');
  });
  test('accepts replicas within bounds and a left-out replicas', () => {
    expect(replicasWithinBounds.check(cluster({ replicas: 3, minReplicas: 2, maxReplicas: 4 }))).toEqual([]);
    expect(replicasWithinBounds.check(cluster({ minReplicas: 2, maxReplicas: 4 }))).toEqual([]);
  });
});

describe('policy/rayjob-submission-mode', () => {
  const job = (mode: string) => ({ apiVersion: 'ray.io/v1', kind: 'RayJob', spec: { submissionMode: mode } });
  test('rejects a misspelled mode, which the CRD and KubeRay accept and then never submit', () => {
    expect(rayJobSubmissionMode.check(job('K8SJobMode')).map((f) => f.path)).toEqual(['spec.submissionMode']);
  });
  test.each(['K8sJobMode', 'HTTPMode', 'InteractiveMode', 'SidecarMode'])('accepts %s', (mode) => {
    expect(rayJobSubmissionMode.check(job(mode))).toEqual([]);
  });
});
