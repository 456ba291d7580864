import { accepted, clusterOf, clusterSpec, edit, head, headContainer, Obj, rayCluster, rejected, UpstreamCase, worker, workerContainer, workerGroup } from './manifests';

// After ValidateRayClusterSpec / ValidateRayClusterMetadata cases in
// ray-operator/controllers/ray/utils/validation_test.go@v1.7.0 (our own manifests).

const cluster = (change: (o: Obj) => void) => edit(() => rayCluster(), change);
const env = (container: Obj, name: string, value: string) => (container.env ??= []).push({ name, value });
const redisFt = (o: Obj, options: Obj = { redisAddress: 'redis:6379' }) => (o.spec.gcsFaultToleranceOptions = options);
const rocksDb = (o: Obj, options: Obj = {}) => (o.spec.gcsFaultToleranceOptions = { backend: 'rocksdb', ...options });
const autoscaling = (o: Obj, options?: Obj) => {
  o.spec.enableInTreeAutoscaling = true;
  if (options) o.spec.autoscalerOptions = options;
};
/** Autoscaler v2 as KubeRay wants it: restartPolicy Never on every Pod. */
const autoscalerV2 = (o: Obj, options: Obj = {}) => {
  autoscaling(o, { version: 'v2', ...options });
  head(o).template.spec.restartPolicy = 'Never';
  for (const group of clusterOf(o).workerGroupSpecs) group.template.spec.restartPolicy = 'Never';
};
const EMBEDDED = { GCSFaultToleranceEmbeddedStorage: true };
const JOB_DELETION_OFF = { RayJobDeletionPolicy: false };
const NETWORK = { RayClusterNetworkPolicy: true };
const MTLS = { RayClusterMTLS: true };
const HISTORY = { RayClusterHistoryServer: true };

