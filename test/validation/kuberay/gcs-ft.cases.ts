import { Obj } from './fixtures';
import { RuleCase } from './rule-case';

const REDIS = {
  redisAddress: 'redis.ray.svc:6379',
  redisPassword: { valueFrom: { secretKeyRef: { name: 'redis', key: 'password' } } },
};
const EMBEDDED = { GCSFaultToleranceEmbeddedStorage: true };
const HEAD_CONTAINER = 'spec.headGroupSpec.template.spec.containers[0]';

function head(o: Obj): Obj {
  return o.spec.headGroupSpec;
}

function headContainer(o: Obj): Obj {
  return head(o).template.spec.containers[0];
}

function withRedisFt(o: Obj): Obj {
  o.spec.gcsFaultToleranceOptions = structuredClone(REDIS);
  return o;
}

function withRocksDb(o: Obj, storage: Obj = { size: '10Gi' }): Obj {
  o.spec.gcsFaultToleranceOptions = { backend: 'rocksdb', storage };
  return o;
}

export const GCS_FT_CASES: readonly RuleCase[] = [
  {
    rule: 'kuberay/ft-annotation-or-options',
    what: 'ray.io/ft-enabled with gcsFaultToleranceOptions',
    bad: (o) => (withRedisFt(o).metadata.annotations = { 'ray.io/ft-enabled': 'true' }),
    path: 'metadata.annotations[ray.io/ft-enabled]',
    good: (o) => withRedisFt(o),
  },
  {
    rule: 'kuberay/redis-address-requires-ft',
    what: 'RAY_REDIS_ADDRESS without fault tolerance',
    bad: (o) => headContainer(o).env.push({ name: 'RAY_REDIS_ADDRESS', value: 'redis:6379' }),
    path: `${HEAD_CONTAINER}.env[1]`,
    good: (o) => {
      o.metadata.annotations = { 'ray.io/ft-enabled': 'true' };
      headContainer(o).env.push({ name: 'RAY_REDIS_ADDRESS', value: 'redis:6379' });
    },
  },
  {
    rule: 'kuberay/ft-options-replace-legacy-settings',
    what: 'redis-password start param',
    bad: (o) => (withRedisFt(o).spec.headGroupSpec.rayStartParams['redis-password'] = 'hunter2'),
    path: 'spec.headGroupSpec.rayStartParams.redis-password',
    good: (o) => withRedisFt(o),
  },
  ...['REDIS_PASSWORD', 'RAY_REDIS_ADDRESS'].map(
    (name): RuleCase => ({
      rule: 'kuberay/ft-options-replace-legacy-settings',
      what: `head env ${name}`,
      bad: (o) => headContainer(withRedisFt(o)).env.push({ name, value: 'x' }),
      path: `${HEAD_CONTAINER}.env[1]`,
      good: (o) => headContainer(withRedisFt(o)).env.push({ name: 'RAY_LOG_TO_STDERR', value: '1' }),
    }),
  ),
  {
    rule: 'kuberay/ft-options-replace-legacy-settings',
    what: 'ray.io/external-storage-namespace annotation',
    bad: (o) => (withRedisFt(o).metadata.annotations = { 'ray.io/external-storage-namespace': 'demo' }),
    path: 'metadata.annotations[ray.io/external-storage-namespace]',
    good: (o) => (withRedisFt(o).spec.gcsFaultToleranceOptions.externalStorageNamespace = 'demo'),
  },
  {
    rule: 'kuberay/redis-username-in-options',
    what: 'redis-username start param',
    bad: (o) => (head(withRedisFt(o)).rayStartParams['redis-username'] = 'ray'),
    path: 'spec.headGroupSpec.rayStartParams.redis-username',
    good: (o) => (withRedisFt(o).spec.gcsFaultToleranceOptions.redisUsername = { value: 'ray' }),
  },
  {
    rule: 'kuberay/redis-username-in-options',
    what: 'head env REDIS_USERNAME',
    bad: (o) => headContainer(o).env.push({ name: 'REDIS_USERNAME', value: 'ray' }),
    path: `${HEAD_CONTAINER}.env[1]`,
    good: (o) => (withRedisFt(o).spec.gcsFaultToleranceOptions.redisUsername = { value: 'ray' }),
  },
  {
    rule: 'kuberay/rocksdb-requires-gate',
    what: 'rocksdb backend with the gate off',
    bad: (o) => withRocksDb(o),
    path: 'spec.gcsFaultToleranceOptions.backend',
    good: (o) => withRocksDb(o),
    goodGates: EMBEDDED,
  },
  ...['redisAddress', 'externalStorageNamespace'].map(
    (field): RuleCase => ({
      rule: 'kuberay/rocksdb-no-redis-fields',
      what: `rocksdb with ${field}`,
      gates: EMBEDDED,
      bad: (o) => (withRocksDb(o).spec.gcsFaultToleranceOptions[field] = 'x'),
      path: `spec.gcsFaultToleranceOptions.${field}`,
      good: (o) => withRocksDb(o),
    }),
  ),
  {
    rule: 'kuberay/rocksdb-no-redis-fields',
    what: 'rocksdb with redisPassword',
    gates: EMBEDDED,
    bad: (o) => (withRocksDb(o).spec.gcsFaultToleranceOptions.redisPassword = { value: '' }),
    path: 'spec.gcsFaultToleranceOptions.redisPassword',
    good: (o) => withRocksDb(o, { claimName: 'gcs-data' }),
  },
  {
    rule: 'kuberay/rocksdb-storage-claim-exclusive',
    what: 'claimName with size',
    gates: EMBEDDED,
    bad: (o) => withRocksDb(o, { claimName: 'gcs-data', size: '10Gi' }),
    path: 'spec.gcsFaultToleranceOptions.storage.claimName',
    good: (o) => withRocksDb(o, { claimName: 'gcs-data' }),
  },
  {
    rule: 'kuberay/rocksdb-storage-claim-exclusive',
    what: 'claimName with accessModes',
    gates: EMBEDDED,
    bad: (o) => withRocksDb(o, { claimName: 'gcs-data', accessModes: ['ReadWriteOnce'] }),
    path: 'spec.gcsFaultToleranceOptions.storage.claimName',
    good: (o) => withRocksDb(o, { size: '10Gi', accessModes: ['ReadWriteOnce'], storageClassName: 'standard-rwo' }),
  },
  {
    rule: 'kuberay/rocksdb-managed-storage',
    what: 'a mount at /data/gcs',
    gates: EMBEDDED,
    bad: (o) => headContainer(withRocksDb(o)).volumeMounts.push({ name: 'data', mountPath: '/data/gcs' }),
    path: `${HEAD_CONTAINER}.volumeMounts[1]`,
    good: (o) => headContainer(withRocksDb(o)).volumeMounts.push({ name: 'data', mountPath: '/data/cache' }),
  },
  {
    rule: 'kuberay/rocksdb-managed-storage',
    what: 'a head volume named gcs-storage',
    gates: EMBEDDED,
    bad: (o) => head(withRocksDb(o)).template.spec.volumes.push({ name: 'gcs-storage', emptyDir: {} }),
    path: 'spec.headGroupSpec.template.spec.volumes[1]',
    good: (o) => head(withRocksDb(o)).template.spec.volumes.push({ name: 'cache', emptyDir: {} }),
  },
  {
    rule: 'kuberay/rocksdb-managed-storage',
    what: 'head env RAY_gcs_storage_path',
    gates: EMBEDDED,
    bad: (o) => headContainer(withRocksDb(o)).env.push({ name: 'RAY_gcs_storage_path', value: '/data/gcs' }),
    path: `${HEAD_CONTAINER}.env[1]`,
    good: (o) => withRocksDb(o),
  },
  {
    rule: 'kuberay/redis-backend-no-storage',
    what: 'storage with the default redis backend',
    bad: (o) => (withRedisFt(o).spec.gcsFaultToleranceOptions.storage = { size: '1Gi' }),
    path: 'spec.gcsFaultToleranceOptions.storage',
    good: (o) => withRedisFt(o),
  },
];
