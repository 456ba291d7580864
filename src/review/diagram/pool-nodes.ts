import { NodePool } from '../../environments/types';
import { Json } from '../../k8s/pod-templates';
import { canLandOn } from '../../placement/scheduling';
import { GraphBuilder, NodeKind } from './model';

/** Whether a pod spec asks for GPUs (any extended resource with `gpu` in its name). */
function asksForGpus(spec: Json): boolean {
  return ((spec.containers ?? []) as Json[]).some((c) =>
    Object.entries({ ...(c.resources?.requests ?? {}), ...(c.resources?.limits ?? {}) }).some(([k, v]) => /gpu/i.test(k) && String(v) !== '0'),
  );
}

/** `g2-standard-4 × ≤4, spot`, `1 nvidia-l4 GPU a node`. */
function poolLines(pool: NodePool): string[] {
  return [
    `${pool.instanceType} × ≤${pool.maxNodes}${pool.spot ? ', spot' : ''}`,
    ...(pool.gpus ? [`${pool.gpus.perNode} ${pool.gpus.accelerator} GPU${pool.gpus.perNode === 1 ? '' : 's'} a node`] : []),
  ];
}

/**
 * The environment's node pools in a box of their own, with an edge from every pod-running node
 * to each pool its pods can land on (their node selection and tolerations; dashed to spot
 * pools). Pods without GPUs are linked only when the environment has several CPU pools: with
 * one, they all land there.
 */
export function addPools(g: GraphBuilder, pools: readonly NodePool[]): void {
  if (pools.length === 0) return;
  const box = g.cluster({ id: 'cluster:node-pools', label: 'node pools' });
  const id = (pool: NodePool) => `NodePool/${pool.name}`;
  for (const pool of pools) g.node({ id: id(pool), kind: NodeKind.NODE_POOL, title: `pool ${pool.name}`, lines: poolLines(pool), cluster: box });
  const cpuPools = pools.filter((p) => !p.gpus).length;
  for (const pod of g.pods) {
    if (!asksForGpus(pod.spec) && cpuPools <= 1) continue;
    for (const pool of pools.filter((p) => canLandOn(pod.spec, p))) {
      g.edge({ from: pod.node, to: id(pool), label: 'runs on', dashed: pool.spot, loose: true });
    }
  }
}
