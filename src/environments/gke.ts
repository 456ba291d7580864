import type { EnvironmentDefinition } from '../app';
import { Size } from 'cdk8s';
import { RayServiceUpgradeStrategy } from '../ray/ray-service';
import { rayWorkloadsRuntime } from './ray-runtime';
import { CloudProvider, PrerequisiteKind, TaintEffect } from './types';
import { ENGLISH_WIKIPEDIA_DUMPS } from '../pipeline/wikipedia-dumps';

/**
 * Google Kubernetes Engine: Ray GPU workers on NVIDIA L4 (`g2-standard-4` spot node pool),
 * shared volumes on Filestore.
 */
export const gke: EnvironmentDefinition = {
  name: 'gke',
  cloud: CloudProvider.GKE,
  namespace: 'ray',
  singleNode: false,
  ray: rayWorkloadsRuntime('us-docker.pkg.dev/ray-gitops-demo/ml/ray-workloads'),
  cpuPool: {
    name: 'cpu-e2-standard-8',
    instanceType: 'e2-standard-8',
    // GKE reserves ~6% of the first core and ~25% of the first 4 GiB (tiered), plus logging/metrics DaemonSets.
    shape: { cpu: 8, memory: Size.gibibytes(32), gpus: 0, reservedCpu: 0.5, reservedMemory: Size.gibibytes(4) },
    labels: {
      'cloud.google.com/gke-nodepool': 'cpu-e2-standard-8',
      'node.kubernetes.io/instance-type': 'e2-standard-8',
      'kubernetes.io/os': 'linux',
    },
    nodeSelector: { 'cloud.google.com/gke-nodepool': 'cpu-e2-standard-8' },
    taints: [],
    maxNodes: 4,
    spot: false,
  },
  gpuPool: {
    name: 'gpu-l4-spot',
    instanceType: 'g2-standard-4',
    accelerator: 'nvidia-l4',
    gpuResource: 'nvidia.com/gpu',
    shape: { cpu: 4, memory: Size.gibibytes(16), gpus: 1, reservedCpu: 0.5, reservedMemory: Size.gibibytes(3) },
    labels: {
      'cloud.google.com/gke-nodepool': 'gpu-l4-spot',
      'cloud.google.com/gke-accelerator': 'nvidia-l4',
      'cloud.google.com/gke-spot': 'true',
      'node.kubernetes.io/instance-type': 'g2-standard-4',
      'kubernetes.io/os': 'linux',
    },
    nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-l4', 'cloud.google.com/gke-spot': 'true' },
    // GKE taints every GPU node pool with nvidia.com/gpu=present:NoSchedule.
    taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: TaintEffect.NO_SCHEDULE }],
    maxNodes: 4,
    spot: true,
  },
  storage: { readWriteManyClass: 'standard-rwx', readWriteOnceClass: 'standard-rwo' },
  workloads: {
    // Seed 000: EmbeddingModel on L4 spot GPU workers that the Ray autoscaler starts from zero.
    embeddingService: {
      replicas: { min: 1, max: 2 },
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
    // 8 shards, at most 4 at once: one GPU worker each, the GPU pool's 4 nodes.
    wikipediaPipeline: { dumpUrls: [...ENGLISH_WIKIPEDIA_DUMPS], shards: 8, parallelism: 4, schedules: ['0 3 * * 0'] },
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
