import type { EnvironmentDefinition } from '../app';
import { Size } from 'cdk8s';
import { RayServiceUpgradeStrategy } from '../k8s/ray-service-upgrade';
import { rayWorkloadsRuntime } from './ray-runtime';
import { Accelerator, CloudProvider, PrerequisiteKind, SpotPolicy, TaintEffect } from './types';
import { ENGLISH_WIKIPEDIA_DUMPS } from '../pipeline/wikipedia-dumps';

/**
 * Google Kubernetes Engine: batch GPU work on NVIDIA L4 Spot VMs (`g2-standard-4`) with an
 * on-demand L4 pool to fall back to, serving on on-demand A100 80GB nodes, shared volumes on
 * Filestore.
 */
export const gke: EnvironmentDefinition = {
  name: 'gke',
  cloud: CloudProvider.GKE,
  namespace: 'ray',
  singleNode: false,
  ray: rayWorkloadsRuntime('us-docker.pkg.dev/ray-gitops-demo/ml/ray-workloads'),
  nodePools: [
    {
      name: 'cpu-e2-standard-8',
      instanceType: 'e2-standard-8',
      // GKE reserves ~6% of the first core and ~25% of the first 4 GiB (tiered), plus logging/metrics DaemonSets.
      shape: { cpu: 8, memory: Size.gibibytes(32), reservedCpu: 0.5, reservedMemory: Size.gibibytes(4) },
      labels: {
        'cloud.google.com/gke-nodepool': 'cpu-e2-standard-8',
        'node.kubernetes.io/instance-type': 'e2-standard-8',
        'kubernetes.io/os': 'linux',
      },
      nodeSelector: { 'cloud.google.com/gke-nodepool': 'cpu-e2-standard-8' },
      taints: [],
      // Sized so every chart of this environment fits at max scale at once, with room for one RayService's NewCluster upgrade (policy/pool-capacity).
      maxNodes: 8,
      spot: false,
    },
    // Batch embedding: L4 Spot VMs first ...
    {
      name: 'gpu-l4-spot',
      instanceType: 'g2-standard-4',
      gpus: { accelerator: Accelerator.NVIDIA_L4, perNode: 1 },
      shape: { cpu: 4, memory: Size.gibibytes(16), reservedCpu: 0.5, reservedMemory: Size.gibibytes(3) },
      labels: {
        'cloud.google.com/gke-nodepool': 'gpu-l4-spot',
        'cloud.google.com/gke-accelerator': 'nvidia-l4',
        'cloud.google.com/gke-spot': 'true',
        'node.kubernetes.io/instance-type': 'g2-standard-4',
        'kubernetes.io/os': 'linux',
      },
      nodeSelector: { 'cloud.google.com/gke-nodepool': 'gpu-l4-spot' },
      // GKE taints every GPU node pool with nvidia.com/gpu=present:NoSchedule.
      taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE }],
      maxNodes: 4,
      spot: true,
    },
    // ... and a small on-demand L4 pool to fall back to when Spot capacity is gone.
    {
      name: 'gpu-l4',
      instanceType: 'g2-standard-4',
      gpus: { accelerator: Accelerator.NVIDIA_L4, perNode: 1 },
      shape: { cpu: 4, memory: Size.gibibytes(16), reservedCpu: 0.5, reservedMemory: Size.gibibytes(3) },
      labels: {
        'cloud.google.com/gke-nodepool': 'gpu-l4',
        'cloud.google.com/gke-accelerator': 'nvidia-l4',
        'node.kubernetes.io/instance-type': 'g2-standard-4',
        'kubernetes.io/os': 'linux',
      },
      nodeSelector: { 'cloud.google.com/gke-nodepool': 'gpu-l4' },
      taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE }],
      // Sized so every chart of this environment fits at max scale at once, with room for one RayService's NewCluster upgrade (policy/pool-capacity).
      maxNodes: 4,
      spot: false,
    },
    // Serving: on-demand A100 80GB nodes (a2-ultragpu-1g: 12 vCPU, 170 GB, one GPU) that are never preempted.
    {
      name: 'gpu-a100',
      instanceType: 'a2-ultragpu-1g',
      gpus: { accelerator: Accelerator.NVIDIA_A100_80GB, perNode: 1 },
      // Tiered GKE memory reserve on 170 GiB (~10 GiB) plus eviction threshold and GPU DaemonSets.
      shape: { cpu: 12, memory: Size.gibibytes(170), reservedCpu: 0.5, reservedMemory: Size.gibibytes(12) },
      labels: {
        'cloud.google.com/gke-nodepool': 'gpu-a100',
        'cloud.google.com/gke-accelerator': 'nvidia-a100-80gb',
        'node.kubernetes.io/instance-type': 'a2-ultragpu-1g',
        'kubernetes.io/os': 'linux',
      },
      nodeSelector: { 'cloud.google.com/gke-nodepool': 'gpu-a100' },
      taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE }],
      // Sized so every chart of this environment fits at max scale at once (policy/pool-capacity).
      maxNodes: 4,
      spot: false,
    },
  ],
  storage: { readWriteManyClass: 'standard-rwx', readWriteOnceClass: 'standard-rwo' },
  workloads: {
    // The embedding service: EmbeddingModel on GPU workers that the Ray autoscaler starts from zero; serving, so
    // on-demand A100 nodes that are never preempted.
    embeddingService: {
      replicas: { min: 1, max: 2 },
      gpu: { accelerator: Accelerator.NVIDIA_A100_80GB },
      mlflow: {
        image: { repository: 'us-docker.pkg.dev/ray-gitops-demo/ml/mlflow-server', tag: '3.18.0' },
        artifactsDestination: 'gs://ray-gitops-demo-mlflow/artifacts',
        databaseSecret: 'mlflow-db',
        cloudSql: { instanceConnectionName: 'ray-gitops-demo:us-central1:mlflow' },
        // Workload Identity: the bucket and Cloud SQL Client roles are granted to this Google service account.
        serviceAccountAnnotations: { 'iam.gke.io/gcp-service-account': 'mlflow@ray-gitops-demo.iam.gserviceaccount.com' },
      },
    },
    monitoring: {},
    sandbox: {},
    // 8 shards, at most 4 at once: one L4 worker each, on the 4 Spot nodes while there is Spot
    // capacity, on the on-demand L4 pool when there is not.
    wikipediaPipeline: {
      dumpUrls: [...ENGLISH_WIKIPEDIA_DUMPS],
      shards: 8,
      parallelism: 4,
      schedules: ['0 3 * * 0'],
      embedGpu: { accelerator: Accelerator.NVIDIA_L4, spot: SpotPolicy.PREFERRED },
    },
  },
  externalPrerequisites: [
    {
      kind: PrerequisiteKind.SECRET,
      name: 'mlflow-db',
      keys: ['username', 'password'],
      purpose: 'MLflow metadata database user and password (URL-safe characters only)',
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
