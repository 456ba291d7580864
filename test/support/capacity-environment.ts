import { Size } from 'cdk8s';
import { Accelerator, NodePool, RayEnvironment, TaintEffect } from '../../src/environments/types';
import { Json } from '../../src/k8s/pod-templates';
import { fleetEnvironment } from './fleet-environment';

const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE };

function pool(name: string, maxNodes: number, extra: Partial<NodePool> = {}): NodePool {
  return {
    name,
    instanceType: `${name}-machine`,
    // 4 CPU and 16Gi a node, of which 3.5 CPU and 14Gi allocatable.
    shape: { cpu: 4, memory: Size.gibibytes(16), reservedCpu: 0.5, reservedMemory: Size.gibibytes(2) },
    labels: { pool: name },
    nodeSelector: { pool: name },
    taints: extra.gpus ? [GPU_TAINT] : [],
    maxNodes,
    spot: false,
    ...extra,
  };
}

/** CPU pool (2 nodes), L4 spot (2) and on-demand (1), A100 on-demand (1): one GPU a node. */
export function capacityEnvironment(changes: Partial<Record<string, number>> = {}): RayEnvironment {
  const l4 = { accelerator: Accelerator.NVIDIA_L4, perNode: 1 };
  return {
    ...fleetEnvironment(),
    name: 'two-gpus',
    nodePools: [
      pool('cpu', changes.cpu ?? 2),
      pool('l4-spot', changes['l4-spot'] ?? 2, { gpus: l4, spot: true }),
      pool('l4', changes.l4 ?? 1, { gpus: l4 }),
      pool('a100', changes.a100 ?? 1, { gpus: { accelerator: Accelerator.NVIDIA_A100_80GB, perNode: 1 } }),
    ],
  };
}

/** A pod spec that may land on `pools` (by label), asking for `gpus` GPUs, `cpu` CPU and 1Gi. */
export function podSpec(pools: string[], gpus = 0, cpu = '1'): Json {
  const limits: Json = { cpu, memory: '1Gi', ...(gpus ? { 'nvidia.com/gpu': gpus } : {}) };
  return {
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: pools }] }] } } },
    tolerations: gpus ? [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] : undefined,
    containers: [{ name: 'main', image: 'app:1', resources: { limits, requests: limits } }],
  };
}

