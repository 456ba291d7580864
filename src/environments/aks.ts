import type { EnvironmentDefinition } from '../app';
import { Size } from 'cdk8s';
import { RayServiceUpgradeStrategy } from '../k8s/ray-service-upgrade';
import { rayWorkloadsRuntime } from './ray-runtime';
import { Accelerator, CloudProvider, PrerequisiteKind, SpotPolicy, TaintEffect } from './types';
import { ENGLISH_WIKIPEDIA_DUMPS } from '../pipeline/wikipedia-dumps';

/**
 * Azure Kubernetes Service: GPU workers on an NVIDIA T4 spot node pool
 * (`Standard_NC4as_T4_v3`), shared volumes on Azure Files.
 */
export const aks: EnvironmentDefinition = {
  name: 'aks',
  cloud: CloudProvider.AKS,
  namespace: 'ray',
  singleNode: false,
  ray: rayWorkloadsRuntime('raygitopsdemo.azurecr.io/ray-workloads'),
  nodePools: [
    {
      name: 'cpupool',
      instanceType: 'Standard_D8s_v5',
      // AKS reserves kube-reserved CPU on a sliding scale and 750Mi + 25% of the first 4 GiB ... of memory.
      shape: { cpu: 8, memory: Size.gibibytes(32), reservedCpu: 0.5, reservedMemory: Size.gibibytes(4) },
      labels: {
        'kubernetes.azure.com/agentpool': 'cpupool',
        agentpool: 'cpupool',
        'node.kubernetes.io/instance-type': 'Standard_D8s_v5',
        'kubernetes.io/os': 'linux',
      },
      nodeSelector: { 'kubernetes.azure.com/agentpool': 'cpupool' },
      taints: [],
      // Sized so every chart of this environment fits at max scale at once, with room for one RayService's NewCluster upgrade (policy/pool-capacity).
      maxNodes: 6,
      spot: false,
    },
    {
      name: 'gput4spot',
      instanceType: 'Standard_NC4as_T4_v3',
      gpus: { accelerator: Accelerator.NVIDIA_TESLA_T4, perNode: 1 },
      shape: { cpu: 4, memory: Size.gibibytes(28), reservedCpu: 0.5, reservedMemory: Size.gibibytes(4) },
      labels: {
        'kubernetes.azure.com/agentpool': 'gput4spot',
        agentpool: 'gput4spot',
        'kubernetes.azure.com/accelerator': 'nvidia',
        'kubernetes.azure.com/scalesetpriority': 'spot',
        'node.kubernetes.io/instance-type': 'Standard_NC4as_T4_v3',
        'kubernetes.io/os': 'linux',
      },
      nodeSelector: { 'kubernetes.azure.com/agentpool': 'gput4spot' },
      taints: [
        // The taint Azure's GPU guide puts on GPU pools, and the one AKS adds to every spot pool.
        { key: 'sku', value: 'gpu', effect: TaintEffect.NO_SCHEDULE },
        { key: 'kubernetes.azure.com/scalesetpriority', value: 'spot', effect: TaintEffect.NO_SCHEDULE },
      ],
      // Sized so every chart of this environment fits at max scale at once, with room for one RayService's NewCluster upgrade (policy/pool-capacity).
      maxNodes: 11,
      spot: true,
    },
  ],
  storage: { readWriteManyClass: 'azurefile-csi', readWriteOnceClass: 'managed-csi' },
  workloads: {
    // Text generation on T4 workers behind an Azure load balancer, head state in Redis.
    // The T4 pool is spot: the service accepts preemption (Serve restarts replicas elsewhere).
    textGeneration: {
      replicas: { min: 1, max: 2 },
      gpu: { spot: SpotPolicy.PREFERRED },
      gcsFaultTolerance: {
        redisAddress: 'redis-ha.redis.svc.cluster.local:6379',
        redisPasswordSecret: { name: 'ray-redis', key: 'password' },
      },
    },
    monitoring: {},
    sandbox: {},
    // 6 shards, at most 3 at once: one GPU worker each, the GPU pool's 3 nodes.
    wikipediaPipeline: { dumpUrls: [...ENGLISH_WIKIPEDIA_DUMPS], shards: 6, parallelism: 3, schedules: ['0 3 * * 0'] },
  },
  externalPrerequisites: [
    {
      kind: PrerequisiteKind.SECRET,
      name: 'ray-redis',
      keys: ['password'],
      purpose: 'password of the Redis that keeps the GCS state of fault-tolerant Ray heads',
    },
  ],
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
