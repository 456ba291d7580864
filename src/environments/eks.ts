import type { EnvironmentDefinition } from '../app';
import { Size } from 'cdk8s';
import { RayServiceUpgradeStrategy } from '../k8s/ray-service-upgrade';
import { rayWorkloadsRuntime } from './ray-runtime';
import { Accelerator, CloudProvider, SpotPolicy, TaintEffect } from './types';
import { ENGLISH_WIKIPEDIA_DUMPS } from '../pipeline/wikipedia-dumps';

/**
 * Amazon EKS: GPU workers on a managed node group of `g6.xlarge` (NVIDIA L4) spot instances,
 * shared volumes on EFS.
 */
export const eks: EnvironmentDefinition = {
  name: 'eks',
  cloud: CloudProvider.EKS,
  namespace: 'ray',
  singleNode: false,
  ray: rayWorkloadsRuntime('123456789012.dkr.ecr.us-east-1.amazonaws.com/ray-workloads'),
  nodePools: [
    {
      name: 'cpu-m6i-2xlarge',
      instanceType: 'm6i.2xlarge',
      shape: { cpu: 8, memory: Size.gibibytes(32), reservedCpu: 0.5, reservedMemory: Size.gibibytes(4) },
      labels: {
        'eks.amazonaws.com/nodegroup': 'cpu-m6i-2xlarge',
        'eks.amazonaws.com/capacityType': 'ON_DEMAND',
        'node.kubernetes.io/instance-type': 'm6i.2xlarge',
        'kubernetes.io/os': 'linux',
      },
      nodeSelector: { 'eks.amazonaws.com/nodegroup': 'cpu-m6i-2xlarge' },
      taints: [],
      // Sized so every chart of this environment fits at max scale at once, with room for one RayService's NewCluster upgrade (policy/pool-capacity).
      maxNodes: 8,
      spot: false,
    },
    {
      name: 'gpu-g6-xlarge-spot',
      instanceType: 'g6.xlarge',
      gpus: { accelerator: Accelerator.NVIDIA_L4, perNode: 1 },
      shape: { cpu: 4, memory: Size.gibibytes(16), reservedCpu: 0.5, reservedMemory: Size.gibibytes(3) },
      labels: {
        'eks.amazonaws.com/nodegroup': 'gpu-g6-xlarge-spot',
        'eks.amazonaws.com/capacityType': 'SPOT',
        'node.kubernetes.io/instance-type': 'g6.xlarge',
        'k8s.amazonaws.com/accelerator': 'nvidia-l4',
        'kubernetes.io/os': 'linux',
      },
      nodeSelector: { 'eks.amazonaws.com/nodegroup': 'gpu-g6-xlarge-spot' },
      // Set on the node group (EKS adds no GPU taint by itself) so that only GPU pods land there.
      taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
      // Sized so every chart of this environment fits at max scale at once, with room for one RayService's NewCluster upgrade (policy/pool-capacity).
      maxNodes: 11,
      spot: true,
    },
  ],
  storage: { readWriteManyClass: 'efs-sc', readWriteOnceClass: 'gp3' },
  workloads: {
    // The model gateway: one gateway, CPU models and a GPU model side by side, every worker group from zero.
    // The g6 node group is spot: the GPU model accepts preemption.
    modelGateway: { maxGpuWorkers: 1, gpu: { spot: SpotPolicy.PREFERRED } },
    monitoring: {},
    sandbox: {},
    // 8 shards, at most 4 at once: one GPU worker each, the GPU pool's 4 nodes.
    wikipediaPipeline: { dumpUrls: [...ENGLISH_WIKIPEDIA_DUMPS], shards: 8, parallelism: 4, schedules: ['0 3 * * 0'] },
  },
  gitops: {
    repoUrl: 'https://github.com/example-org/ray-gitops.git',
    targetRevision: 'main',
    destinationServer: 'https://kubernetes.default.svc',
    // Removing a chart must not delete a running service or its volumes unreviewed: prune by hand.
    prune: false,
    selfHeal: true,
    // Zero-downtime: the node autoscaler makes room for the second cluster; the old one serves meanwhile.
    rayServiceUpgradeStrategy: RayServiceUpgradeStrategy.NEW_CLUSTER,
  },
};
