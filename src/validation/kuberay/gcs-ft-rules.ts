import { fieldPath } from '../../k8s/field-path';
import { ClusterScope, envIndex, headGroup } from './cluster-scope';
import { JsonObject, asArray, asObject, asString } from './json';
import { KubeRayRule, Violation, clusterRule, when } from './rule';

// Upstream source: ray-operator/controllers/ray/utils/validation.go@v1.7.0:
// ValidateRayClusterSpec (GCS fault tolerance) and validateGcsFaultToleranceBackend; cases in
// ray-operator/controllers/ray/utils/validation_test.go@v1.7.0
// TestValidateRayClusterSpecGcsFaultToleranceOptions,
// TestValidateRayClusterSpecEmbeddedGCSFeatureGate,
// TestValidateGcsFaultToleranceEmbeddedReservedVolume, TestValidateRayClusterSpecRedisPassword,
// TestValidateRayClusterSpecRedisUsername.

/*
 * GCS fault tolerance. The annotations below are read from the object that holds the cluster
 * spec (the RayCluster, RayJob or RayService), as KubeRay does.
 */

const FT_ENABLED_ANNOTATION = 'ray.io/ft-enabled';
const EXTERNAL_STORAGE_NS_ANNOTATION = 'ray.io/external-storage-namespace';
const GCS_STORAGE_VOLUME = 'gcs-storage';
const GCS_STORAGE_MOUNT_PATH = '/data/gcs';

function ftOptions(cluster: ClusterScope): JsonObject | undefined {
  return asObject(cluster.spec.gcsFaultToleranceOptions);
}

function ftOptionsPath(cluster: ClusterScope, ...rest: string[]): string {
  return fieldPath(cluster.path, 'gcsFaultToleranceOptions', ...rest);
}

/** The backend KubeRay uses: `redis` unless `rocksdb` is chosen. */
function usesRocksDb(cluster: ClusterScope): boolean {
  return ftOptions(cluster)?.backend === 'rocksdb';
}

/** A violation at the head Ray container's env var `name` if it is set. */
function headEnvViolation(cluster: ClusterScope, name: string, message: string): Violation[] {
  const head = headGroup(cluster);
  const index = envIndex(head.rayContainer, name);
  return when(index >= 0, fieldPath(head.rayContainerPath, 'env', index), message);
}

/** A violation at head `rayStartParams[key]` if it is set and non-empty. */
function headParamViolation(cluster: ClusterScope, key: string, message: string): Violation[] {
  const head = headGroup(cluster);
  return when(
    (head.rayStartParams[key] ?? '') !== '',
    fieldPath(fieldPath(head.path, 'rayStartParams'), key),
    message,
  );
}

const annotationOrOptions = clusterRule({
  id: 'kuberay/ft-annotation-or-options',
  description: `annotation ${FT_ENABLED_ANNOTATION} and gcsFaultToleranceOptions are not both set`,
  violations: (cluster) =>
    when(
      (cluster.annotations[FT_ENABLED_ANNOTATION] ?? '') !== '' && ftOptions(cluster) !== undefined,
      fieldPath('metadata.annotations', FT_ENABLED_ANNOTATION),
      `annotation ${FT_ENABLED_ANNOTATION} and gcsFaultToleranceOptions are both set, expected only gcsFaultToleranceOptions`,
    ),
});

const redisAddressRequiresFt = clusterRule({
  id: 'kuberay/redis-address-requires-ft',
  description: 'head env RAY_REDIS_ADDRESS is set only with GCS fault tolerance enabled',
  violations: (cluster) => {
    const enabled =
      ftOptions(cluster) !== undefined || cluster.annotations[FT_ENABLED_ANNOTATION]?.toLowerCase() === 'true';
    return enabled
      ? []
      : headEnvViolation(
          cluster,
          'RAY_REDIS_ADDRESS',
          'head env RAY_REDIS_ADDRESS implicitly turns on GCS fault tolerance, expected gcsFaultToleranceOptions.redisAddress instead',
        );
  },
});

const optionsReplaceLegacySettings = clusterRule({
  id: 'kuberay/ft-options-replace-legacy-settings',
  description:
    'with gcsFaultToleranceOptions, no redis-password start param, REDIS_PASSWORD or RAY_REDIS_ADDRESS head env, ' +
    `or ${EXTERNAL_STORAGE_NS_ANNOTATION} annotation`,
  violations: (cluster) => {
    if (ftOptions(cluster) === undefined) return [];
    const instead = (field: string) =>
      `which gcsFaultToleranceOptions replaces; expected gcsFaultToleranceOptions.${field} instead`;
    return [
      ...headParamViolation(
        cluster,
        'redis-password',
        `head rayStartParams sets redis-password, ${instead('redisPassword')}`,
      ),
      ...headEnvViolation(cluster, 'REDIS_PASSWORD', `head env sets REDIS_PASSWORD, ${instead('redisPassword')}`),
      ...headEnvViolation(cluster, 'RAY_REDIS_ADDRESS', `head env sets RAY_REDIS_ADDRESS, ${instead('redisAddress')}`),
      ...when(
        (cluster.annotations[EXTERNAL_STORAGE_NS_ANNOTATION] ?? '') !== '',
        fieldPath('metadata.annotations', EXTERNAL_STORAGE_NS_ANNOTATION),
        `annotation ${EXTERNAL_STORAGE_NS_ANNOTATION} is set, ${instead('externalStorageNamespace')}`,
      ),
    ];
  },
});

