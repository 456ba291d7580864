import { fieldPath } from '../../k8s/field-path';
import { gatedFieldRule } from './gate-rule';
import { allGroups, envIndex } from './cluster-scope';
import { JsonObject, asArray, asObject, dig } from './json';
import { KubeRayRule, Violation, clusterRule, when } from './rule';

// Upstream source: ray-operator/controllers/ray/utils/validation.go@v1.7.0:
// ValidateRayClusterSpec (tlsOptions gate), validateTLSOptions,
// validateNoConflictingTLSVolumeMount (IsTLSEnabled in
// ray-operator/controllers/ray/utils/util.go@v1.7.0); cases in
// ray-operator/controllers/ray/utils/validation_test.go@v1.7.0 TestValidateTLSOptions,
// TestValidateRayClusterSpec_TLSOptionsRequiresFeatureGate.

/** What KubeRay sets up itself when mTLS is on. */
const TLS_ENV = ['RAY_USE_TLS', 'RAY_TLS_SERVER_CERT', 'RAY_TLS_SERVER_KEY', 'RAY_TLS_CA_CERT'];
const TLS_VOLUME = 'ray-tls';
const TLS_MOUNT_PATH = '/etc/ray/tls';

const requiresGate = gatedFieldRule('kuberay/tls-requires-gate', 'tlsOptions', 'RayClusterMTLS', ' and cert-manager');

/** TLS env vars and mounts a container (or autoscalerOptions) sets that KubeRay would manage. */
function managedTlsSettings(holder: JsonObject | undefined, path: string, where: string): Violation[] {
  const env = TLS_ENV.flatMap((name) => {
    const index = envIndex(holder, name);
    return when(
      index >= 0,
      fieldPath(path, 'env', index),
      `${where} sets ${name}, which KubeRay manages with tlsOptions; expected it removed`,
    );
  });
  const mounts = asArray(holder?.volumeMounts).flatMap((value, index) => {
    const mount = asObject(value);
    return when(
      mount?.name === TLS_VOLUME || mount?.mountPath === TLS_MOUNT_PATH,
      fieldPath(path, 'volumeMounts', index),
      `${where} mounts '${String(mount?.name)}' at ${String(mount?.mountPath)}, which conflicts with the ` +
        `'${TLS_VOLUME}' mount at ${TLS_MOUNT_PATH} KubeRay adds with tlsOptions; expected another name and path`,
    );
  });
  return [...env, ...mounts];
}

const managedSettings = clusterRule({
  id: 'kuberay/tls-managed-settings',
  description: 'with tlsOptions.enabled, Ray containers and autoscalerOptions set no TLS env vars or ray-tls mounts',
  violations: (cluster) => {
    if (dig(cluster.spec, 'tlsOptions', 'enabled') !== true) return [];
    return [
      ...allGroups(cluster).flatMap((group) =>
        managedTlsSettings(group.rayContainer, group.rayContainerPath, `${group.name} group Ray container`),
      ),
      ...managedTlsSettings(
        asObject(cluster.spec.autoscalerOptions),
        fieldPath(cluster.path, 'autoscalerOptions'),
        'autoscalerOptions',
      ),
    ];
  },
});

export const TLS_RULES: readonly KubeRayRule[] = [requiresGate, managedSettings];
