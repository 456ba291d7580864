import { arrayOrEmpty } from '../../k8s/json';
import { RWX_CLASS_EXAMPLES, singleNodeStorageClass } from '../../k8s/storage-classes';
import { ObjectPolicy } from './policy';

/**
 * A ReadWriteMany filesystem claim does not name a class that cannot share a volume across
 * nodes (a node-local provisioner or a cloud block disk, by its well-known name; see
 * `singleNodeStorageClass`): such a provisioner refuses the access mode or hands out a volume
 * that one node at a time sees, so the claim stays Pending or the pods on other nodes never
 * see the data (the reported case: `local-path` named as the shared class, claims Pending
 * forever). A `volumeMode: Block` claim is left alone: shared block disks exist.
 */
export const rwxStorageClass: ObjectPolicy = {
  id: 'policy/rwx-storage-class',
  description: 'a ReadWriteMany claim does not name a node-local or block-disk storage class (local-path, standard, managed-csi, gp3, ...)',
  check(obj) {
    if (obj.kind !== 'PersistentVolumeClaim' || obj.spec?.volumeMode === 'Block') return [];
    const modes = arrayOrEmpty(obj.spec?.accessModes);
    const className = obj.spec?.storageClassName;
    const what = modes.includes('ReadWriteMany') && typeof className === 'string' ? singleNodeStorageClass(className) : undefined;
    if (!what) return [];
    return [
      {
        rule: this.id,
        path: 'spec.storageClassName',
        message: `ReadWriteMany claim names storage class '${className}', ${what}, which cannot share one volume across nodes (the claim stays Pending); expected an RWX class such as ${RWX_CLASS_EXAMPLES}`,
      },
    ];
  },
};
