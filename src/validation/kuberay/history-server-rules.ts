import { fieldPath } from '../../k8s/field-path';
import { gatedFieldRule } from './gate-rule';
import { ClusterScope, allGroups } from './cluster-scope';
import { JsonObject, asArray, asObject, asString } from './json';
import { KubeRayRule, Violation, clusterRule, when } from './rule';

// Upstream source: ray-operator/controllers/ray/utils/validation.go@v1.7.0:
// ValidateRayClusterSpec (historyServerOptions gate) and validateCollectorOptions; cases in
// ray-operator/controllers/ray/utils/validation_test.go@v1.7.0 TestValidateCollectorOptions,
// TestValidateRayClusterSpec_HistoryServerRequiresFeatureGate.

const COLLECTOR_CONTAINER = 'ray-history-collector';

/** Env vars KubeRay injects into the collector itself. */
const OPERATOR_MANAGED_ENV = [
  'POD_IP',
  'FQ_RAY_IP',
  'RAY_CLUSTER_NAME',
  'RAY_CLUSTER_NAMESPACE',
  'RAY_ROLE',
  'OWNER_KIND',
  'OWNER_NAME',
  'EVENTS_PORT',
];

/** Env vars each STORAGE_BACKEND needs (all of them); AZUREBLOB depends on its auth mode, below. */
const BACKEND_REQUIRED_ENV: Readonly<Record<string, readonly string[]>> = {
  GCS: ['GCS_BUCKET'],
  S3: ['S3_REGION'],
  ALIYUNOSS: ['OSS_BUCKET', 'OSS_ENDPOINT', 'OSS_REGION'],
};

function historyPath(cluster: ClusterScope, ...rest: string[]): string {
  return fieldPath(cluster.path, 'historyServerOptions', ...rest);
}

function hasHistoryServer(cluster: ClusterScope): boolean {
  return asObject(cluster.spec.historyServerOptions) !== undefined;
}

function collectorOptions(cluster: ClusterScope): JsonObject | undefined {
  return asObject(asObject(cluster.spec.historyServerOptions)?.collectorOptions);
}

const requiresGate = gatedFieldRule(
  'kuberay/history-server-requires-gate',
  'historyServerOptions',
  'RayClusterHistoryServer',
);

const collectorRequired = clusterRule({
  id: 'kuberay/history-collector-required',
  description: 'historyServerOptions has collectorOptions with an image',
  violations: (cluster) => {
    if (!hasHistoryServer(cluster)) return [];
    const collector = collectorOptions(cluster);
    if (collector === undefined) {
      return [
        {
          path: historyPath(cluster, 'collectorOptions'),
          message: 'historyServerOptions.collectorOptions is missing, expected it set',
        },
      ];
    }
    return when(
      (asString(collector.image) ?? '') === '',
      historyPath(cluster, 'collectorOptions', 'image'),
      'historyServerOptions.collectorOptions.image is missing, expected the collector image',
    );
  },
});

/** The collector env by name; a repeated name keeps its last entry, as KubeRay's lookup does. */
function collectorEnv(collector: JsonObject): Map<string, { index: number; entry: JsonObject }> {
  const env = new Map<string, { index: number; entry: JsonObject }>();
  asArray(collector.env).forEach((value, index) => {
    const entry = asObject(value) ?? {};
    env.set(asString(entry.name) ?? '', { index, entry });
  });
  return env;
}

/** The env vars the chosen backend needs, as alternatives: one of each inner list must be set. */
function backendRequirements(backend: string, authMode: string): readonly (readonly string[])[] {
  if (backend !== 'AZUREBLOB') return (BACKEND_REQUIRED_ENV[backend] ?? []).map((name) => [name]);
  if (authMode === 'connection_string') return [['AZURE_STORAGE_CONNECTION_STRING']];
  if (authMode === 'workload_identity' || authMode === 'default') return [['AZURE_STORAGE_ACCOUNT_URL']];
  return [['AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_ACCOUNT_URL']];
}

const collectorEnvRule = clusterRule({
  id: 'kuberay/history-collector-env',
  description:
    'the collector env sets a literal STORAGE_BACKEND with its required settings and none of the operator-managed vars',
  violations: (cluster) => {
    const collector = collectorOptions(cluster);
    if (collector === undefined) return [];
    const env = collectorEnv(collector);
    const envPath = historyPath(cluster, 'collectorOptions', 'env');
    const hasValue = (name: string) => {
      const entry = env.get(name)?.entry;
      return (asString(entry?.value) ?? '') !== '' || entry?.valueFrom !== undefined;
    };
    const managed: Violation[] = OPERATOR_MANAGED_ENV.flatMap((name) => {
      const found = env.get(name);
      return found === undefined
        ? []
        : [
            {
              path: fieldPath(envPath, found.index),
              message: `collector env sets ${name}, which KubeRay injects; expected it removed`,
            },
          ];
    });
    const backend = asString(env.get('STORAGE_BACKEND')?.entry.value) ?? '';
    if (backend === '') {
      return [
        ...managed,
        {
          path: envPath,
          message: 'collector env has no literal STORAGE_BACKEND value, expected e.g. S3, GCS, AZUREBLOB or ALIYUNOSS',
        },
      ];
    }
    const authMode = (asString(env.get('AZURE_STORAGE_AUTH_MODE')?.entry.value) ?? '').trim().toLowerCase();
    const missing = backendRequirements(backend.toUpperCase(), authMode).filter((names) => !names.some(hasValue));
    return [
      ...managed,
      ...missing.map((names) => ({
        path: envPath,
        message: `collector env has STORAGE_BACKEND ${backend} but no ${names.join(' or ')}, expected it set`,
      })),
    ];
  },
});

const collectorContainerName = clusterRule({
  id: 'kuberay/history-collector-container-name',
  description: `with historyServerOptions, no Ray pod defines a container named '${COLLECTOR_CONTAINER}'`,
  violations: (cluster) => {
    if (!hasHistoryServer(cluster)) return [];
    return allGroups(cluster).flatMap((group) =>
      asArray(group.podSpec.containers).flatMap((container, index) =>
        when(
          asObject(container)?.name === COLLECTOR_CONTAINER,
          fieldPath(group.podSpecPath, 'containers', index, 'name'),
          `${group.name} group defines a container named '${COLLECTOR_CONTAINER}', the name KubeRay gives the ` +
            'history collector it injects; expected another name',
        ),
      ),
    );
  },
});

export const HISTORY_SERVER_RULES: readonly KubeRayRule[] = [
  requiresGate,
  collectorRequired,
  collectorEnvRule,
  collectorContainerName,
];
