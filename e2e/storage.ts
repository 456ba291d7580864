import { RayEnvironment } from '../src/environments';

/** The provisioner that e2e/control-plane/kwok-provisioner.yaml plays. */
export const SIMULATED_PROVISIONER = 'kwok.x-k8s.io/volume';

/**
 * The environment's storage classes, plus a default class (every real cluster has one, and
 * environments without a named class use it), all served by the simulated provisioner. A claim
 * naming any other class finds no class, as it would on the real cluster.
 */
export function simulatedStorageClasses(env: RayEnvironment): object[] {
  const named = [env.storage.readWriteManyClass, env.storage.readWriteOnceClass].filter((c): c is string => c !== undefined);
  const defaultClass = named.includes('standard') ? [] : ['standard'];
  return [...new Set([...named, ...defaultClass])].map((name) => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name,
      annotations: name === 'standard' ? { 'storageclass.kubernetes.io/is-default-class': 'true' } : {},
    },
    provisioner: SIMULATED_PROVISIONER,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  }));
}
