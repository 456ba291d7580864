import { describe, expect, test } from 'vitest';
import { PodRole, podTemplates } from '../../src/k8s/pod-templates';
import { headGroupOf, rayClusterSpecOf, workerGroupsOf } from '../../src/k8s/ray-cluster-spec';

const cluster = {
  headGroupSpec: { template: { spec: { containers: [{ name: 'ray-head' }] } } },
  workerGroupSpecs: [
    { groupName: 'cpu', template: { spec: { containers: [{ name: 'ray-worker' }] } } },
    { groupName: 'gpu', maxReplicas: 4, template: { spec: { containers: [{ name: 'ray-worker' }] } } },
  ],
};

const objects = {
  RayCluster: { kind: 'RayCluster', spec: cluster },
  RayJob: { kind: 'RayJob', spec: { rayClusterSpec: cluster, submitterPodTemplate: { spec: { containers: [{ name: 'submit' }] } } } },
  RayService: { kind: 'RayService', spec: { rayClusterConfig: cluster } },
  RayCronJob: { kind: 'RayCronJob', spec: { schedule: '0 * * * *', jobTemplate: { rayClusterSpec: cluster, submitterPodTemplate: { spec: {} } } } },
};

describe('rayClusterSpecOf', () => {
  test.each([
    ['RayCluster', 'spec'],
    ['RayJob', 'spec.rayClusterSpec'],
    ['RayService', 'spec.rayClusterConfig'],
    ['RayCronJob', 'spec.jobTemplate.rayClusterSpec'],
  ] as const)('a %s keeps its cluster spec at %s', (kind, path) => {
    expect(rayClusterSpecOf(objects[kind])).toEqual({ path, spec: cluster });
  });

  test('a RayJob that selects an existing cluster, other kinds and non-object specs embed none', () => {
    expect(rayClusterSpecOf({ kind: 'RayJob', spec: { clusterSelector: { 'ray.io/cluster': 'shared' } } })).toBeUndefined();
    expect(rayClusterSpecOf({ kind: 'Deployment', spec: cluster })).toBeUndefined();
    expect(rayClusterSpecOf({ kind: 'RayService', spec: { rayClusterConfig: 'x' } })).toBeUndefined();
    expect(rayClusterSpecOf({ kind: 'RayCronJob', spec: { jobTemplate: [] } })).toBeUndefined();
    expect(rayClusterSpecOf({ kind: 'toString' })).toBeUndefined();
  });

  test('groups come with their paths, the head as headgroup', () => {
    const ref = rayClusterSpecOf(objects.RayService)!;
    expect(headGroupOf(ref)).toMatchObject({ groupName: 'headgroup', path: 'spec.rayClusterConfig.headGroupSpec', podSpecPath: 'spec.rayClusterConfig.headGroupSpec.template.spec' });
    expect(workerGroupsOf(ref).map((g) => [g.groupName, g.workerIndex, g.podSpecPath])).toEqual([
      ['cpu', 0, 'spec.rayClusterConfig.workerGroupSpecs[0].template.spec'],
      ['gpu', 1, 'spec.rayClusterConfig.workerGroupSpecs[1].template.spec'],
    ]);
    expect(headGroupOf({ path: 'spec', spec: {} })).toMatchObject({ group: {}, podSpec: undefined });
    expect(workerGroupsOf({ path: 'spec', spec: { workerGroupSpecs: 'none' } })).toEqual([]);
  });
});

describe('podTemplates of Ray kinds', () => {
  test('a RayCronJob creates the pods of its RayJob template, under spec.jobTemplate', () => {
    expect(podTemplates(objects.RayCronJob).map((p) => [p.role, p.path])).toEqual([
      [PodRole.RAY_HEAD, 'spec.jobTemplate.rayClusterSpec.headGroupSpec.template.spec'],
      [PodRole.RAY_WORKER, 'spec.jobTemplate.rayClusterSpec.workerGroupSpecs[0].template.spec'],
      [PodRole.RAY_WORKER, 'spec.jobTemplate.rayClusterSpec.workerGroupSpecs[1].template.spec'],
      [PodRole.RAY_JOB_SUBMITTER, 'spec.jobTemplate.submitterPodTemplate.spec'],
    ]);
  });

  test('Ray pods carry their group', () => {
    const [, , gpu] = podTemplates(objects.RayJob);
    expect(gpu.rayGroup).toMatchObject({ groupName: 'gpu', workerIndex: 1, group: { maxReplicas: 4 } });
  });
});