const G = 'TestValidateRayClusterSpecGcsFaultToleranceOptions/';
const GCS_FT: UpstreamCase[] = [
  rejected(`${G}ray.io/ft-enabled is set to false and GcsFaultToleranceOptions is set`, 'kuberay/ft-annotation-or-options', cluster((o) => {
    o.metadata.annotations = { 'ray.io/ft-enabled': 'false' };
    redisFt(o);
  })),
  rejected(`${G}ray.io/ft-enabled is set to true and GcsFaultToleranceOptions is set`, 'kuberay/ft-annotation-or-options', cluster((o) => {
    o.metadata.annotations = { 'ray.io/ft-enabled': 'true' };
    redisFt(o);
  })),
  accepted(`${G}ray.io/ft-enabled is not set and GcsFaultToleranceOptions is set`, cluster((o) => redisFt(o))),
  accepted(`${G}ray.io/ft-enabled is not set and GcsFaultToleranceOptions is not set`, () => rayCluster()),
  rejected(`${G}ray.io/ft-enabled is set to false and RAY_REDIS_ADDRESS is set`, 'kuberay/redis-address-requires-ft', cluster((o) => {
    o.metadata.annotations = { 'ray.io/ft-enabled': 'false' };
    env(headContainer(o), 'RAY_REDIS_ADDRESS', 'redis:6379');
  })),
  rejected(`${G}gcsFaultToleranceOptions is set and RAY_REDIS_ADDRESS is set`, 'kuberay/ft-options-replace-legacy-settings', cluster((o) => {
    redisFt(o);
    env(headContainer(o), 'RAY_REDIS_ADDRESS', 'redis:6379');
  })),
  rejected(`${G}FT is disabled and RAY_REDIS_ADDRESS is set`, 'kuberay/redis-address-requires-ft', cluster((o) => env(headContainer(o), 'RAY_REDIS_ADDRESS', 'redis:6379'))),
  accepted(`${G}ray.io/ft-enabled is set to true and RAY_REDIS_ADDRESS is set`, cluster((o) => {
    o.metadata.annotations = { 'ray.io/ft-enabled': 'true' };
    env(headContainer(o), 'RAY_REDIS_ADDRESS', 'redis:6379');
  })),
  rejected(`${G}gcsFaultToleranceOptions is set and ray.io/external-storage-namespace is set`, 'kuberay/ft-options-replace-legacy-settings', cluster((o) => {
    o.metadata.annotations = { 'ray.io/external-storage-namespace': 'myns' };
    redisFt(o);
  })),
  accepted(`${G}redis backend without RedisAddress is accepted`, cluster((o) => redisFt(o, { backend: 'redis' }))),
  rejected(`${G}redis backend rejects rocksdb-only storage field`, 'kuberay/redis-backend-no-storage', cluster((o) => redisFt(o, { redisAddress: 'redis:6379', storage: { size: '1Gi' } }))),
  accepted(`${G}rocksdb backend is valid with no redis fields`, cluster((o) => rocksDb(o)), EMBEDDED),
  accepted(`${G}rocksdb backend with operator-managed storage is valid`, cluster((o) => rocksDb(o, { storage: { size: '10Gi' } })), EMBEDDED),
  rejected(`${G}rocksdb backend rejects RedisAddress`, 'kuberay/rocksdb-no-redis-fields', cluster((o) => rocksDb(o, { redisAddress: 'redis:6379' })), EMBEDDED),
  rejected(`${G}rocksdb backend rejects ExternalStorageNamespace`, 'kuberay/rocksdb-no-redis-fields', cluster((o) => rocksDb(o, { externalStorageNamespace: 'ns' })), EMBEDDED),
  rejected(`${G}rocksdb backend rejects claimName combined with size`, 'kuberay/rocksdb-storage-claim-exclusive', cluster((o) => rocksDb(o, { storage: { claimName: 'gcs', size: '10Gi' } })), EMBEDDED),
  rejected(`${G}rocksdb backend rejects user-set RAY_gcs_storage env`, 'kuberay/rocksdb-managed-storage', cluster((o) => {
    rocksDb(o);
    env(headContainer(o), 'RAY_gcs_storage', 'rocksdb');
  }), EMBEDDED),
  rejected('TestValidateRayClusterSpecEmbeddedGCSFeatureGate/gate off', 'kuberay/rocksdb-requires-gate', cluster((o) => rocksDb(o))),
  accepted('TestValidateRayClusterSpecEmbeddedGCSFeatureGate/gate on', cluster((o) => rocksDb(o)), EMBEDDED),
  accepted('TestValidateGcsFaultToleranceEmbeddedReservedVolume/no reserved volume is valid', cluster((o) => rocksDb(o)), EMBEDDED),
  rejected('TestValidateGcsFaultToleranceEmbeddedReservedVolume/reserved mount path is rejected', 'kuberay/rocksdb-managed-storage', cluster((o) => {
    rocksDb(o);
    headContainer(o).volumeMounts = [{ name: 'user-vol', mountPath: '/data/gcs' }];
    head(o).template.spec.volumes = [{ name: 'user-vol', emptyDir: {} }];
  }), EMBEDDED),
  rejected('TestValidateGcsFaultToleranceEmbeddedReservedVolume/reserved volume mount name is rejected', 'kuberay/rocksdb-managed-storage', cluster((o) => {
    rocksDb(o);
    headContainer(o).volumeMounts = [{ name: 'gcs-storage', mountPath: '/somewhere/else' }];
    head(o).template.spec.volumes = [{ name: 'gcs-storage', emptyDir: {} }];
  }), EMBEDDED),
  rejected('TestValidateGcsFaultToleranceEmbeddedReservedVolume/reserved volume name is rejected', 'kuberay/rocksdb-managed-storage', cluster((o) => {
    rocksDb(o);
    head(o).template.spec.volumes = [{ name: 'gcs-storage', emptyDir: {} }];
  }), EMBEDDED),
  rejected('TestValidateRayClusterSpecRedisPassword/GcsFaultToleranceOptions is set and `redis-password` is also set in rayStartParams', 'kuberay/ft-options-replace-legacy-settings', cluster((o) => {
    redisFt(o);
    head(o).rayStartParams['redis-password'] = 'password';
  })),
  rejected('TestValidateRayClusterSpecRedisPassword/GcsFaultToleranceOptions is set and `REDIS_PASSWORD` env var is also set in the head Pod', 'kuberay/ft-options-replace-legacy-settings', cluster((o) => {
    redisFt(o);
    env(headContainer(o), 'REDIS_PASSWORD', 'password');
  })),
  accepted('TestValidateRayClusterSpecRedisPassword/GcsFaultToleranceOptions.RedisPassword is set', cluster((o) =>
    redisFt(o, { redisAddress: 'redis:6379', redisPassword: { valueFrom: { secretKeyRef: { name: 'redis-password-secret', key: 'password' } } } }),
  )),
  rejected('TestValidateRayClusterSpecRedisUsername/`redis-username` is set in rayStartParams of the Head Pod', 'kuberay/redis-username-in-options', cluster((o) => {
    redisFt(o);
    head(o).rayStartParams['redis-username'] = 'username';
  })),
  rejected('TestValidateRayClusterSpecRedisUsername/`REDIS_USERNAME` env var is set in the Head Pod', 'kuberay/redis-username-in-options', cluster((o) => {
    redisFt(o);
    env(headContainer(o), 'REDIS_USERNAME', 'username');
  })),
  accepted('TestValidateRayClusterSpecRedisUsername/GcsFaultToleranceOptions.RedisUsername is set', cluster((o) =>
    redisFt(o, { redisAddress: 'redis:6379', redisUsername: { valueFrom: { secretKeyRef: { name: 'redis-username-secret', key: 'username' } } } }),
  )),
];

