import { describe, expect, test } from 'vitest';
import { RayEnvironment } from '../../../src/environments/types';
import { Json } from '../../../src/k8s/pod-templates';
import { poolCapacity } from '../../../src/validation/policies/pool-capacity';
import { capacityEnvironment as env, podSpec } from '../../support/capacity-environment';

// Capacity per pool: maxNodes × node allocatable (shape minus reserve), the cloud's node autoscaler
// stopping at maxNodes (https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler),
// and a NewCluster RayService upgrade needing room for a second cluster
// (https://github.com/ray-project/kuberay/issues/4239).

function deployment(name: string, replicas: number, spec: Json): Json {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas, template: { spec } } };
}

/** A RayService: a CPU head and `gpuWorkers` A100 workers at most. */
function rayService(gpuWorkers: number, upgradeStrategy?: string): Json {
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayService',
    metadata: { name: 'serve' },
    spec: {
      ...(upgradeStrategy ? { upgradeStrategy: { type: upgradeStrategy } } : {}),
      rayClusterConfig: {
        enableInTreeAutoscaling: true,
        headGroupSpec: { template: { spec: podSpec(['cpu']) } },
        workerGroupSpecs: [{ groupName: 'gpu', minReplicas: 0, maxReplicas: gpuWorkers, template: { spec: podSpec(['a100'], 1) } }],
      },
    },
  };
}

function check(objects: Json[], environment: RayEnvironment = env()) {
  return objects.map((obj) => poolCapacity.check(obj, { environment, objects }));
}

