import { Size } from 'cdk8s';
import { rayWorkloadsRuntime } from '../../src/environments/ray-runtime';
import type { EnvironmentDefinition } from '../../src/app';
import { Accelerator, CloudProvider, NodePool, SpotPolicy, TaintEffect } from '../../src/environments/types';
import { RayServiceUpgradeStrategy } from '../../src/ray/ray-service';

/** An EKS-style node group: nodegroup, capacity-type and instance-type labels as EKS sets them. */
function nodeGroup(name: string, instanceType: string, spot: boolean, rest: Omit<NodePool, 'name' | 'instanceType' | 'labels' | 'nodeSelector' | 'spot'>): NodePool {
  return {
    name,
    instanceType,
    spot,
    labels: {
      'eks.amazonaws.com/nodegroup': name,
      'eks.amazonaws.com/capacityType': spot ? 'SPOT' : 'ON_DEMAND',
      'node.kubernetes.io/instance-type': instanceType,
    },
    nodeSelector: { 'eks.amazonaws.com/nodegroup': name },
    ...rest,
  };
}

const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'true', effect: TaintEffect.NO_SCHEDULE };

/**
 * A test environment unlike the repository's: two GPU types (L4 on spot and on-demand node
 * groups, H100 on-demand with 8 GPUs a node) beside a CPU node group, running the pipeline
 * (spot preferred, L4), text generation (H100) and the sandbox (any GPU, spot preferred).
 */
export function fleetEnvironment(): EnvironmentDefinition {
  return {
    name: 'fleet',
    cloud: CloudProvider.EKS,
    namespace: 'ml',
    singleNode: false,
    ray: rayWorkloadsRuntime('registry.example.com/ray-workloads'),
    nodePools: [
      nodeGroup('cpu', 'm6i.4xlarge', false, {
        shape: { cpu: 16, memory: Size.gibibytes(64), reservedCpu: 0.5, reservedMemory: Size.gibibytes(5) },
        taints: [],
        maxNodes: 6,
      }),
      nodeGroup('l4-spot', 'g6.2xlarge', true, {
        gpus: { accelerator: Accelerator.NVIDIA_L4, perNode: 1 },
        shape: { cpu: 8, memory: Size.gibibytes(32), reservedCpu: 0.5, reservedMemory: Size.gibibytes(4) },
        taints: [GPU_TAINT, { key: 'spot', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
        maxNodes: 3,
      }),
      nodeGroup('l4', 'g6.2xlarge', false, {
        gpus: { accelerator: Accelerator.NVIDIA_L4, perNode: 1 },
        shape: { cpu: 8, memory: Size.gibibytes(32), reservedCpu: 0.5, reservedMemory: Size.gibibytes(4) },
        taints: [GPU_TAINT],
        maxNodes: 2,
      }),
      nodeGroup('h100', 'p5.48xlarge', false, {
        gpus: { accelerator: Accelerator.NVIDIA_H100_80GB, perNode: 8 },
        shape: { cpu: 192, memory: Size.gibibytes(2048), reservedCpu: 2, reservedMemory: Size.gibibytes(40) },
        taints: [GPU_TAINT],
        maxNodes: 1,
      }),
    ],
    storage: { readWriteManyClass: 'efs', readWriteOnceClass: 'gp3' },
    workloads: {
      sandbox: { maxGpuWorkers: 1 },
      textGeneration: { replicas: { min: 1, max: 1 }, gpu: { accelerator: Accelerator.NVIDIA_H100_80GB } },
      wikipediaPipeline: {
        dumpUrls: ['https://dumps.example.org/enwiki-content.json.gz'],
        shards: 2,
        parallelism: 2,
        embedGpu: { accelerator: Accelerator.NVIDIA_L4, spot: SpotPolicy.PREFERRED },
      },
    },
    gitops: {
      repoUrl: 'https://git.example.com/ml/ray-gitops.git',
      targetRevision: 'main',
      destinationServer: 'https://kubernetes.default.svc',
      prune: false,
      selfHeal: true,
      rayServiceUpgradeStrategy: RayServiceUpgradeStrategy.NEW_CLUSTER,
    },
  };
}
