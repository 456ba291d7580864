import { fieldPath } from '../../k8s/field-path';
import { KubeRayKind, workerGroups } from './cluster-scope';
import { asString, asStringMap, dig } from './json';
import { goDurationIsPositive } from './go-duration';
import { GENERATE_NAME_SUFFIX_LENGTH, KUBERAY_MAX_NAME_LENGTH, isDns1035Label } from '../../k8s/names';
import { KubeRayRule, clusterRule, objectRule, when } from './rule';

// Upstream source: ray-operator/controllers/ray/utils/validation.go@v1.7.0:
// ValidateRayClusterMetadata, ValidateRayJobMetadata, ValidateRayServiceMetadata,
// validateInitializingTimeout (name limits from
// ray-operator/controllers/ray/utils/constant.go@v1.7.0); cases in
// ray-operator/controllers/ray/utils/validation_test.go@v1.7.0 TestValidateRayClusterSpecNames,
// TestValidateRayJobMetadata, TestValidateRayServiceMetadata and
// ray-operator/pkg/webhooks/v1/*_webhook_test.go@v1.7.0.

const ALL_KINDS: readonly KubeRayKind[] = ['RayCluster', 'RayJob', 'RayService'];
const INITIALIZING_TIMEOUT = 'ray.io/initializing-timeout';
const GO_INT = /^[-+]?[0-9]+$/;

/**
 * The name the operator will see, and where it comes from. With only `generateName` (an Argo
 * `resource` template creating RayJobs), the API server appends 5 random characters: the
 * check uses a sample suffix of the same length and alphabet.
 */
function nameOf(obj: unknown): { name: string; path: string } {
  const name = asString(dig(obj, 'metadata', 'name'));
  const generateName = asString(dig(obj, 'metadata', 'generateName'));
  if (name === undefined && generateName !== undefined) {
    return { name: `${generateName}${'x2'.repeat(GENERATE_NAME_SUFFIX_LENGTH).slice(0, GENERATE_NAME_SUFFIX_LENGTH)}`, path: 'metadata.generateName' };
  }
  return { name: name ?? '', path: 'metadata.name' };
}

const nameMaxLength = objectRule(ALL_KINDS, {
  id: 'kuberay/name-max-length',
  description: `metadata.name is at most ${KUBERAY_MAX_NAME_LENGTH.RayCluster} characters for a RayCluster, ${KUBERAY_MAX_NAME_LENGTH.RayJob} for a RayJob or RayService`,
  violations: (obj, ctx) => {
    const { name, path } = nameOf(obj);
    const max = KUBERAY_MAX_NAME_LENGTH[ctx.kind];
    return when(
      name.length > max,
      path,
      `${ctx.kind} name '${name}' has ${name.length} characters, expected at most ${max}` +
        (path === 'metadata.generateName' ? ` (generateName plus the ${GENERATE_NAME_SUFFIX_LENGTH} characters the API server appends)` : ''),
    );
  },
});

const nameDns1035 = objectRule(ALL_KINDS, {
  id: 'kuberay/name-dns1035-label',
  description: 'metadata.name is a DNS-1035 label',
  violations: (obj, ctx) => {
    const { name, path } = nameOf(obj);
    return when(
      !isDns1035Label(name),
      path,
      `${ctx.kind} name '${name}' is not a DNS-1035 label: expected lowercase letters, digits and '-', ` +
        'starting with a letter and ending with a letter or digit',
    );
  },
});

/** Go duration ("5m", "1h") first, then integer seconds: the operator's order. */
function initializingTimeoutIsValid(value: string): boolean {
  const positive = goDurationIsPositive(value);
  if (positive !== undefined) return positive;
  return GO_INT.test(value) && Number(value) > 0;
}

const initializingTimeout = objectRule(['RayService'], {
  id: 'kuberay/initializing-timeout-annotation',
  description: `annotation ${INITIALIZING_TIMEOUT}, when set, is a positive Go duration or a positive number of seconds`,
  violations: (obj) => {
    const value = asStringMap(dig(obj, 'metadata', 'annotations'))[INITIALIZING_TIMEOUT];
    return when(
      value !== undefined && value !== '' && !initializingTimeoutIsValid(value),
      fieldPath('metadata.annotations', INITIALIZING_TIMEOUT),
      `annotation ${INITIALIZING_TIMEOUT} is '${value}', expected a positive Go duration ('5m', '1h30m') ` +
        'or a positive integer number of seconds',
    );
  },
});

const uniqueWorkerGroupNames = clusterRule({
  id: 'kuberay/unique-worker-group-names',
  description: 'worker group names are unique within a cluster',
  outcome: 'webhook',
  violations: (cluster) => {
    const seen = new Set<string>();
    return workerGroups(cluster).flatMap((worker) => {
      const name = asString(worker.group.groupName) ?? '';
      const duplicate = seen.has(name);
      seen.add(name);
      return when(
        duplicate,
        fieldPath(worker.path, 'groupName'),
        `worker group name '${name}' is used by an earlier group, expected unique names`,
      );
    });
  },
});

export const METADATA_RULES: readonly KubeRayRule[] = [
  nameMaxLength,
  nameDns1035,
  initializingTimeout,
  uniqueWorkerGroupNames,
];
