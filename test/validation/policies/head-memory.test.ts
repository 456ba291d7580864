import { describe, expect, it } from 'vitest';
import { containerResources } from '../../../src/validation/policies/container-resources';
import { headMemory } from '../../../src/validation/policies/head-memory';
import { OBJECT_POLICIES } from '../../../src/validation/policies';

// Heads too small for the GCS, the dashboard and the Serve controller (kuberay#4089, #4287).
type Obj = Record<string, any>;

/** A RayClusterSpec whose head's Ray container has `resources`, with optional head rayStartParams. */
function clusterSpec(resources: Obj, rayStartParams: Obj = { 'num-cpus': '0' }): Obj {
  const container = (name: string, r: Obj) => ({ name, image: 'rayproject/ray:2.52.0', resources: r });
  return {
    headGroupSpec: { rayStartParams, template: { spec: { containers: [container('ray-head', resources)] } } },
    workerGroupSpecs: [{ groupName: 'cpu', maxReplicas: 2, template: { spec: { containers: [container('ray-worker', { limits: { cpu: '1', memory: '1Gi' } })] } } }],
  };
}

const memory = (limit?: string, request?: string): Obj => ({
  requests: { cpu: '1', ...(request && { memory: request }) },
  limits: { cpu: '1', ...(limit && { memory: limit }) },
});

const KINDS: Record<string, (spec: Obj) => Obj> = {
  RayCluster: (spec) => ({ apiVersion: 'ray.io/v1', kind: 'RayCluster', metadata: { name: 'c' }, spec }),
  RayJob: (spec) => ({ apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: { name: 'j' }, spec: { entrypoint: 'python main.py', rayClusterSpec: spec } }),
  RayService: (spec) => ({ apiVersion: 'ray.io/v1', kind: 'RayService', metadata: { name: 's' }, spec: { serveConfigV2: 'applications: []', rayClusterConfig: spec } }),
};

const HEAD_CONTAINER: Record<string, string> = {
  RayCluster: 'spec.headGroupSpec.template.spec.containers[0]',
  RayJob: 'spec.rayClusterSpec.headGroupSpec.template.spec.containers[0]',
  RayService: 'spec.rayClusterConfig.headGroupSpec.template.spec.containers[0]',
};

describe('policy/head-memory', () => {
  it('runs on any YAML, as a warning', () => {
    expect(OBJECT_POLICIES).toContain(headMemory);
    expect(headMemory.severity).toBe('warning');
  });

  describe.each(Object.keys(KINDS))('%s', (kind) => {
    const make = KINDS[kind];

    it('a 2Gi head limit warns at the limit, naming expected and got', () => {
      const [finding, ...rest] = headMemory.check(make(clusterSpec(memory('2Gi', '2Gi'))));
      expect(rest).toEqual([]);
      expect(finding.rule).toBe('policy/head-memory');
      expect(finding.path).toBe(`${HEAD_CONTAINER[kind]}.resources.limits.memory`);
      expect(finding.message).toMatch(/^Ray head memory limit: expected >= 4Gi, got 2Gi; /);
    });

    it('a 4Gi head passes, and so does more', () => {
      expect(headMemory.check(make(clusterSpec(memory('4Gi', '2Gi'))))).toEqual([]);
      expect(headMemory.check(make(clusterSpec(memory('8Gi', '8Gi'))))).toEqual([]);
    });

    it('without a limit the request is judged', () => {
      const [finding] = headMemory.check(make(clusterSpec(memory(undefined, '3Gi'))));
      expect(finding.path).toBe(`${HEAD_CONTAINER[kind]}.resources.requests.memory`);
      expect(finding.message).toContain('request (no limit set)');
      expect(headMemory.check(make(clusterSpec(memory(undefined, '4Gi'))))).toEqual([]);
    });

    it('without any memory value it stays silent: policy/container-resources reports the missing fields', () => {
      const obj = make(clusterSpec(memory()));
      expect(headMemory.check(obj)).toEqual([]);
      expect(containerResources.check(obj).map((f) => f.path)).toEqual(
        expect.arrayContaining([`${HEAD_CONTAINER[kind]}.resources.limits.memory`, `${HEAD_CONTAINER[kind]}.resources.requests.memory`]),
      );
    });
  });

  it('4G is 4e9 bytes, below 4Gi: it warns and shows both', () => {
    const [finding] = headMemory.check(KINDS.RayCluster(clusterSpec(memory('4G'))));
    expect(finding.message).toContain('got 4G (3.73Gi)');
  });

  it('a head of less than 1Gi is shown in Mi, not as 0Gi', () => {
    const [finding] = headMemory.check(KINDS.RayCluster(clusterSpec(memory('1Mi'))));
    expect(finding.message).toContain('got 1Mi;');
    expect(headMemory.check(KINDS.RayCluster(clusterSpec(memory('500M'))))[0].message).toContain('got 500M (476.84Mi);');
  });

  it('names the Serve controller for a RayService only', () => {
    const small = clusterSpec(memory('2Gi'));
    expect(headMemory.check(KINDS.RayService(small))[0].message).toContain('the GCS, the dashboard, the Serve controller and proxy');
    expect(headMemory.check(KINDS.RayCluster(small))[0].message).not.toContain('Serve');
  });

  it('says when Ray also schedules tasks on the head (num-cpus not 0)', () => {
    const message = (rayStartParams: Obj, groupResources?: Obj) => {
      const spec = clusterSpec(memory('2Gi'), rayStartParams);
      if (groupResources) spec.headGroupSpec.resources = groupResources;
      return headMemory.check(KINDS.RayJob(spec))[0].message;
    };
    expect(message({})).toContain('tasks and actors');
    expect(message({ 'num-cpus': '2' })).toContain('tasks and actors');
    expect(message({ 'num-cpus': '0' })).not.toContain('tasks and actors');
    // KubeRay v1.7.0 prefers the group's typed resources map over rayStartParams.
    expect(message({ 'num-cpus': '2' }, { CPU: '0' })).not.toContain('tasks and actors');
  });

  it('a RayJob on an existing cluster (clusterSelector) has no head of its own', () => {
    const job = { apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: { name: 'j' }, spec: { entrypoint: 'python main.py', clusterSelector: { 'ray.io/cluster': 'c' } } };
    expect(headMemory.check(job)).toEqual([]);
  });

  it('a RayCronJob is judged through its job template', () => {
    const cron = {
      apiVersion: 'ray.io/v1',
      kind: 'RayCronJob',
      metadata: { name: 'cron' },
      spec: { schedule: '0 * * * *', jobTemplate: { entrypoint: 'python main.py', rayClusterSpec: clusterSpec(memory('1Gi')) } },
    };
    expect(headMemory.check(cron).map((f) => f.path)).toEqual(['spec.jobTemplate.rayClusterSpec.headGroupSpec.template.spec.containers[0].resources.limits.memory']);
  });
});
