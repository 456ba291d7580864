import { describe, expect, test } from 'vitest';
import { KubeObject } from '../../e2e/control-plane';
import { NodeKind } from '../../e2e/nodes';
import { podState } from '../../e2e/placement';
import { clustersFor, expectedGroups } from '../../e2e/ray-pods';

function rayCluster(name: string, spec: any, ownerKind?: string): KubeObject {
  const ownerReferences = ownerKind ? [{ kind: ownerKind, name: 'owner', uid: 'u' }] : undefined;
  return { apiVersion: 'ray.io/v1', kind: 'RayCluster', metadata: { name, namespace: 'ray', ownerReferences }, spec };
}

describe('expectedGroups', () => {
  test('replicas are clamped to [minReplicas, maxReplicas] and multiplied by numOfHosts, as KubeRay does', () => {
    const cluster = rayCluster('c', {
      workerGroupSpecs: [
        { groupName: 'below-min', replicas: 0, minReplicas: 2, maxReplicas: 5 },
        { groupName: 'above-max', replicas: 9, minReplicas: 0, maxReplicas: 3 },
        { groupName: 'multi-host', replicas: 2, numOfHosts: 4 },
        { groupName: 'suspended', replicas: 2, suspend: true },
      ],
    });

    expect(expectedGroups(cluster).map((g) => [g.group, g.pods])).toEqual([
      ['headgroup', 1],
      ['below-min', 2],
      ['above-max', 3],
      ['multi-host', 8],
      ['suspended', 0],
    ]);
  });

  test('a suspended cluster expects no pods', () => {
    expect(expectedGroups(rayCluster('c', { suspend: true, workerGroupSpecs: [] }))).toEqual([]);
  });
});

describe('clustersFor', () => {
  const live = [rayCluster('job-abc', {}, 'RayJob'), rayCluster('plain', {})];

  test('finds the cluster a RayJob owns; a suspended RayJob expects none', () => {
    const job = { apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: { name: 'owner', namespace: 'ray' }, spec: {} };

    expect(clustersFor(job, live)).toEqual([live[0]]);
    expect(clustersFor({ ...job, spec: { suspend: true } }, live)).toBe('none-expected');
  });
});

describe('podState', () => {
  const kinds = new Map([
    ['gpu-0', NodeKind.GPU_POOL],
    ['cpu-0', NodeKind.CPU_POOL],
  ]);
  const pod = (nodeName: string | undefined, gpu: boolean, status: any = { phase: 'Running' }): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ray' },
    spec: { nodeName, containers: [{ name: 'c', resources: gpu ? { limits: { 'nvidia.com/gpu': '1' } } : {} }] },
    status,
  });

  test('a GPU pod on a GPU node and a CPU pod on a CPU node are running where they belong', () => {
    expect(podState(pod('gpu-0', true), kinds, 'nvidia.com/gpu')).toEqual({ state: 'running', node: 'gpu-0' });
    expect(podState(pod('cpu-0', false), kinds, 'nvidia.com/gpu')).toEqual({ state: 'running', node: 'cpu-0' });
  });

  test('a CPU pod on a GPU node and a GPU pod off GPU nodes are misplaced', () => {
    expect(podState(pod('gpu-0', false), kinds, 'nvidia.com/gpu').state).toBe('misplaced');
    expect(podState(pod('cpu-0', true), kinds, 'nvidia.com/gpu').state).toBe('misplaced');
  });

  test("an unschedulable pod carries the scheduler's reason and message", () => {
    const conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available' }];

    expect(podState(pod(undefined, true, { phase: 'Pending', conditions }), kinds, 'nvidia.com/gpu')).toEqual({
      state: 'unschedulable',
      reason: 'Unschedulable',
      message: '0/2 nodes are available',
    });
  });
});
