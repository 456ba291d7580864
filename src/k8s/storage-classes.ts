// Sources: https://github.com/rancher/local-path-provisioner/issues/70 (local-path volumes are
// single-node, ReadWriteOnce only); https://github.com/kubernetes-sigs/kind/issues/2371 (kind's
// standard class refuses ReadWriteMany); the cloud's block-disk CSI drivers and the classes
// their clusters ship: https://learn.microsoft.com/azure/aks/azure-disk-csi (disk.csi.azure.com,
// `managed-csi`, `managed-csi-premium`, `managed`, `managed-premium`),
// https://cloud.google.com/kubernetes-engine/docs/how-to/persistent-volumes/gce-pd-csi-driver
// (pd.csi.storage.gke.io, `standard-rwo`, `premium-rwo`) and
// https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html (ebs.csi.aws.com, `gp2`, `gp3`,
// and the io1/io2/st1/sc1 volume types classes are usually named after). A block disk attaches
// to one node at a time; the shared-disk modes (Azure maxShares, EBS io2 multi-attach, GKE
// Hyperdisk multi-writer) give ReadWriteMany only to `volumeMode: Block` claims.

/**
 * Storage classes that cannot give one filesystem volume to pods on several nodes, by their
 * well-known names, with what they are.
 */
const SINGLE_NODE_CLASSES: Readonly<Record<string, string>> = {
  'local-path': 'a node-local provisioner (rancher.io/local-path: kind, k3s)',
  hostpath: 'a node-local provisioner (Docker Desktop, minikube)',
  standard: "a node-local provisioner (kind's and minikube's default class) or a GCE persistent disk (GKE's)",
  'microk8s-hostpath': 'a node-local provisioner (MicroK8s)',
  'openebs-hostpath': 'a node-local provisioner (OpenEBS)',
  'local-storage': 'static node-local volumes (kubernetes.io/no-provisioner)',
  'managed-csi': "AKS's Azure Disk class, a block disk attached to one node at a time",
  'managed-csi-premium': "AKS's premium Azure Disk class, a block disk attached to one node at a time",
  managed: "AKS's Azure Disk class, a block disk attached to one node at a time",
  'managed-premium': "AKS's premium Azure Disk class, a block disk attached to one node at a time",
  'standard-rwo': "GKE's persistent-disk class, a block disk attached to one node at a time",
  'premium-rwo': "GKE's SSD persistent-disk class, a block disk attached to one node at a time",
  gp2: 'an EBS class, a block disk attached to one node at a time',
  gp3: 'an EBS class, a block disk attached to one node at a time',
  io1: 'an EBS class, a block disk attached to one node at a time',
  io2: 'an EBS class, a block disk attached to one node at a time',
  st1: 'an EBS class, a block disk attached to one node at a time',
  sc1: 'an EBS class, a block disk attached to one node at a time',
};

/**
 * What a storage class of this well-known name is when it cannot provide ReadWriteMany
 * filesystem volumes (a node-local provisioner or a cloud block disk), e.g. for `managed-csi`
 * "AKS's Azure Disk class, a block disk attached to one node at a time"; undefined for any other
 * name (NFS, CephFS, Filestore `standard-rwx`, Azure Files `azurefile-csi`, EFS, or one we do not know).
 */
export function singleNodeStorageClass(name: string): string | undefined {
  return Object.hasOwn(SINGLE_NODE_CLASSES, name) ? SINGLE_NODE_CLASSES[name] : undefined;
}

/** Examples of classes that do provide ReadWriteMany, for messages. */
export const RWX_CLASS_EXAMPLES = 'NFS, CephFS, Filestore (standard-rwx), Azure Files (azurefile-csi) or EFS';