const N = 'TestValidateRayClusterSpecNames/';
const SPEC: UpstreamCase[] = [
  rejected(`${N}RayCluster name is too long (> MaxRayClusterNameLength characters)`, 'kuberay/name-max-length', () => rayCluster(clusterSpec(), 'a'.repeat(54))),
  accepted(`${N}RayCluster name is ok (== MaxRayClusterNameLength)`, () => rayCluster(clusterSpec(), 'a'.repeat(53))),
  rejected(`${N}RayCluster name is not a DNS1035 label`, 'kuberay/name-dns1035-label', () => rayCluster(clusterSpec(), '1-raycluster')),
  rejected('TestValidateRayClusterSpecEmptyContainers/headGroupSpec has no containers', 'kuberay/head-container-required', cluster((o) => (head(o).template.spec.containers = []))),
  rejected('TestValidateRayClusterSpecEmptyContainers/workerGroupSpec has no containers', 'kuberay/worker-container-required', cluster((o) => (worker(o).template.spec.containers = []))),
  accepted('TestValidateRayClusterSpecEmptyContainers/valid cluster with containers in both head and worker groups', () => rayCluster()),
  rejected('TestValidateRayClusterSpecSuspendingWorkerGroup/suspend without autoscaler and the feature gate', 'kuberay/worker-suspend-requires-gate', cluster((o) => (worker(o).suspend = true)), JOB_DELETION_OFF),
  accepted('TestValidateRayClusterSpecSuspendingWorkerGroup/suspend without autoscaler', cluster((o) => (worker(o).suspend = true))),
  rejected('TestValidateRayClusterSpecSuspendingWorkerGroup/suspend with autoscaler', 'kuberay/worker-suspend-without-autoscaling', cluster((o) => {
    worker(o).suspend = true;
    autoscaling(o);
  })),
];

const A = 'TestValidateRayClusterSpecAutoscaler/';
const AUTOSCALER: UpstreamCase[] = [
  rejected(`${A}should return error if autoscaler is enabled and any worker group is suspended`, 'kuberay/worker-suspend-without-autoscaling', cluster((o) => {
    autoscaling(o);
    worker(o).suspend = true;
  })),
  ...['1', 'true'].map((value) =>
    rejected(`${A}should return error if RAY_enable_autoscaler_v2 env var is set to '${value}' when autoscaler is disabled`, 'kuberay/autoscaler-v2-env-requires-autoscaling', cluster((o) => {
      o.spec.enableInTreeAutoscaling = false;
      env(headContainer(o), 'RAY_enable_autoscaler_v2', value);
    })),
  ),
  rejected(`${A}should return error if autoscaler v2 is enabled and head Pod has env var RAY_enable_autoscaler_v2`, 'kuberay/autoscaler-version-single-source', cluster((o) => {
    autoscalerV2(o);
    env(headContainer(o), 'RAY_enable_autoscaler_v2', 'true');
  })),
  rejected(`${A}should return error if autoscaler v2 is enabled and head Pod has a restartPolicy other than Never or unset`, 'kuberay/autoscaler-v2-restart-policy', cluster((o) => {
    autoscalerV2(o);
    head(o).template.spec.restartPolicy = 'Always';
  })),
  accepted(`${A}should not return error if autoscaler v1 is enabled and a worker group has a restartPolicy other than Never or unset (warning only)`, cluster((o) => {
    autoscaling(o, { version: 'v1' });
    o.spec.workerGroupSpecs.push(workerGroup('cpu-2'));
    worker(o, 1).template.spec.restartPolicy = 'Always';
  })),
  accepted(`${A}should not return error if autoscaler v1 is enabled and all worker groups have restartPolicy Never or unset`, cluster((o) => {
    autoscaling(o, { version: 'v1' });
    o.spec.workerGroupSpecs.push(workerGroup('cpu-2'));
    worker(o, 1).template.spec.restartPolicy = 'Never';
  })),
  rejected(`${A}should return error if autoscaler v2 is enabled and a worker group has a restartPolicy other than Never or unset`, 'kuberay/autoscaler-v2-restart-policy', cluster((o) => {
    o.spec.workerGroupSpecs.push(workerGroup('cpu-2'));
    autoscalerV2(o);
    worker(o, 1).template.spec.restartPolicy = 'Always';
  })),
  accepted(`${A}should not return error if autoscaler configs are valid`, cluster((o) => autoscalerV2(o))),
];

