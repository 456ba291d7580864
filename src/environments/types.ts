import { Size } from 'cdk8s';
import type { RayServiceUpgradeStrategy } from '../ray/ray-service';

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

/** Capacity of one node of a pool, and what the node keeps for itself. */
export interface NodeShape {
  /** vCPUs of the machine type. */
  readonly cpu: number;
  /** Memory of the machine type. */
  readonly memory: Size;
  /** GPUs per node (`nvidia.com/gpu` capacity). 0 for CPU pools. */
  readonly gpus: number;
  /**
   * CPU kept by the kubelet, the OS and the cloud's DaemonSets; pods get `cpu - reservedCpu`.
   */
  readonly reservedCpu: number;
  /** Memory kept by the kubelet, the OS, eviction thresholds and DaemonSets. */
  readonly reservedMemory: Size;
}

/** A node pool (GKE node pool, AKS agent pool, EKS node group) that Ray pods are scheduled on. */
export interface NodePool {
  /** Pool name as the cloud knows it. */
  readonly name: string;
  /** Machine type, e.g. `g2-standard-4`. */
  readonly instanceType: string;
  /** Size of one node. */
  readonly shape: NodeShape;
  /** Every label the cloud puts on nodes of this pool (simulated nodes copy them). */
  readonly labels: Record<string, string>;
  /** The subset of `labels` that pods select this pool by (`nodeSelector`). */
  readonly nodeSelector: Record<string, string>;
  /** Taints on every node of the pool; pods meant for the pool tolerate exactly these. */
  readonly taints: NodeTaint[];
  /** Upper bound of the pool's node autoscaler. */
  readonly maxNodes: number;
  /** Whether the nodes are spot/preemptible VMs (workloads must tolerate loss of a node). */
  readonly spot: boolean;
}

/** A GPU node pool: a node pool plus what the accelerator is. */
export interface GpuNodePool extends NodePool {
  /** Accelerator model, e.g. `nvidia-l4`. */
  readonly accelerator: string;
  /** Extended resource name the device plugin advertises. */
  readonly gpuResource: string;
}

/** A container image, always pinned by tag (never `latest`). */
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
  /** Pool for the Ray head, CPU workers and everything else that is not a GPU worker. */
  readonly cpuPool: NodePool;
  /**
   * Pool for GPU workers.
   * @default - no GPUs: GPU stages must be marked CPU-only
   */
  readonly gpuPool?: GpuNodePool;
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
