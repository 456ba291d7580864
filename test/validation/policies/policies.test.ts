import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { RayEnvironment } from '../../../src/environments/types';
import { parseQuantity } from '../../../src/k8s/quantity';
import { POLICIES, Policy } from '../../../src/validation/policies';
import { containerResources } from '../../../src/validation/policies/container-resources';
import { cronSchedules } from '../../../src/validation/policies/cron-schedules';
import { redisAddress } from '../../../src/validation/policies/redis-address';
import { fitsNode } from '../../../src/validation/policies/fits-node';
import { gpuPlacement } from '../../../src/validation/policies/gpu-placement';
import { gpuRequestsEqualLimits } from '../../../src/validation/policies/gpu-requests-equal-limits';
import { pinnedImages, rayImageMatchesVersion } from '../../../src/validation/policies/pinned-images';
import { serveCapacity } from '../../../src/validation/policies/serve-capacity';
import { rayJobEntrypoint } from '../../../src/validation/policies/rayjob-entrypoint';
import { rayJobSubmissionMode } from '../../../src/validation/policies/rayjob-submission-mode';
import { replicasWithinBounds } from '../../../src/validation/policies/replicas-within-bounds';
import { Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Accelerator, SpotPolicy } from '../../../src/environments/types';
import { RayCluster } from '../../../src/ray/ray-cluster';
import { fleetEnvironment } from '../../support/fleet-environment';
import { cpuPool, firstGpuPool, gke, local } from '../../support/environments';

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
      expect.objectContaining({ path: 'spec.workerGroupSpecs[1].template.spec.containers[0].resources.limits[nvidia.com/gpu]', message: 'nvidia.com/gpu: expected requests equal to limits (1), got requests 0' }),
    ]);
  });
});

describe('policy/gpu-placement', () => {
  // GIVEN a cluster on an environment with two GPU types and spot plus on-demand pools
  const fleetCluster = (): any => {
    const chart = Testing.chart();
    new RayCluster(chart, 'c', {
      environment: fleetEnvironment(),
      name: 'fleet',
      workerGroups: [
        { groupName: 'cpu', resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4) } },
        { groupName: 'l4', resources: { cpu: Cpu.units(4), memory: Size.gibibytes(16), gpus: 1, accelerator: Accelerator.NVIDIA_L4, spot: SpotPolicy.PREFERRED } },
      ],
    });
    return Testing.synth(chart)[0];
  };
  const runFleet = (obj: any) => run(gpuPlacement, obj, fleetEnvironment());

  test('accepts pods placed by the resolver', () => {
    expect(runFleet(fleetCluster())).toEqual([]);
  });
  test('rejects a GPU group without its tolerations: it can land nowhere, and each pool says why', () => {
    const obj = fleetCluster();
    delete gpuPod(obj).tolerations;
    expect(runFleet(obj)).toEqual([
      expect.objectContaining({
        path: 'spec.workerGroupSpecs[1].template.spec',
        message: expect.stringContaining("'l4-spot': no toleration for nvidia.com/gpu=true:NoSchedule, spot=true:NoSchedule; 'l4': no toleration for nvidia.com/gpu=true:NoSchedule"),
      }),
    ]);
  });
  test('rejects a GPU pod whose selection lets it onto a pool with fewer GPUs per node than it asks for', () => {
    const obj = fleetCluster();
    for (const key of ['requests', 'limits']) gpuPod(obj).containers[0].resources[key]['nvidia.com/gpu'] = 2;
    expect(runFleet(obj).map((f: any) => f.message)).toEqual([
      expect.stringMatching(/requests 2 GPU\(s\) but can be scheduled on pool 'l4-spot' whose g6\.2xlarge nodes have 1/),
      expect.stringMatching(/pool 'l4' whose g6\.2xlarge nodes have 1/),
    ]);
  });
  test('rejects a CPU pod that can land on GPU nodes, naming each GPU pool whose taints it tolerates', () => {
    const obj = fleetCluster();
    cpuPod(obj).tolerations = gpuPod(obj).tolerations;
    delete cpuPod(obj).nodeSelector;
    expect(runFleet(obj).map((f: any) => f.message)).toEqual(
      ['l4-spot', 'l4', 'h100'].map((pool) => expect.stringContaining(`requests no GPUs but can be scheduled on GPU pool '${pool}'`)),
    );
  });
  test('rejects GPUs in an environment without GPU nodes', () => {
    expect(run(gpuPlacement, fleetCluster(), local())).toContainEqual(
      expect.objectContaining({ path: 'spec.workerGroupSpecs[1].template.spec', message: "pod requests 1 GPU(s) but environment 'local' has no GPU node pool" }),
    );
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
      expect.objectContaining({ path: 'spec.workerGroupSpecs[1].template.spec.containers[0].image', message: expect.stringMatching(/expected an image tag that starts with rayVersion '2\.52\.0'/) }),
    ]);
  });
});