const R = 'TestValidateRayClusterSpec_Resources/';
const L = 'TestValidateRayClusterSpec_Labels/';
const GROUPS: UpstreamCase[] = [
  rejected(`${R}Invalid: Head group has resources in both rayStartParams and top-level Resources`, 'kuberay/group-resources-single-source', cluster((o) => {
    head(o).rayStartParams.resources = '"{\\"CustomResource\\": 1}"';
    head(o).resources = { CustomResource: '1' };
  })),
  rejected(`${R}Invalid: Worker group has resources in both rayStartParams and .Resources`, 'kuberay/group-resources-single-source', cluster((o) => {
    worker(o).rayStartParams.resources = '"{\\"CustomResource\\": 1}"';
    worker(o).resources = { CustomResource: '1' };
  })),
  accepted(`${R}Valid: Only rayStartParams resources are set for head`, cluster((o) => (head(o).rayStartParams.resources = '"{\\"CustomResource\\": 1}"'))),
  accepted(`${R}Valid: Only .Resources field is set for worker`, cluster((o) => (worker(o).resources = { CustomResource: '1' }))),
  rejected(`${L}Invalid: Head group has 'labels' in rayStartParams`, 'kuberay/group-labels-not-in-ray-start-params', cluster((o) => (head(o).rayStartParams.labels = 'ray.io/market-type=on-demand'))),
  rejected(`${L}Invalid: Worker group has 'labels' in rayStartParams`, 'kuberay/group-labels-not-in-ray-start-params', cluster((o) => (worker(o).rayStartParams.labels = 'ray.io/market-type=on-demand'))),
  accepted(`${L}Valid: Only .Labels field is set`, cluster((o) => {
    head(o).labels = { 'ray.io/market-type': 'on-demand' };
    worker(o).labels = { 'ray.io/accelerator-type': 'A100' };
  })),
  rejected(`${L}Invalid: Label key does not follow Kubernetes syntax`, 'kuberay/group-labels-valid', cluster((o) => (head(o).labels = { 'invalid-key!': 'value' }))),
  rejected(`${L}Invalid: Label value does not follow Kubernetes syntax`, 'kuberay/group-labels-valid', cluster((o) => (worker(o).labels = { 'ray.io/accelerator-type': 'invalid value!' }))),
];

const V = 'TestValidateRayClusterSpecRayVersionForAuth/';
const withVersion = (version: string, k8sTokenAuth = false) =>
  edit(() => rayCluster(clusterSpec(/^\d+\.\d+\.\d+$/.test(version) ? version : '2.52.0')), (o) => {
    o.spec.rayVersion = version;
    o.spec.authOptions = { mode: 'token', ...(k8sTokenAuth ? { enableK8sTokenAuth: true } : {}) };
  });
const AUTH: UpstreamCase[] = [
  accepted(`${V}Valid Ray version 2.52.0`, withVersion('2.52.0')),
  rejected(`${V}Invalid Ray version 2.52.0 with k8s token auth`, 'kuberay/k8s-token-auth', withVersion('2.52.0', true)),
  accepted(`${V}Valid Ray version 2.55.0 with k8s token auth`, withVersion('2.55.0', true)),
  accepted(`${V}Valid Ray version 3.0.0`, withVersion('3.0.0')),
  accepted(`${V}Valid Ray version 3.0.0 with k8s token auth`, withVersion('3.0.0', true)),
  rejected(`${V}Invalid Ray version 2.50.0`, 'kuberay/auth-token-ray-version', withVersion('2.50.0')),
  rejected(`${V}Invalid Ray version format`, 'kuberay/auth-token-ray-version', withVersion('invalid-version')),
  rejected(`${V}Empty Ray version`, 'kuberay/auth-token-ray-version', withVersion('')),
  rejected('TestValidateRayClusterSpec_Auth/enableK8sTokenAuth=true and secretName set', 'kuberay/k8s-token-auth', edit(withVersion('2.55.0', true), (o) => (o.spec.authOptions.secretName = 'my-secret'))),
  accepted('TestValidateRayClusterSpec_Auth/enableK8sTokenAuth=true and secretName unset', withVersion('2.55.0', true)),
  accepted('TestValidateRayClusterSpec_Auth/enableK8sTokenAuth=false and secretName set', edit(withVersion('2.55.0'), (o) => Object.assign(o.spec.authOptions, { enableK8sTokenAuth: false, secretName: 'my-secret' }))),
];

