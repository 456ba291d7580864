import { describe, expect, test } from 'vitest';
import { Json } from '../../../src/k8s/pod-templates';
import { renderText } from '../../../src/review/diff/render/text';
import { reviewChange } from '../../../src/review/diff/report';
import { capacityEnvironment, podSpec } from '../../support/capacity-environment';
import { inFile } from '../fixtures';

// The diff compares GPUs per accelerator and a NewCluster upgrade's peak (old and new cluster at
// once, https://github.com/ray-project/kuberay/issues/4239) with the working tree's node pools.

/** A RayService of a CPU head and `a100Workers` A100 workers at most, running `image`. */
function rayService(image: string, a100Workers: number): Json {
  const head = podSpec(['cpu']);
  const worker = podSpec(['a100'], 1);
  head.containers[0].image = image;
  worker.containers[0].image = image;
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayService',
    metadata: { name: 'serve', namespace: 'ray' },
    spec: {
      rayClusterConfig: {
        enableInTreeAutoscaling: true,
        headGroupSpec: { rayStartParams: {}, template: { spec: head } },
        workerGroupSpecs: [{ groupName: 'gpu', minReplicas: 0, maxReplicas: a100Workers, rayStartParams: {}, template: { spec: worker } }],
      },
    },
  };
}

function embedJob(gpus: number): Json {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'embed', namespace: 'ray' }, spec: { parallelism: gpus, template: { spec: podSpec(['l4-spot', 'l4'], 1) } } };
}

function review(before: Json[], after: Json[], a100Nodes: number) {
  const env = capacityEnvironment({ a100: a100Nodes });
  return reviewChange('main', new Map([['two-gpus', inFile('two-gpus', 'demo', ...before)]]), new Map([['two-gpus', inFile('two-gpus', 'demo', ...after)]]), new Map([[env.name, env]]));
}

describe('diff against the node pools', () => {
  test('GPUs at max scale per accelerator, with what the pools of that accelerator hold', () => {
    const report = review([embedJob(2), rayService('ray:1', 1)], [embedJob(4), rayService('ray:1', 1)], 2);
    expect(report.environments[0].summary.gpusByAccelerator).toEqual([
      expect.objectContaining({ accelerator: 'nvidia-a100-80gb', before: 1, after: 1, capacity: 2 }),
      expect.objectContaining({ accelerator: 'nvidia-l4', before: 2, after: 4, capacity: 3 }),
    ]);
    const text = renderText(report);
    expect(text).toContain('  nvidia-a100-80gb GPUs at max scale: 1; the pools hold 2 (a100)\n');
    expect(text).toContain('  nvidia-l4 GPUs at max scale: 2 → 4 (+2); the pools hold 3 (l4-spot, l4) — 1 more than the pools hold (see policy/pool-capacity)\n');
  });

  test('a NewCluster upgrade without room for the second cluster says it would stall and what to change', () => {
    // GIVEN one A100 node, taken by the running cluster at max scale; a new image triggers a new cluster
    const text = renderText(review([rayService('ray:1', 1)], [rayService('ray:2', 1)], 1));
    expect(text).toContain(
      "      pools: environment 'two-gpus': a NewCluster upgrade (on a cluster-config change) starts a second cluster on pool 'a100' (maxNodes 1 × a100-machine, 1 nvidia-a100-80gb GPU each) while this one still runs; " +
        "with every workload at max scale that pool has 0 GPUs free, so the new cluster's pods stay Pending and the upgrade never completes; " +
        "expected at most 0 GPUs, got 1 GPU: raise maxNodes of 'a100' to 2, make the cluster smaller, or set upgradeStrategy.type to None",
    );
  });

  test('with room for both clusters the rollout says so', () => {
    const text = renderText(review([rayService('ray:1', 1)], [rayService('ray:2', 1)], 2));
    expect(text).toContain("      pools: environment 'two-gpus': the node pools have room for the new cluster beside every workload at max scale\n");
  });
});
