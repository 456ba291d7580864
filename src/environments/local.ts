import type { EnvironmentDefinition } from '../app';
import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { RayServiceUpgradeStrategy } from '../k8s/ray-service-upgrade';
import { rayWorkloadsRuntime } from './ray-runtime';
import { CloudProvider, PrerequisiteKind } from './types';
import { SIMPLE_WIKIPEDIA_DUMPS } from '../pipeline/wikipedia-dumps';

/**
 * The embedded default: a one-node development cluster (kind, k3d, minikube) on a laptop.
 * CPU only, the cluster's default storage class, one small worker.
 */
export const local: EnvironmentDefinition = {
  name: 'local',
  cloud: CloudProvider.LOCAL,
  namespace: 'ray',
  singleNode: true,
  // Loaded into the dev cluster with `kind load docker-image` (no registry).
  ray: rayWorkloadsRuntime('ray-workloads'),
  nodePools: [
    {
      name: 'local',
      instanceType: 'workstation',
      // A workstation-class dev cluster; kind/k3d share it with the OS and the control plane. This shape
      // is what the e2e harness simulates (kwok nodes) and what policy/pool-capacity checks against:
      // every local chart at max scale (its 4 GiB Ray heads included, policy/head-memory) fits in 64 GiB.
      shape: { cpu: 24, memory: Size.gibibytes(64), reservedCpu: 1, reservedMemory: Size.gibibytes(3) },
      labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': 'ray-gitops-control-plane' },
      nodeSelector: {},
      taints: [],
      maxNodes: 1,
      spot: false,
    },
  ],
  storage: {},
  workloads: {
    // CPU-only and small: the service keeps one replica; the gateway's workers scale to zero.
    embeddingService: {
      head: { resources: { cpu: Cpu.millis(500), memory: Size.gibibytes(4) } },
      cpuWorker: { cpu: Cpu.millis(1500), memory: Size.mebibytes(2560) },
      replicas: { min: 1, max: 1 },
      mlflow: {
        // Built from ghcr.io/mlflow/mlflow with psycopg2 and loaded with `kind load docker-image`.
        image: { repository: 'mlflow-server', tag: '3.18.0' },
        artifactsDestination: 'file:///mlartifacts',
        databaseSecret: 'mlflow-db',
        resources: { cpu: Cpu.millis(250), memory: Size.mebibytes(768) },
      },
    },
    modelGateway: {
      head: { resources: { cpu: Cpu.millis(500), memory: Size.gibibytes(4) } },
      cpuWorker: { cpu: Cpu.millis(1500), memory: Size.mebibytes(2560) },
      maxCpuWorkers: 3,
      maxReplicasPerModel: 1,
    },
    sandbox: {
      head: { cpu: Cpu.units(1), memory: Size.gibibytes(4) },
      cpuWorker: { cpu: Cpu.units(2), memory: Size.gibibytes(3) },
      maxCpuWorkers: 1,
    },
    // No GPUs here: the embed stage runs on a CPU worker, on purpose (cpuOnly).
    wikipediaPipeline: {
      cpuOnly: true,
      dumpUrls: [...SIMPLE_WIKIPEDIA_DUMPS],
      dumpsSize: Size.gibibytes(5),
      outputSize: Size.gibibytes(5),
      head: { cpu: Cpu.units(1), memory: Size.gibibytes(4) },
      tokenizeWorkers: { count: 1 },
      embedWorkers: { count: 1 },
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
    // A laptop holds nothing precious: Git is the whole truth, removed manifests are deleted.
    prune: true,
    selfHeal: true,
    // No room for a second cluster on one node: cluster changes wait until the RayService is recreated.
    rayServiceUpgradeStrategy: RayServiceUpgradeStrategy.NONE,
  },
};