const I = 'TestValidateRayClusterSpec_IdleTimeoutSeconds/';
const idle = (change: (o: Obj) => void) => cluster((o) => {
  change(o);
});
const IDLE: UpstreamCase[] = [
  accepted(`${I}Valid: Worker group with valid idleTimeoutSeconds and v2 spec field`, idle((o) => {
    autoscalerV2(o);
    worker(o).idleTimeoutSeconds = 60;
  })),
  accepted(`${I}Valid: Worker group with idleTimeoutSeconds and v2 env var`, idle((o) => {
    autoscaling(o);
    env(headContainer(o), 'RAY_enable_autoscaler_v2', 'true');
    head(o).template.spec.restartPolicy = 'Never';
    worker(o).template.spec.restartPolicy = 'Never';
    worker(o).idleTimeoutSeconds = 60;
  })),
  accepted(`${I}Valid: Worker group with zero idleTimeoutSeconds`, idle((o) => {
    autoscalerV2(o);
    worker(o).idleTimeoutSeconds = 0;
  })),
  rejected(`${I}Invalid: Worker group with negative idleTimeoutSeconds`, 'kuberay/worker-idle-timeout', idle((o) => {
    autoscalerV2(o);
    worker(o).idleTimeoutSeconds = -10;
  })),
  rejected(`${I}Invalid: Worker group idleTimeoutSeconds without v2`, 'kuberay/worker-idle-timeout', idle((o) => {
    autoscaling(o);
    worker(o).idleTimeoutSeconds = 60;
  })),
  rejected(`${I}Invalid: Worker group idleTimeoutSeconds with invalid env var`, 'kuberay/worker-idle-timeout', idle((o) => {
    autoscaling(o);
    env(headContainer(o), 'RAY_enable_autoscaler_v2', 'false');
    worker(o).idleTimeoutSeconds = 60;
  })),
  accepted(`${I}Valid: Worker group without idleTimeoutSeconds`, idle((o) => autoscaling(o))),
  accepted(`${I}Valid: AutoscalerOptions with idleTimeoutSeconds and v2`, idle((o) => autoscalerV2(o, { idleTimeoutSeconds: 120 }))),
  accepted(`${I}Valid: AutoscalerOptions with idleTimeoutSeconds and v1`, idle((o) => autoscaling(o, { version: 'v1', idleTimeoutSeconds: 120 }))),
  accepted(`${I}Valid: AutoscalerOptions with idleTimeoutSeconds and no version`, idle((o) => autoscaling(o, { idleTimeoutSeconds: 120 }))),
  accepted(`${I}Valid: AutoscalerOptions with zero idleTimeoutSeconds`, idle((o) => autoscaling(o, { idleTimeoutSeconds: 0 }))),
  rejected(`${I}Invalid: AutoscalerOptions with negative idleTimeoutSeconds`, 'kuberay/autoscaler-idle-timeout-non-negative', idle((o) => autoscaling(o, { idleTimeoutSeconds: -10 }))),
  accepted(`${I}Valid: AutoscalerOptions without idleTimeoutSeconds`, idle((o) => autoscaling(o, { version: 'v1' }))),
  accepted(`${I}Valid: AutoscalerOptions is nil`, idle((o) => autoscaling(o))),
];

const P = 'TestValidateRayClusterSpec_Priority/';
const priority = (change: (o: Obj) => void) => edit(() => rayCluster(clusterSpec('2.56.0')), (o) => {
  autoscaling(o);
  change(o);
});
const PRIORITY: UpstreamCase[] = [
  accepted(`${P}Valid: Worker group with priority and v2 spec field`, priority((o) => {
    autoscalerV2(o);
    worker(o).priority = 1;
  })),
  accepted(`${P}Valid: Worker group with priority and v2 env var`, priority((o) => {
    env(headContainer(o), 'RAY_enable_autoscaler_v2', 'true');
    head(o).template.spec.restartPolicy = 'Never';
    worker(o).template.spec.restartPolicy = 'Never';
    worker(o).priority = 1;
  })),
  accepted(`${P}Valid: Worker group with zero priority and v2 disabled`, priority((o) => (worker(o).priority = 0))),
  accepted(`${P}Valid: Worker group without priority and v2 disabled`, priority(() => {})),
  rejected(`${P}Invalid: Worker group priority without v2`, 'kuberay/worker-priority', priority((o) => (worker(o).priority = 1))),
  rejected(`${P}Invalid: Worker group priority with invalid env var`, 'kuberay/worker-priority', priority((o) => {
    env(headContainer(o), 'RAY_enable_autoscaler_v2', 'false');
    worker(o).priority = 2;
  })),
  ...[
    ['empty Ray version', ''],
    ['invalid Ray version', 'invalid'],
    ['Ray version below 2.56.0', '2.55.0'],
  ].map(([what, version]) =>
    rejected(`${P}Invalid: Worker group priority with ${what}`, 'kuberay/worker-priority', priority((o) => {
      autoscalerV2(o);
      o.spec.rayVersion = version;
      worker(o).priority = 1;
    })),
  ),
];

const U = 'TestValidateRayClusterUpgradeOptions/';
const UPGRADE: UpstreamCase[] = [
  accepted(`${U}No upgrade strategy`, () => rayCluster()),
  accepted(`${U}Upgrade strategy set None for RayCluster`, cluster((o) => (o.spec.upgradeStrategy = { type: 'None' }))),
  accepted(`${U}Upgrade strategy set Recreate for RayCluster`, cluster((o) => (o.spec.upgradeStrategy = { type: 'Recreate' }))),
  rejected(`${U}Upgrade strategy set Recreate for RayCluster created by RayJob`, 'kuberay/cluster-upgrade-strategy-standalone-only', cluster((o) => {
    o.metadata.labels = { 'ray.io/originated-from-crd': 'RayJob' };
    o.spec.upgradeStrategy = { type: 'Recreate' };
  })),
  rejected(`${U}Upgrade strategy set Recreate for RayCluster created by RayService`, 'kuberay/cluster-upgrade-strategy-standalone-only', cluster((o) => {
    o.metadata.labels = { 'ray.io/originated-from-crd': 'RayService' };
    o.spec.upgradeStrategy = { type: 'Recreate' };
  })),
  rejected(`${U}Invalid upgrade strategy value`, 'kuberay/cluster-upgrade-strategy-type', cluster((o) => (o.spec.upgradeStrategy = { type: 'InvalidStrategy' }))),
];