const redisUsernameInOptions = clusterRule({
  id: 'kuberay/redis-username-in-options',
  description: 'the Redis username is not set through head rayStartParams or env',
  violations: (cluster) => {
    const instead = 'expected gcsFaultToleranceOptions.redisUsername instead';
    return [
      ...headParamViolation(cluster, 'redis-username', `head rayStartParams sets redis-username, ${instead}`),
      ...headEnvViolation(cluster, 'REDIS_USERNAME', `head env sets REDIS_USERNAME, ${instead}`),
    ];
  },
});

const rocksDbRequiresGate = clusterRule({
  id: 'kuberay/rocksdb-requires-gate',
  description: 'the embedded rocksdb GCS backend needs the GCSFaultToleranceEmbeddedStorage feature gate',
  violations: (cluster, ctx) =>
    when(
      usesRocksDb(cluster) && !ctx.gates.GCSFaultToleranceEmbeddedStorage,
      ftOptionsPath(cluster, 'backend'),
      "gcsFaultToleranceOptions.backend is 'rocksdb', which needs the GCSFaultToleranceEmbeddedStorage feature gate " +
        "(off by default); expected the gate declared on, or backend 'redis'",
    ),
});

const rocksDbNoRedisFields = clusterRule({
  id: 'kuberay/rocksdb-no-redis-fields',
  description: 'the rocksdb backend sets no redisAddress, redisUsername, redisPassword or externalStorageNamespace',
  violations: (cluster) => {
    const options = ftOptions(cluster);
    if (!usesRocksDb(cluster) || options === undefined) return [];
    const setFields = ['redisAddress', 'redisUsername', 'redisPassword', 'externalStorageNamespace'].filter(
      (field) => options[field] !== undefined && options[field] !== '',
    );
    return setFields.map((field) => ({
      path: ftOptionsPath(cluster, field),
      message: `gcsFaultToleranceOptions.${field} is set with backend 'rocksdb', expected it unset (it applies to 'redis' only)`,
    }));
  },
});

const rocksDbStorageClaimExclusive = clusterRule({
  id: 'kuberay/rocksdb-storage-claim-exclusive',
  description: 'gcsFaultToleranceOptions.storage.claimName excludes size, storageClassName and accessModes',
  violations: (cluster) => {
    const storage = asObject(ftOptions(cluster)?.storage);
    if (!usesRocksDb(cluster) || storage === undefined || (asString(storage.claimName) ?? '') === '') return [];
    const conflicting = ['size', 'storageClassName', 'accessModes'].filter((field) =>
      field === 'accessModes' ? asArray(storage.accessModes).length > 0 : storage[field] !== undefined,
    );
    return when(
      conflicting.length > 0,
      ftOptionsPath(cluster, 'storage', 'claimName'),
      `gcsFaultToleranceOptions.storage sets claimName together with ${conflicting.join(', ')}, ` +
        'expected either an existing claim (claimName) or a claim for KubeRay to create (size, storageClassName, accessModes)',
    );
  },
});

const rocksDbManagedStorage = clusterRule({
  id: 'kuberay/rocksdb-managed-storage',
  description: `with the rocksdb backend, the head sets no RAY_gcs_storage* env and no '${GCS_STORAGE_VOLUME}' volume or ${GCS_STORAGE_MOUNT_PATH} mount`,
  violations: (cluster) => {
    if (!usesRocksDb(cluster)) return [];
    const head = headGroup(cluster);
    const managed = 'which KubeRay manages for the rocksdb backend; expected it removed';
    const mounts = asArray(head.rayContainer?.volumeMounts).flatMap((value, index) => {
      const mount = asObject(value);
      return when(
        mount?.name === GCS_STORAGE_VOLUME || mount?.mountPath === GCS_STORAGE_MOUNT_PATH,
        fieldPath(head.rayContainerPath, 'volumeMounts', index),
        `head container mounts '${String(mount?.name)}' at ${String(mount?.mountPath)}, ${managed}`,
      );
    });
    const volumes = asArray(head.podSpec.volumes).flatMap((value, index) =>
      when(
        asObject(value)?.name === GCS_STORAGE_VOLUME,
        fieldPath(head.podSpecPath, 'volumes', index),
        `head pod defines volume '${GCS_STORAGE_VOLUME}', ${managed}`,
      ),
    );
    return [
      ...headEnvViolation(cluster, 'RAY_gcs_storage', `head env sets RAY_gcs_storage, ${managed}`),
      ...headEnvViolation(cluster, 'RAY_gcs_storage_path', `head env sets RAY_gcs_storage_path, ${managed}`),
      ...mounts,
      ...volumes,
    ];
  },
});

const redisBackendNoStorage = clusterRule({
  id: 'kuberay/redis-backend-no-storage',
  description: "gcsFaultToleranceOptions.storage is set only with backend 'rocksdb'",
  violations: (cluster) =>
    when(
      ftOptions(cluster)?.storage !== undefined && !usesRocksDb(cluster),
      ftOptionsPath(cluster, 'storage'),
      "gcsFaultToleranceOptions.storage is set with backend 'redis' (the default), expected it unset or backend 'rocksdb'",
    ),
});

export const GCS_FT_RULES: readonly KubeRayRule[] = [
  annotationOrOptions,
  redisAddressRequiresFt,
  optionsReplaceLegacySettings,
  redisUsernameInOptions,
  rocksDbRequiresGate,
  rocksDbNoRedisFields,
  rocksDbStorageClaimExclusive,
  rocksDbManagedStorage,
  redisBackendNoStorage,
];