describe('policy/fits-node', () => {
  test('rejects a pod bigger than its node (memory)', () => {
    const obj = rayCluster();
    const resources = gpuPod(obj).containers[0].resources;
    // GIVEN a GPU worker asking for 2Gi more than its node has after the reserve
    const { instanceType, name, shape } = firstGpuPool(gke());
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
    const { shape, instanceType } = cpuPool(gke());
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
    expect(run(serveCapacity, obj)[0].message).toMatch(/no Ray group \(head or worker\) can host a replica of embeddings\/EmbeddingModel/);
  });
  test('rejects more replicas at max scale than the worker groups hold', () => {
    const obj = rayService();
    obj.spec.serveConfigV2 = obj.spec.serveConfigV2.replace('max_replicas: 2', 'max_replicas: 3');
    expect(run(serveCapacity, obj).map((f) => f.message)).toEqual([
      'Serve replicas at max scale need 3 GPUs but the head and worker groups at maxReplicas offer 2',
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

describe('policy/rayjob-entrypoint', () => {
  const job = (spec: object) => ({ apiVersion: 'ray.io/v1', kind: 'RayJob', spec });
  test.each([
    [{}, 'nothing'],
    [{ entrypoint: '  ' }, '"  "'],
    [{ submissionMode: 'SidecarMode' }, 'nothing'],
    [{ submissionMode: 'SidecarMode', submitterPodTemplate: { spec: { containers: [{ name: 's', command: ['/submitter'] }] } } }, 'nothing'],
  ])('a submitter with no entrypoint would run `ray job submit -- ;`: %j', (spec, got) => {
    const [finding] = rayJobEntrypoint.check(job(spec));
    expect(finding).toMatchObject({ rule: 'policy/rayjob-entrypoint', path: 'spec.entrypoint' });
    expect(finding.message).toContain(`got ${got}`);
  });
  test('a RayCronJob job template is checked at spec.jobTemplate.entrypoint', () => {
    const cron = { apiVersion: 'ray.io/v1', kind: 'RayCronJob', spec: { schedule: '0 * * * *', jobTemplate: {} } };
    expect(rayJobEntrypoint.check(cron).map((f) => f.path)).toEqual(['spec.jobTemplate.entrypoint']);
  });
  test.each([
    [{ entrypoint: 'python job.py' }],
    [{ submissionMode: 'InteractiveMode' }],
    [{ submissionMode: 'HTTPMode', entrypoint: 'python job.py' }],
    // KubeRay v1.7.0 samples/ray-job.light-weight-submitter.yaml: the submitter's own command runs instead
    [{ submitterPodTemplate: { spec: { containers: [{ name: 'submitter', command: ['/submitter'], args: ['--', 'python', 'job.py'] }] } } }],
  ])('accepts %j', (spec) => {
    expect(rayJobEntrypoint.check(job(spec))).toEqual([]);
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

describe('policy/cron-schedules', () => {
  const cronWorkflow = (spec: object) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'CronWorkflow', metadata: { name: 'refresh' }, spec });
  const rayCronJob = (schedule: string) => ({ apiVersion: 'ray.io/v1', kind: 'RayCronJob', metadata: { name: 'nightly' }, spec: { schedule } });
  const found = (obj: object) => cronSchedules.check(obj as never).map((f) => `${f.path}: ${f.message}`);

  test('a CronWorkflow schedule Argo does not parse, or that never fires, is an error at its entry', () => {
    expect(found(cronWorkflow({ schedules: ['0 3 * * 0', '61 * * * *', '0 0 31 2 *'], schedule: '0 0 30 2 *' }))).toEqual([
      "spec.schedules[1]: expected a cron schedule Argo accepts, got '61 * * * *': minute field '61': '61' ends above 59 (allowed 0-59)",
      "spec.schedules[2]: expected a cron schedule that fires, got '0 0 31 2 *': day of month field '31' names no day that month field '2' has (at most: February 29), so the schedule never fires",
      "spec.schedule: expected a cron schedule that fires, got '0 0 30 2 *': day of month field '30' names no day that month field '2' has (at most: February 29), so the schedule never fires",
    ]);
  });

  test("a RayCronJob's never-firing schedule is reported; its syntax is KubeRay's rule", () => {
    expect(found(rayCronJob('0 0 31 4 *'))).toEqual([
      "spec.schedule: expected a cron schedule that fires, got '0 0 31 4 *': day of month field '31' names no day that month field '4' has (at most: April 30), so the schedule never fires",
    ]);
    expect(found(rayCronJob('61 * * * *'))).toEqual([]);
  });

  test.each([['0 3 * * 0'], ['@weekly'], ['0 0 29 2 *'], ['0 0 31 2 1']])('accepts %s', (schedule) => {
    expect(found(cronWorkflow({ schedules: [schedule] }))).toEqual([]);
    expect(found(rayCronJob(schedule))).toEqual([]);
  });
});

describe('policy/redis-address', () => {
  const withRedis = (obj: any, address: string, env?: string) => {
    obj.spec.gcsFaultToleranceOptions = { redisAddress: address };
    if (env !== undefined) obj.spec.headGroupSpec.template.spec.containers[0].env = [{ name: 'RAY_REDIS_ADDRESS', value: env }];
    return obj;
  };
  test('an address without a port, in the options or the head env var, is an error at the field', () => {
    const findings = redisAddress.check(withRedis(rayCluster(), 'redis-ha.redis.svc', 'redis://redis'));
    expect(findings.map((f) => `${f.path}: ${f.message}`)).toEqual([
      "spec.gcsFaultToleranceOptions.redisAddress: expected host:port, redis://host:port or rediss://host:port (several comma-separated), got 'redis-ha.redis.svc': 'redis-ha.redis.svc' has no port; the head's ray start fails",
      "spec.headGroupSpec.template.spec.containers[0].env[0].value: expected host:port, redis://host:port or rediss://host:port (several comma-separated), got 'redis://redis': 'redis://redis' has no port; the head's ray start fails",
    ]);
  });
  test("a RayService's cluster is checked at its own path", () => {
    const service = rayService();
    service.spec.rayClusterConfig.gcsFaultToleranceOptions = { redisAddress: 'redis:6379x' };
    expect(redisAddress.check(service).map((f) => f.path)).toEqual(['spec.rayClusterConfig.gcsFaultToleranceOptions.redisAddress']);
  });
  test('accepts an address with a port', () => {
    expect(redisAddress.check(withRedis(rayCluster(), 'rediss://redis.example.com:6380', 'redis-0:6379,redis-1:6379'))).toEqual([]);
  });
});