const W = 'TestValidateRayClusterSpec_WorkerGroupReplicaValidation/';
const REPLICAS: UpstreamCase[] = [
  rejected(`${W}minReplicas greater than maxReplicas`, 'kuberay/min-replicas-le-max', cluster((o) => Object.assign(worker(o), { minReplicas: 5, maxReplicas: 3, replicas: 3 }))),
  // KubeRay clamps replicas into [minReplicas, maxReplicas] without a word; ours says the field is ignored.
  accepted(`${W}replicas smaller than minReplicas when autoscaling disabled`, cluster((o) => Object.assign(worker(o), { minReplicas: 3, maxReplicas: 5, replicas: 1 })), undefined, 'policy/replicas-within-bounds'),
  rejected(`${W}minReplicas is negative`, 'kuberay/replicas-non-negative', cluster((o) => Object.assign(worker(o), { minReplicas: -1, replicas: 0 }))),
  rejected(`${W}maxReplicas is negative`, 'kuberay/replicas-non-negative', cluster((o) => Object.assign(worker(o), { minReplicas: 0, maxReplicas: -1, replicas: 0 }))),
  accepted(`${W}valid when autoscaling enabled`, cluster((o) => {
    autoscaling(o);
    Object.assign(worker(o), { minReplicas: 1, maxReplicas: 5, replicas: 3 });
  })),
  rejected('raycluster_webhook_test/worker group names must be unique', 'kuberay/unique-worker-group-names', cluster((o) => o.spec.workerGroupSpecs.push(workerGroup('cpu')))),
  rejected('raycluster_webhook_test/name too long', 'kuberay/name-max-length', () => rayCluster(clusterSpec(), 'a'.repeat(54))),
  rejected('raycluster_webhook_test/invalid.name', 'kuberay/name-dns1035-label', () => rayCluster(clusterSpec(), 'invalid.name')),
];

const NP = 'TestValidateNetworkPolicy/';
const policy = (networkPolicy: Obj | undefined, change: (o: Obj) => void = () => {}) => cluster((o) => {
  if (networkPolicy) o.spec.networkPolicy = networkPolicy;
  change(o);
});
const INGRESS = [{ from: [{ podSelector: { matchLabels: { app: 'client' } } }] }];
const EGRESS = [{ to: [{ podSelector: { matchLabels: { app: 'store' } } }] }];
const NETWORK_POLICY: UpstreamCase[] = [
  rejected(`${NP}DenyAllEgress with head IngressRules set returns error`, 'kuberay/network-policy-rules-match-mode', policy({ mode: 'DenyAllEgress', head: { ingressRules: INGRESS } }), NETWORK),
  rejected(`${NP}DenyAllEgress with worker IngressRules set returns error`, 'kuberay/network-policy-rules-match-mode', policy({ mode: 'DenyAllEgress', worker: { ingressRules: INGRESS } }), NETWORK),
  rejected(`${NP}DenyAllIngress with head EgressRules set returns error`, 'kuberay/network-policy-rules-match-mode', policy({ mode: 'DenyAllIngress', head: { egressRules: EGRESS } }), NETWORK),
  rejected(`${NP}DenyAllIngress with worker EgressRules set returns error`, 'kuberay/network-policy-rules-match-mode', policy({ mode: 'DenyAllIngress', worker: { egressRules: EGRESS } }), NETWORK),
  accepted(`${NP}DenyAll with both head and worker rules is valid`, policy({ mode: 'DenyAll', head: { ingressRules: INGRESS, egressRules: EGRESS }, worker: { ingressRules: INGRESS, egressRules: EGRESS } }), NETWORK),
  rejected(`${NP}DenyAllEgress with worker group IngressRules set returns error`, 'kuberay/network-policy-rules-match-mode', policy({ mode: 'DenyAllEgress', workerGroups: [{ groupName: 'cpu', ingressRules: INGRESS }] }), NETWORK),
  rejected(`${NP}DenyAllIngress with worker group EgressRules set returns error`, 'kuberay/network-policy-rules-match-mode', policy({ mode: 'DenyAllIngress', workerGroups: [{ groupName: 'cpu', egressRules: EGRESS }] }), NETWORK),
  rejected(`${NP}worker group entry not matching any workerGroupSpecs returns error`, 'kuberay/network-policy-worker-groups-exist', policy({ mode: 'DenyAll', workerGroups: [{ groupName: 'gpu', ingressRules: INGRESS }] }), NETWORK),
  accepted(`${NP}worker group entry matching workerGroupSpecs is valid`, policy({ mode: 'DenyAll', workerGroups: [{ groupName: 'cpu', ingressRules: INGRESS }] }), NETWORK),
  rejected(`${NP}worker group name that is not a valid DNS1123 label returns error`, 'kuberay/network-policy-group-names', policy({ mode: 'DenyAll' }, (o) => (worker(o).groupName = 'Invalid_Group')), NETWORK),
  accepted(`${NP}nil NetworkPolicy is valid`, policy(undefined), NETWORK),
  accepted(`${NP}mode only with no head or worker rules is valid`, policy({ mode: 'DenyAll' }), NETWORK),
  rejected('TestValidateRayClusterSpec_NetworkPolicyRequiresFeatureGate/gate off', 'kuberay/network-policy-requires-gate', policy({ mode: 'DenyAll' })),
];

