import { Size } from 'cdk8s';
import type { Accelerator } from '../k8s/accelerator';
import type { RayServiceUpgradeStrategy } from '../k8s/ray-service-upgrade';

export { Accelerator, SpotPolicy } from '../k8s/accelerator';
export { RayServiceUpgradeStrategy } from '../k8s/ray-service-upgrade';

/** The Kubernetes distribution an environment runs on; decides GPU labels, taints and storage. */
export enum CloudProvider {
  /** A single-node development cluster (kind, k3d, minikube, Docker Desktop). */
  LOCAL = 'local',
  /** Google Kubernetes Engine. */
  GKE = 'gke',
  /** Azure Kubernetes Service. */
  AKS = 'aks',
  /** Amazon Elastic Kubernetes Service. */
  EKS = 'eks',
}

/** Taint effects as Kubernetes spells them. */
export enum TaintEffect {
  NO_SCHEDULE = 'NoSchedule',
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  NO_EXECUTE = 'NoExecute',
}

/** A taint that every node of a pool carries. */
export interface NodeTaint {
  /** Taint key, e.g. `nvidia.com/gpu`. */
  readonly key: string;
  /**
   * Taint value.
   * @default - the taint has no value (tolerated with `operator: Exists`)
   */
  readonly value?: string;
  /** Taint effect. */
  readonly effect: TaintEffect;
}

/** Capacity of one node of a pool (CPU and memory), and what the node keeps for itself. */
export interface NodeShape {
  /** vCPUs of the machine type. */
  readonly cpu: number;
  /** Memory of the machine type. */
  readonly memory: Size;
  /**
   * CPU kept by the kubelet, the OS and the cloud's DaemonSets; pods get `cpu - reservedCpu`,
   * at least 1 (a whole-node GPU worker gets the whole CPUs of it).
   */
  readonly reservedCpu: number;
  /** Memory kept by the kubelet, the OS, eviction thresholds and DaemonSets; pods get the rest, at least 1Gi. */
  readonly reservedMemory: Size;
}

/** The GPUs of every node of a GPU pool. */
export interface PoolGpus {
  /** GPU model. */
  readonly accelerator: Accelerator;
  /** GPUs per node (the node's `nvidia.com/gpu` capacity); a whole number >= 1. */
  readonly perNode: number;
}

/** A node pool (GKE node pool, AKS agent pool, EKS node group) that pods are scheduled on. */
export interface NodePool {
  /** Pool name as the cloud knows it; unique in the environment. */
  readonly name: string;
  /** Machine type, e.g. `g2-standard-4`. */
  readonly instanceType: string;
  /** CPU and memory of one node, and the node's reserve. */
  readonly shape: NodeShape;
  /**
   * The pool's GPUs.
   * @default - a CPU pool: no GPUs
   */
  readonly gpus?: PoolGpus;
  /** Every label the cloud puts on nodes of this pool (simulated nodes copy them). */
  readonly labels: Record<string, string>;
  /**
   * The subset of `labels` that selects this pool and no other pool of the environment; pods
   * meant for the pool get it as `nodeSelector` (or as one term of a required node affinity
   * when they may run on several pools). Empty only in an environment with a single pool.
   */
  readonly nodeSelector: Record<string, string>;
  /** Taints on every node of the pool; pods meant for the pool tolerate exactly these. */
  readonly taints: NodeTaint[];
  /** Upper bound of the pool's node autoscaler. */
  readonly maxNodes: number;
  /**
   * Whether the nodes are spot/preemptible VMs: only pods that allow spot are placed there,
   * and they must tolerate the loss of a node.
   */
  readonly spot: boolean;
}

/** A container image, pinned by tag: `latest` is a warning (policy/pinned-images), and a Ray image's tag starts with the Ray version. */
export interface ContainerImage {
  /** Registry and repository, e.g. `us-docker.pkg.dev/acme/ml/ray-workloads`. */
  readonly repository: string;
  /** Tag; for Ray images it starts with the Ray version, e.g. `2.52.0-py311`. */
  readonly tag: string;
}

