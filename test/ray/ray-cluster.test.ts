import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import { RayCluster, RayClusterUpgradeStrategy } from '../../src/ray/ray-cluster';
import { Accelerator, SpotPolicy } from '../../src/environments/types';
import { fleetEnvironment } from '../support/fleet-environment';
import { gke, local } from '../support/environments';

const cpuWorker = { cpu: Cpu.units(2), memory: Size.gibibytes(4) };
const gpuWorker = { cpu: Cpu.units(3), memory: Size.gibibytes(12), gpus: 1 };

function synth(build: (chart: Chart) => void): any {
  const chart = Testing.chart();
  build(chart);
  return Testing.synth(chart)[0];
}

describe('RayCluster', () => {
  test('a half-core worker tells Ray 1 CPU, as KubeRay v1.7.0 derives it (Quantity.Value() rounds up), never 0', () => {
    const obj = synth((chart) =>
      new RayCluster(chart, 'c', { environment: local(), name: 'dev', workerGroups: [{ groupName: 'cpu', resources: { cpu: Cpu.millis(500), memory: Size.gibibytes(1) }, replicas: 1 }] }),
    );
    // Ray's logical CPUs go in KubeRay's typed group-level `resources` map, never in rayStartParams.
    expect(obj.spec.workerGroupSpecs[0].resources.CPU).toBe('1');
    expect(obj.spec.workerGroupSpecs[0].rayStartParams?.['num-cpus']).toBeUndefined();
  });

  test('defaults: head not schedulable, Recreate upgrades, no autoscaler for fixed groups', () => {
    const obj = synth((chart) =>
      new RayCluster(chart, 'c', { environment: local(), name: 'dev', workerGroups: [{ groupName: 'cpu', resources: cpuWorker, replicas: 1 }] }),
    );
    expect(obj.kind).toBe('RayCluster');
    expect(obj.spec.rayVersion).toBe(local().ray.version);
    expect(obj.spec.upgradeStrategy).toEqual({ type: 'Recreate' });
    expect(obj.spec.enableInTreeAutoscaling).toBeUndefined();
    expect(obj.spec.headGroupSpec.rayStartParams['num-cpus']).toBe('0');
    const head = obj.spec.headGroupSpec.template.spec;
    expect(head.containers[0].ports.map((p: any) => p.containerPort)).toEqual([6379, 8265, 10001, 8000, 8080]);
    expect(head.restartPolicy).toBeUndefined();
    const group = obj.spec.workerGroupSpecs[0];
    expect([group.replicas, group.minReplicas, group.maxReplicas]).toEqual([1, 1, 1]);
    expect(group.rayStartParams).toEqual({});
    expect(group.resources).toEqual({ CPU: '2' });
    expect(group.template.spec.containers[0].resources.requests).toEqual(group.template.spec.containers[0].resources.limits);
  });

  test('autoscaled groups: autoscaler v2 on, restartPolicy Never on every pod, scale to zero allowed', () => {
    const obj = synth((chart) =>
      new RayCluster(chart, 'c', {
        environment: fleetEnvironment(),
        name: 'dev',
        workerGroups: [
          { groupName: 'cpu', resources: cpuWorker, minReplicas: 1, maxReplicas: 3 },
          { groupName: 'gpu', resources: gpuWorker, minReplicas: 0, maxReplicas: 2 },
        ],
      }),
    );
    expect(obj.spec.enableInTreeAutoscaling).toBe(true);
    expect(obj.spec.autoscalerOptions).toMatchObject({ version: 'v2', upscalingMode: 'Default', idleTimeoutSeconds: 60 });
    const pods = [obj.spec.headGroupSpec, ...obj.spec.workerGroupSpecs].map((g: any) => g.template.spec);
    expect(pods.map((p) => p.restartPolicy)).toEqual(['Never', 'Never', 'Never']);
    expect(obj.spec.workerGroupSpecs[1]).toMatchObject({ replicas: 0, minReplicas: 0, maxReplicas: 2 });
    // The autoscaler sidecar runs in the head pod and needs its API token; workers get none.
    expect(pods.map((p) => p.automountServiceAccountToken)).toEqual([undefined, false, false]);
  });

  test("a GPU group gets its accelerator's pools (spot first), their tolerations, the CUDA image, and Ray the GPU count and accelerator", () => {
    const resources = { ...gpuWorker, accelerator: Accelerator.NVIDIA_L4, spot: SpotPolicy.PREFERRED };
    const obj = synth((chart) =>
      new RayCluster(chart, 'c', { environment: fleetEnvironment(), name: 'dev', workerGroups: [{ groupName: 'gpu', resources, maxReplicas: 2 }] }),
    );
    const group = obj.spec.workerGroupSpecs[0];
    const pod = group.template.spec;
    expect(group.rayStartParams).toEqual({});
    expect(group.resources).toEqual({ CPU: '3', GPU: '1', 'accelerator_type:L4': '1' });
    expect(pod.containers[0].resources.limits['nvidia.com/gpu']).toBe(1);
    expect(pod.containers[0].resources.requests['nvidia.com/gpu']).toBe(1);
    expect(pod.containers[0].image).toMatch(/:2\.52\.0-py311-gpu$/);
    const pool = (name: string) => ({ matchExpressions: [{ key: 'eks.amazonaws.com/nodegroup', operator: 'In', values: [name] }] });
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [pool('l4-spot'), pool('l4')] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: pool('l4-spot') }],
      },
    });
    expect(pod.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
      { key: 'spot', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
    ]);
  });

  test('the head and CPU groups stay on the CPU pool, with no GPU tolerations', () => {
    const obj = synth((chart) =>
      new RayCluster(chart, 'c', { environment: fleetEnvironment(), name: 'dev', workerGroups: [{ groupName: 'cpu', resources: cpuWorker }] }),
    );
    for (const g of [obj.spec.headGroupSpec, obj.spec.workerGroupSpecs[0]]) {
      expect(g.template.spec.nodeSelector).toEqual({ 'eks.amazonaws.com/nodegroup': 'cpu' });
      expect(g.template.spec.tolerations).toBeUndefined();
      expect(g.template.spec.affinity).toBeUndefined();
    }
  });

  test('custom: upgrade strategy None, schedulable head, volumes on every pod', () => {
    const obj = synth((chart) => {
      const cluster = new RayCluster(chart, 'c', {
        environment: local(),
        name: 'dev',
        upgradeStrategy: RayClusterUpgradeStrategy.NONE,
        head: { schedulable: true, resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4) } },
        workerGroups: [{ groupName: 'cpu', resources: cpuWorker, replicas: 1 }],
      });
      cluster.config.addVolume({ volume: { name: 'data', persistentVolumeClaim: { claimName: 'data' } }, mountPath: '/data' });
    });
    expect(obj.spec.upgradeStrategy).toEqual({ type: 'None' });
    expect(obj.spec.headGroupSpec.rayStartParams['num-cpus']).toBe('2');
    for (const g of [obj.spec.headGroupSpec, obj.spec.workerGroupSpecs[0]]) {
      expect(g.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
      expect(g.template.spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'data' } });
    }
  });

  test.each([
    [{ replicas: 5, minReplicas: 1, maxReplicas: 3 }, /workerGroups\[0\]\.replicas: expected within minReplicas\.\.maxReplicas \(1\.\.3\), got 5/],
    [{ minReplicas: 4, maxReplicas: 2 }, /workerGroups\[0\]\.maxReplicas: expected >= minReplicas \(4\), got 2/],
    [{ replicas: -1 }, /workerGroups\[0\]\.replicas: expected a whole number >= 0/],
  ])('rejects bad replica counts %j', (counts, message) => {
    expect(() =>
      new RayCluster(Testing.chart(), 'c', { environment: local(), name: 'dev', workerGroups: [{ groupName: 'cpu', resources: cpuWorker, ...counts }] }),
    ).toThrow(message);
  });

  test('rejects GPUs no pool offers, naming the group, the field and the environment', () => {
    expect(() =>
      new RayCluster(Testing.chart(), 'c', { environment: local(), name: 'dev', workerGroups: [{ groupName: 'gpu', resources: gpuWorker }] }),
    ).toThrow("c: workerGroups[0].resources.gpus: expected 0: environment 'local' has no GPU node pool, got 1");
    expect(() =>
      new RayCluster(Testing.chart(), 'c', {
        environment: fleetEnvironment(),
        name: 'dev',
        workerGroups: [{ groupName: 'gpu', resources: { ...gpuWorker, accelerator: Accelerator.NVIDIA_TESLA_T4 } }],
      }),
    ).toThrow(/workerGroups\[0\]\.resources\.accelerator: expected an accelerator a node pool of environment 'fleet' offers/);
  });

  test('rejects hand-set num-gpus, duplicate groups, bad names and idle timeouts without autoscaler v2', () => {
    const env = gke();
    expect(() =>
      new RayCluster(Testing.chart(), 'c', { environment: env, name: 'dev', workerGroups: [{ groupName: 'g', resources: cpuWorker, rayStartParams: { 'num-gpus': '1' } }] }),
    ).toThrow(/rayStartParams\.num-gpus: expected no Ray resources here: they are derived from resources/);
    expect(() =>
      new RayCluster(Testing.chart(), 'c', { environment: env, name: 'dev', workerGroups: [{ groupName: 'g', resources: cpuWorker }, { groupName: 'g', resources: cpuWorker }] }),
    ).toThrow(/expected unique group names, got 'g' twice/);
    expect(() => new RayCluster(Testing.chart(), 'c', { environment: env, name: 'Dev_1', workerGroups: [] })).toThrow(
      /metadata\.name: expected a DNS-1035 label .*, got 'Dev_1'/,
    );
    expect(() =>
      new RayCluster(Testing.chart(), 'c', {
        environment: env,
        name: 'dev',
        autoscaler: false,
        workerGroups: [{ groupName: 'g', resources: cpuWorker, idleTimeout: Duration.seconds(30) }],
      }),
    ).toThrow(/workerGroups\[0\]\.idleTimeout: per-group idle timeouts need the v2 autoscaler/);
  });
});