const T = 'TestValidateTLSOptions/';
const tls = (change: (o: Obj) => void) => cluster((o) => {
  o.spec.tlsOptions = { enabled: true };
  change(o);
});
const TLS: UpstreamCase[] = [
  accepted(`${T}TLS disabled, no options - valid`, () => rayCluster(), MTLS),
  accepted(`${T}TLS enabled, no options (auto-generate) - valid`, tls(() => {}), MTLS),
  accepted(`${T}tlsOptions set but enabled is false - valid (disables TLS)`, cluster((o) => (o.spec.tlsOptions = { enabled: false })), MTLS),
  ...[
    ['RAY_USE_TLS in head container', headContainer, 'RAY_USE_TLS'],
    ['RAY_TLS_SERVER_CERT in head container', headContainer, 'RAY_TLS_SERVER_CERT'],
    ['RAY_TLS_SERVER_KEY in worker container', workerContainer, 'RAY_TLS_SERVER_KEY'],
    ['RAY_TLS_CA_CERT in worker container', workerContainer, 'RAY_TLS_CA_CERT'],
  ].map(([what, container, name]) =>
    rejected(`${T}${what} - error`, 'kuberay/tls-managed-settings', tls((o) => env((container as (o: Obj) => Obj)(o), name as string, '1')), MTLS),
  ),
  rejected(`${T}conflicting TLS volume name in head container - error`, 'kuberay/tls-managed-settings', tls((o) => {
    headContainer(o).volumeMounts = [{ name: 'ray-tls', mountPath: '/etc/custom' }];
    head(o).template.spec.volumes = [{ name: 'ray-tls', emptyDir: {} }];
  }), MTLS),
  rejected(`${T}conflicting TLS mount path in head container - error`, 'kuberay/tls-managed-settings', tls((o) => {
    headContainer(o).volumeMounts = [{ name: 'custom', mountPath: '/etc/ray/tls' }];
    head(o).template.spec.volumes = [{ name: 'custom', emptyDir: {} }];
  }), MTLS),
  rejected(`${T}conflicting TLS volume name in worker container - error`, 'kuberay/tls-managed-settings', tls((o) => {
    workerContainer(o).volumeMounts = [{ name: 'ray-tls', mountPath: '/etc/custom' }];
    worker(o).template.spec.volumes = [{ name: 'ray-tls', emptyDir: {} }];
  }), MTLS),
  accepted(`${T}non-conflicting volume mount in head container - valid`, tls((o) => {
    headContainer(o).volumeMounts = [{ name: 'custom', mountPath: '/etc/custom' }];
    head(o).template.spec.volumes = [{ name: 'custom', emptyDir: {} }];
  }), MTLS),
  rejected(`${T}conflicting TLS volume name in autoscalerOptions - error`, 'kuberay/tls-managed-settings', tls((o) => autoscaling(o, { volumeMounts: [{ name: 'ray-tls', mountPath: '/etc/custom' }] })), MTLS),
  rejected(`${T}conflicting TLS mount path in autoscalerOptions - error`, 'kuberay/tls-managed-settings', tls((o) => autoscaling(o, { volumeMounts: [{ name: 'custom', mountPath: '/etc/ray/tls' }] })), MTLS),
  rejected('TestValidateRayClusterSpec_TLSOptionsRequiresFeatureGate/gate off', 'kuberay/tls-requires-gate', tls(() => {})),
];