/** The Ray runtime every Ray pod of the environment runs. */
export interface RayRuntime {
  /** Ray version, written to `rayVersion` and matched against image tags. */
  readonly version: string;
  /** Image for CPU pods (head, CPU workers, submitters). */
  readonly image: ContainerImage;
  /** Image for GPU workers (CUDA variant). */
  readonly gpuImage: ContainerImage;
}

/** Storage classes of the environment. */
export interface StorageProfile {
  /**
   * Storage class for ReadWriteMany volumes shared by several pods (NFS, Filestore, Azure Files, EFS).
   * @default - the cluster's default storage class (only allowed when `singleNode` is true)
   */
  readonly readWriteManyClass?: string;
  /**
   * Storage class for ReadWriteOnce volumes (databases).
   * @default - the cluster's default storage class
   */
  readonly readWriteOnceClass?: string;
}

/** Where Argo CD finds this repository, and how it syncs the environment. */
export interface GitOpsSettings {
  /** URL of this repository as Argo CD clones it. */
  readonly repoUrl: string;
  /** Branch, tag or commit Argo CD follows. */
  readonly targetRevision: string;
  /** Destination API server (`https://kubernetes.default.svc` for the cluster Argo CD runs in). */
  readonly destinationServer: string;
  /**
   * Automated prune: delete live objects whose manifests a merged change removed. Off where a
   * deleted or renamed chart must not take a running service or its data with it unreviewed.
   */
  readonly prune: boolean;
  /** Automated self-heal: revert changes made on the cluster outside Git. */
  readonly selfHeal: boolean;
  /**
   * How KubeRay rolls out a RayService cluster-config change a merged change brings (Serve-config
   * changes always apply in place). NEW_CLUSTER needs room for a second cluster, GPUs included.
   */
  readonly rayServiceUpgradeStrategy: RayServiceUpgradeStrategy;
}

/** One target cluster: everything that differs between clusters, as data. */
export interface RayEnvironment {
  /** Environment name; `dist/<name>/` and `argocd/<name>/`. A DNS label. */
  readonly name: string;
  /** Kubernetes distribution. */
  readonly cloud: CloudProvider;
  /** Namespace the Ray workloads live in. */
  readonly namespace: string;
  /** True for a one-node cluster: ReadWriteOnce volumes may then be shared by several pods. */
  readonly singleNode: boolean;
  /** Ray version and images. */
  readonly ray: RayRuntime;
  /**
   * The cluster's node pools. Pods ask for what they need (CPU only, or N GPUs of an
   * accelerator, spot allowed or not) and are placed on the pools that offer it: CPU-only pods
   * on the pools without GPUs, GPU pods on the pools of their accelerator. At least one CPU pool.
   */
  readonly nodePools: NodePool[];
  /** Storage classes. */
  readonly storage: StorageProfile;
  /** Argo CD settings. */
  readonly gitops: GitOpsSettings;
  /**
   * Objects the charts' pods use that Git does not create (credentials, mostly): someone makes
   * them once per cluster. The validator fails a pod that references anything neither a chart
   * nor this list provides.
   * @default []
   */
  readonly externalPrerequisites?: ExternalPrerequisite[];
}

/** Kinds of objects a pod references by name. */
export enum PrerequisiteKind {
  SECRET = 'Secret',
  CONFIG_MAP = 'ConfigMap',
  PERSISTENT_VOLUME_CLAIM = 'PersistentVolumeClaim',
}

/** An object in the environment's namespace that exists before Argo CD syncs. */
export interface ExternalPrerequisite {
  readonly kind: PrerequisiteKind;
  /** `metadata.name`. */
  readonly name: string;
  /**
   * Keys pods read from it (Secret, ConfigMap); a reference to another key is a finding.
   * @default - any key
   */
  readonly keys?: string[];
  /** What it holds and how to create it, for the README. */
  readonly purpose: string;
}
