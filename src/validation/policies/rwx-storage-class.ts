import { arrayOrEmpty } from '../../k8s/json';
import { ObjectPolicy } from './policy';

// Source: https://github.com/rancher/local-path-provisioner/issues/70 (local-path volumes are
// single-node, ReadWriteOnce only) and https://github.com/kubernetes-sigs/kind/issues/2371
// (kind's standard class refuses ReadWriteMany: "Only support ReadWriteOnce access mode").

/**
 * Storage classes that are node-local (or single-attach block) provisioners by their well-known
 * names: kind's and k3s' `standard` / `local-path` (rancher.io/local-path), Docker Desktop's and
 * minikube's `hostpath` / `standard` (k8s.io/minikube-hostpath, docker.io/hostpath), MicroK8s'
 * `microk8s-hostpath`, OpenEBS `openebs-hostpath`, and static `local-storage`
 * (kubernetes.io/no-provisioner). None can give one volume to pods on different nodes.
 */
const NODE_LOCAL_CLASSES = ['local-path', 'hostpath', 'standard', 'microk8s-hostpath', 'openebs-hostpath', 'local-storage'];

/**
 * A ReadWriteMany claim does not name a node-local class: such a provisioner either refuses the
 * access mode or hands out a volume that exists on one node only, so the claim stays Pending or
 * the pods on other nodes never see the data (the reported case: `local-path` named as the
 * shared class, claims Pending forever).
 */
export const rwxStorageClass: ObjectPolicy = {
  id: 'policy/rwx-storage-class',
  description: 'a ReadWriteMany claim does not name a node-local storage class (local-path, hostpath, standard, ...)',
  check(obj) {
    if (obj.kind !== 'PersistentVolumeClaim') return [];
    const modes = arrayOrEmpty(obj.spec?.accessModes);
    const className = obj.spec?.storageClassName;
    if (!modes.includes('ReadWriteMany') || !NODE_LOCAL_CLASSES.includes(className)) return [];
    return [
      {
        rule: this.id,
        path: 'spec.storageClassName',
        message: `ReadWriteMany claim names storage class '${className}', a node-local provisioner by that name, which cannot share one volume across nodes (the claim stays Pending); expected an RWX class such as NFS, CephFS, Filestore, Azure Files or EFS`,
      },
    ];
  },
};