const C = 'TestValidateCollectorOptions/';
const collector = (env: Obj[] | undefined, change: (o: Obj) => void = () => {}) => cluster((o) => {
  o.spec.historyServerOptions = { collectorOptions: { image: 'quay.io/kuberay/history-collector:v1.7.0', ...(env ? { env } : {}) } };
  change(o);
});
const e = (name: string, value: string) => ({ name, value });
const S3 = [e('STORAGE_BACKEND', 'S3'), e('S3_REGION', 'us-east-1')];
const HISTORY_SERVER: UpstreamCase[] = [
  rejected(`${C}nil collector options`, 'kuberay/history-collector-required', cluster((o) => (o.spec.historyServerOptions = {})), HISTORY),
  rejected(`${C}missing image`, 'kuberay/history-collector-required', collector(S3, (o) => delete o.spec.historyServerOptions.collectorOptions.image), HISTORY),
  rejected(`${C}missing STORAGE_BACKEND`, 'kuberay/history-collector-env', collector([e('S3_REGION', 'us-east-1')]), HISTORY),
  accepted(`${C}valid GCS`, collector([e('STORAGE_BACKEND', 'GCS'), e('GCS_BUCKET', 'my-bucket')]), HISTORY),
  accepted(`${C}valid GCS with ValueFrom secret`, collector([e('STORAGE_BACKEND', 'GCS'), { name: 'GCS_BUCKET', valueFrom: { secretKeyRef: { name: 'my-gcs-secret', key: 'bucket' } } }]), HISTORY),
  rejected(`${C}missing GCS_BUCKET`, 'kuberay/history-collector-env', collector([e('STORAGE_BACKEND', 'GCS')]), HISTORY),
  accepted(`${C}valid S3 with all fields`, collector([e('STORAGE_BACKEND', 'S3'), e('S3_BUCKET', 'my-bucket'), e('S3_ENDPOINT', 's3.us-west-2.amazonaws.com'), e('S3_REGION', 'us-west-2')]), HISTORY),
  rejected(`${C}missing S3_REGION`, 'kuberay/history-collector-env', collector([e('STORAGE_BACKEND', 'S3'), e('S3_BUCKET', 'my-bucket'), e('S3_ENDPOINT', 's3.us-west-2.amazonaws.com')]), HISTORY),
  accepted(`${C}valid AZUREBLOB with connection string mode`, collector([e('STORAGE_BACKEND', 'AZUREBLOB'), e('AZURE_STORAGE_AUTH_MODE', 'connection_string'), e('AZURE_STORAGE_CONNECTION_STRING', 'connection-string')]), HISTORY),
  accepted(`${C}valid AZUREBLOB with workload identity mode`, collector([e('STORAGE_BACKEND', 'AZUREBLOB'), e('AZURE_STORAGE_AUTH_MODE', 'workload_identity'), e('AZURE_STORAGE_ACCOUNT_URL', 'https://myaccount.blob.core.windows.net')]), HISTORY),
  rejected(`${C}missing connection string in connection_string auth mode`, 'kuberay/history-collector-env', collector([e('STORAGE_BACKEND', 'AZUREBLOB'), e('AZURE_STORAGE_AUTH_MODE', 'connection_string')]), HISTORY),
  rejected(`${C}missing credentials in auto-detect auth mode`, 'kuberay/history-collector-env', collector([e('STORAGE_BACKEND', 'AZUREBLOB')]), HISTORY),
  accepted(`${C}valid ALIYUNOSS`, collector([e('STORAGE_BACKEND', 'ALIYUNOSS'), e('OSS_BUCKET', 'my-bucket'), e('OSS_ENDPOINT', 'oss-cn-hangzhou.aliyuncs.com'), e('OSS_REGION', 'cn-hangzhou')]), HISTORY),
  rejected(`${C}missing OSS_REGION`, 'kuberay/history-collector-env', collector([e('STORAGE_BACKEND', 'ALIYUNOSS'), e('OSS_BUCKET', 'my-bucket'), e('OSS_ENDPOINT', 'oss-cn-hangzhou.aliyuncs.com')]), HISTORY),
  accepted(`${C}unknown storage backend (skips validation)`, collector([e('STORAGE_BACKEND', 'CUSTOM_BACKEND')]), HISTORY),
  rejected(`${C}manually defined ray-history-collector container in head template`, 'kuberay/history-collector-container-name', collector(S3, (o) =>
    head(o).template.spec.containers.push({ ...headContainer(o), name: 'ray-history-collector' }),
  ), HISTORY),
  rejected(`${C}manually defined ray-history-collector container in worker template`, 'kuberay/history-collector-container-name', collector(S3, (o) =>
    worker(o).template.spec.containers.push({ ...workerContainer(o), name: 'ray-history-collector' }),
  ), HISTORY),
  rejected(`${C}manually defined POD_IP in collector env`, 'kuberay/history-collector-env', collector([...S3, e('POD_IP', '10.0.0.1')]), HISTORY),
  rejected(`${C}manually defined EVENTS_PORT in collector env`, 'kuberay/history-collector-env', collector([...S3, e('EVENTS_PORT', '8080')]), HISTORY),
  rejected('TestValidateRayClusterSpec_HistoryServerRequiresFeatureGate/gate off', 'kuberay/history-server-requires-gate', collector(S3)),
  accepted('TestValidateRayClusterSpec_HistoryServerRequiresFeatureGate/gate on', collector(S3), HISTORY),
];

export const RAYCLUSTER_CASES: readonly UpstreamCase[] = [
  ...GCS_FT,
  ...SPEC,
  ...AUTOSCALER,
  ...GROUPS,
  ...AUTH,
  ...IDLE,
  ...PRIORITY,
  ...UPGRADE,
  ...REPLICAS,
  ...NETWORK_POLICY,
  ...TLS,
  ...HISTORY_SERVER,
];