describe('policy/pool-capacity', () => {
  test('workloads that fit the pools together, spot and on-demand fallback counted, give no finding', () => {
    // GIVEN 3 L4 GPUs (2 spot + 1 on-demand) and pods that may use either pool
    const objects = [deployment('embed', 2, podSpec(['l4-spot', 'l4'], 1)), deployment('rerank', 1, podSpec(['l4'], 1))];
    expect(check(objects)).toEqual([[], []]);
  });

  test('workloads that oversubscribe a pool together: one warning, at the first of equals, naming environment, pools, needed vs available', () => {
    const objects = [deployment('embed', 2, podSpec(['l4-spot', 'l4'], 1)), deployment('rerank', 2, podSpec(['l4-spot', 'l4'], 1))];
    const [first, second] = check(objects);
    expect(second).toEqual([]);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ rule: 'policy/pool-capacity', path: 'spec' });
    expect(first[0].severity).toBeUndefined(); // the policy's: a warning
    expect(first[0].message).toContain("environment 'two-gpus': the workloads that can land only on pools 'l4-spot'");
    expect(first[0].message).toContain("'l4' (maxNodes 1 × l4-machine, 1 nvidia-l4 GPU each)");
    expect(first[0].message).toContain('Deployment/embed 2 GPUs; Deployment/rerank 2 GPUs');
    expect(first[0].message).toContain("expected at most 3 GPUs, got 4 GPUs: raise maxNodes of 'l4-spot' to 3 or maxNodes of 'l4' to 2");
  });

  test('the warning about workloads together is at the one that needs the most, not the first', () => {
    // GIVEN a small L4 user first and a large one second: 1 + 3 GPUs on 3
    const objects = [deployment('rerank', 1, podSpec(['l4-spot', 'l4'], 1)), deployment('embed', 3, podSpec(['l4-spot', 'l4'], 1))];
    const [rerank, embed] = check(objects);
    expect(rerank).toEqual([]);
    expect(embed).toHaveLength(1);
    expect(embed[0].message).toContain('Deployment/rerank 1 GPU; Deployment/embed 3 GPUs');
    expect(embed[0].message).toContain('or lower replicas; else pods stay Pending');
  });

  test('the advice names the field that scales each kind: maxReplicas of Ray clusters, replicas, parallelism of workflows', () => {
    const [serve] = check([rayService(2, 'None')]);
    expect(serve[0].message).toContain('or lower its maxReplicas or requests');
    // GIVEN a RayService and a Deployment that fit the A100 pool (2 nodes) alone but not together
    const [ray, api] = check([rayService(2, 'None'), deployment('api', 1, podSpec(['a100'], 1))], env({ a100: 2 }));
    expect(api).toEqual([]);
    expect(ray[0].message).toContain('or lower maxReplicas or replicas; else pods stay Pending');
  });

  test('the GPUs are counted per accelerator: L4 pods do not use the A100 pool', () => {
    // 4 L4 GPUs needed, 3 L4 + 1 A100 in the environment: still oversubscribed
    const objects = [deployment('embed', 4, podSpec(['l4-spot', 'l4'], 1)), deployment('serve', 1, podSpec(['a100'], 1))];
    const [embed] = check(objects);
    expect(embed).toEqual([expect.objectContaining({ severity: 'error' })]);
    expect(embed[0].message).toContain('Deployment/embed alone at max scale needs more than pools');
    expect(embed[0].message).not.toContain('a100');
  });

  test('one workload that cannot fit alone is an error on it', () => {
    const [serve] = check([deployment('serve', 2, podSpec(['a100'], 1))]);
    expect(serve).toEqual([
      {
        rule: 'policy/pool-capacity',
        severity: 'error',
        path: 'spec',
        message:
          "environment 'two-gpus': Deployment/serve alone at max scale needs more than pool 'a100' (maxNodes 1 × a100-machine, 1 nvidia-a100-80gb GPU each) holds " +
          "(the only pool its pods can land on); expected at most 1 GPU, got 2 GPUs: raise maxNodes of 'a100' to 2, or lower its replicas or requests",
      },
    ]);
  });

  test('GPUs asked of pools without GPUs: the fix is a pool that offers them, not more nodes', () => {
    // GIVEN a pod asking for a GPU that can land only on the CPU pool (no GPU toleration or selector)
    const [serve] = check([deployment('serve', 1, podSpec(['cpu'], 1))]);
    expect(serve).toHaveLength(1);
    expect(serve[0].message).toContain("needs more than pool 'cpu'");
    expect(serve[0].message).toContain(
      'expected at most 0 GPUs, got 1 GPU: add a node pool that offers GPUs (or let the pods land on one: nodeSelector, affinity, tolerations), or lower its replicas or requests',
    );
    expect(serve[0].message).not.toContain('raise');
  });

  test('spot-only pods count only the spot pool', () => {
    expect(check([deployment('batch', 3, podSpec(['l4-spot'], 1))])[0]).toEqual([expect.objectContaining({ severity: 'error' })]);
    expect(check([deployment('batch', 3, podSpec(['l4-spot'], 1))], env({ 'l4-spot': 3 }))[0]).toEqual([]);
  });

  test('CPU and memory count allocatable (shape minus reserve) × maxNodes', () => {
    // 2 nodes × 3.5 CPU = 7 CPU
    expect(check([deployment('api', 7, podSpec(['cpu']))])[0]).toEqual([]);
    const [api] = check([deployment('api', 8, podSpec(['cpu']))]);
    expect(api[0].message).toContain("expected at most 7 CPU, got 8 CPU: raise maxNodes of 'cpu' to 3");
  });

  test('a NewCluster RayService upgrade that would not find room for its second cluster: a warning with what to change', () => {
    // GIVEN one A100 node and a RayService of one A100 worker at most (upgradeStrategy unset: KubeRay's default NewCluster)
    const [serve] = check([rayService(1)]);
    expect(serve).toEqual([expect.objectContaining({ path: 'spec.upgradeStrategy' })]);
    expect(serve[0].severity).toBeUndefined();
    expect(serve[0].message).toContain("environment 'two-gpus': a NewCluster upgrade (on a cluster-config change) starts a second cluster on pool 'a100'");
    expect(serve[0].message).toContain('expected at most 0 GPUs, got 1 GPU');
    expect(serve[0].message).toContain("raise maxNodes of 'a100' to 2, make the cluster smaller, or set upgradeStrategy.type to None");
  });

  test('an upgrade on pools that are short already asks for what both clusters need at once, not only what is short today', () => {
    // GIVEN one A100 node and a RayService of two A100 workers at most: 2 GPUs alone, 4 with the upgrade's second cluster
    const [serve] = check([rayService(2)]);
    expect(serve.map((f) => f.severity ?? 'warning')).toEqual(['error', 'warning']);
    expect(serve[0].message).toContain("raise maxNodes of 'a100' to 2");
    expect(serve[1].message).toContain('that pool is short of 1 GPU with every workload at max scale already');
    expect(serve[1].message).toContain("expected at most 0 GPUs, 1.5 CPU, got 2 GPUs, 2 CPU: raise maxNodes of 'a100' to 4");
  });

  test('no upgrade finding with upgradeStrategy None, or with room for both clusters', () => {
    expect(check([rayService(1, 'None')])).toEqual([[]]);
    expect(check([rayService(1)], env({ a100: 2 }))).toEqual([[]]);
  });

  test('in a single-node environment the advice is a bigger node, never more nodes', () => {
    // GIVEN one CPU pool of one node (maxNodes 1, as singleNode requires) and a Deployment that needs more CPU than it has
    const base = env({ cpu: 1 });
    const single: RayEnvironment = { ...base, name: 'laptop', singleNode: true, nodePools: [base.nodePools[0]] };
    const [[finding]] = check([deployment('api', 20, podSpec(['cpu']))], single);
    expect(finding.message).toMatch(/^environment 'laptop': Deployment\/api alone at max scale needs more than pool 'cpu' /);
    expect(finding.message).toMatch(/expected at most 3\.5 CPU, 14Gi memory, got 20 CPU, 20Gi memory: give the single node 16\.5 CPU more \(nodePools\[0\]\.shape\.cpu\) and 6Gi memory more \(nodePools\[0\]\.shape\.memory\), or lower its replicas or requests$/);
    expect(finding.message).not.toContain('maxNodes of');
  });
});

