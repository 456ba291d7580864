import { describe, expect, test } from 'vitest';
import { rollout } from '../../../src/review/diff/rollout';
import { clusterSpec, rayPod, rayService, serveConfig } from '../fixtures';

describe('RayService rollouts', () => {
  test('a cluster change under NewCluster needs a second full cluster: its GPUs at max scale', () => {
    // GIVEN the GPU group grows to 3 pods × 2 GPUs and the image changes
    const before = rayService('svc', clusterSpec({ gpuMax: 2, gpusPerPod: 2 }));
    const after = rayService('svc', clusterSpec({ image: 'ray:2.53.0', gpuMax: 3, gpusPerPod: 2 }), serveConfig(), { type: 'NewCluster' });
    // THEN the upgrade peak is the whole new cluster: 3 × 2 GPUs
    expect(rollout(before, after, false)).toMatchObject({ replacesPods: true, extraGpusAtPeak: 6 });
  });

  test('without upgradeStrategy KubeRay defaults to NewCluster', () => {
    const after = rayService('svc', clusterSpec({ image: 'ray:2.53.0' }));
    expect(rollout(rayService('svc', clusterSpec()), after, false)?.message).toContain('zero-downtime upgrade (NewCluster)');
  });

  test('an incremental upgrade needs its max surge share of the new cluster', () => {
    const strategy = { type: 'NewClusterWithIncrementalUpgrade', clusterUpgradeOptions: { maxSurgePercent: 50 } };
    const after = rayService('svc', clusterSpec({ image: 'ray:2.53.0', gpuMax: 3 }), serveConfig(), strategy);
    expect(rollout(rayService('svc', clusterSpec()), after, false)).toMatchObject({ replacesPods: true, extraGpusAtPeak: 2 });
  });

  test('upgradeStrategy None: the change is not rolled out', () => {
    const after = rayService('svc', clusterSpec({ image: 'ray:2.53.0' }), serveConfig(), { type: 'None' });
    expect(rollout(rayService('svc', clusterSpec()), after, false)).toMatchObject({ replacesPods: false, extraGpusAtPeak: 0 });
  });

  test('a Serve-config-only change applies in place', () => {
    const r = rollout(rayService('svc', clusterSpec()), rayService('svc', clusterSpec(), serveConfig('/v2')), false);
    expect(r).toMatchObject({ replacesPods: false, extraGpusAtPeak: 0 });
    expect(r?.message).toMatch(/^Serve config only: applied in place/);
  });

  test('scaling bounds only (maxReplicas) apply in place, as KubeRay leaves them out of its hash', () => {
    const r = rollout(rayService('svc', clusterSpec({ gpuMax: 2 })), rayService('svc', clusterSpec({ gpuMax: 5 })), false);
    expect(r).toMatchObject({ replacesPods: false, extraGpusAtPeak: 0 });
    expect(r?.message).toMatch(/^worker scaling bounds changed/);
  });

  test('a worker group appended at the end is added in place', () => {
    const extra = { groupName: 'big', replicas: 0, minReplicas: 0, maxReplicas: 1, rayStartParams: {}, template: rayPod('ray-worker', 'ray:2.52.0-gpu', '8', '32Gi', 4) };
    const r = rollout(rayService('svc', clusterSpec()), rayService('svc', clusterSpec({ extraGroups: [extra] })), false);
    expect(r).toMatchObject({ replacesPods: false, extraGpusAtPeak: 0 });
    expect(r?.message).toMatch(/^worker groups appended/);
  });

  test('a renamed RayService is created before the old one is pruned: the whole new one is extra', () => {
    const r = rollout(rayService('old', clusterSpec({ gpuMax: 4 })), rayService('new', clusterSpec({ gpuMax: 4 })), true);
    expect(r).toMatchObject({ replacesPods: true, extraGpusAtPeak: 4 });
  });

  test('an unchanged RayService has no rollout', () => {
    expect(rollout(rayService('svc', clusterSpec()), rayService('svc', clusterSpec()), false)).toBeUndefined();
  });
});

describe('other rollouts', () => {
  const rayCluster = (image: string, upgrade?: string) => ({
    apiVersion: 'ray.io/v1',
    kind: 'RayCluster',
    metadata: { name: 'c', namespace: 'ray' },
    spec: { ...clusterSpec({ image }), ...(upgrade ? { upgradeStrategy: { type: upgrade } } : {}) },
  });

  test('a RayCluster keeps running pods unless upgradeStrategy is Recreate', () => {
    expect(rollout(rayCluster('a'), rayCluster('b'), false)).toMatchObject({ replacesPods: false });
    expect(rollout(rayCluster('a', 'Recreate'), rayCluster('b', 'Recreate'), false)).toMatchObject({ replacesPods: true, extraGpusAtPeak: 0 });
  });

  test('a Deployment pod template change is a rolling restart; a label change is none', () => {
    const deployment = (image: string, label: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'ray', labels: { l: label } },
      spec: { replicas: 2, template: rayPod('app', image, '1', '1Gi') },
    });
    expect(rollout(deployment('a', 'x'), deployment('b', 'x'), false)?.message).toBe('pod template changed: rolling restart of its pods');
    expect(rollout(deployment('a', 'x'), deployment('a', 'y'), false)).toBeUndefined();
  });
});
