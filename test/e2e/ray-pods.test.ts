import { describe, expect, test } from 'vitest';
import { KubeObject } from '../../e2e/control-plane';
import { simulatedNodes } from '../../e2e/nodes';
import { podState } from '../../e2e/placement';
import { clustersFor, expectedGroups, groupAcceleratorType } from '../../e2e/ray-pods';
import { fleetEnvironment } from '../support/fleet-environment';

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
  const nodes = new Map(simulatedNodes(fleetEnvironment()).map((n) => [n.manifest.metadata.name, n]));
  const pod = (nodeName: string | undefined, gpu: boolean, status: any = { phase: 'Running' }): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ml' },
    spec: { nodeName, containers: [{ name: 'c', resources: gpu ? { limits: { 'nvidia.com/gpu': '1' } } : {} }] },
    status,
  });

  test('a GPU pod on a node of its accelerator and a CPU pod on a CPU node are running where they belong', () => {
    expect(podState(pod('l4-spot-0', true), nodes, 'L4')).toEqual({ state: 'running', node: 'l4-spot-0' });
    expect(podState(pod('h100-0', true), nodes)).toEqual({ state: 'running', node: 'h100-0' });
    expect(podState(pod('cpu-0', false), nodes)).toEqual({ state: 'running', node: 'cpu-0' });
  });

  test('a CPU pod on a GPU node, a GPU pod off GPU nodes and a GPU pod on another accelerator are misplaced', () => {
    expect(podState(pod('l4-0', false), nodes).state).toBe('misplaced');
    expect(podState(pod('cpu-0', true), nodes).state).toBe('misplaced');
    expect(podState(pod('plain-0', true), nodes).state).toBe('misplaced');
    expect(podState(pod('h100-0', true), nodes, 'L4')).toEqual({
      state: 'misplaced',
      node: 'h100-0',
      message: "its Ray group offers accelerator_type:L4 but it runs on h100-0 of pool 'h100' (nvidia-h100-80gb)",
    });
  });

  test("an unschedulable pod carries the scheduler's reason and message", () => {
    const conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available' }];

    expect(podState(pod(undefined, true, { phase: 'Pending', conditions }), nodes)).toEqual({
      state: 'unschedulable',
      reason: 'Unschedulable',
      message: '0/2 nodes are available',
    });
  });
});

describe('groupAcceleratorType', () => {
  test("reads accelerator_type:<name> from the pod's group in its live RayCluster", () => {
    const live = [rayCluster('c', { workerGroupSpecs: [{ groupName: 'gpu', resources: { CPU: '3', GPU: '1', 'accelerator_type:L4': '1' } }, { groupName: 'cpu', resources: { CPU: '2' } }] })];
    const podOf = (group: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ray', labels: { 'ray.io/cluster': 'c', 'ray.io/group': group } }, spec: {} });

    expect(groupAcceleratorType(podOf('gpu'), live)).toBe('L4');
    expect(groupAcceleratorType(podOf('cpu'), live)).toBeUndefined();
    expect(groupAcceleratorType(podOf('headgroup'), live)).toBeUndefined();
  });
});
