import { fieldPath } from '../../k8s/field-path';
import { allGroups, headGroup, workerGroups } from './cluster-scope';
import { asArray, asNumber, asObject, asString, dig, isNonEmptyObject } from './json';
import { isLabelValue, isQualifiedName } from '../../k8s/names';
import { KubeRayRule, clusterRule, when } from './rule';

// Upstream source: ray-operator/controllers/ray/utils/validation.go@v1.7.0:
// ValidateRayClusterSpec (containers, replicas bounds, unique group names),
// validateRayGroupResources, validateRayGroupLabels, ValidateRayClusterUpgradeOptions; cases in
// ray-operator/controllers/ray/utils/validation_test.go@v1.7.0
// TestValidateRayClusterSpecEmptyContainers,
// TestValidateRayClusterSpec_WorkerGroupReplicaValidation,
// TestValidateRayClusterSpec_Resources, TestValidateRayClusterSpec_Labels,
// TestValidateRayClusterUpgradeOptions, and
// ray-operator/pkg/webhooks/v1/raycluster_webhook_test.go@v1.7.0.

/*
 * Not mirrored: "without autoscaling, every worker group sets minReplicas and maxReplicas". The
 * CRD defaults them (0 and 2147483647) at admission, so the operator never sees them unset and
 * the rule cannot fire on an applied object.
 */

const RAY_START_RESOURCE_PARAMS = ['num-cpus', 'num-gpus', 'memory', 'resources'];
const ORIGINATED_FROM_CRD_LABEL = 'ray.io/originated-from-crd';
const RAY_CLUSTER_UPGRADE_TYPES = ['Recreate', 'None'];

const headContainerRequired = clusterRule({
  id: 'kuberay/head-container-required',
  description: 'the head pod template has at least one container',
  violations: (cluster) => {
    const head = headGroup(cluster);
    return when(
      asArray(head.podSpec.containers).length === 0,
      fieldPath(head.podSpecPath, 'containers'),
      'the head pod template has no containers, expected at least one (the first is the Ray container)',
    );
  },
});

const workerContainerRequired = clusterRule({
  id: 'kuberay/worker-container-required',
  description: 'every worker group pod template has at least one container',
  violations: (cluster) =>
    workerGroups(cluster).flatMap((worker) =>
      when(
        asArray(worker.podSpec.containers).length === 0,
        fieldPath(worker.podSpecPath, 'containers'),
        `worker group '${worker.name}' pod template has no containers, expected at least one (the first is the Ray container)`,
      ),
    ),
});

const replicasNonNegative = clusterRule({
  id: 'kuberay/replicas-non-negative',
  description: 'minReplicas and maxReplicas of every worker group are >= 0',
  violations: (cluster) =>
    workerGroups(cluster).flatMap((worker) =>
      ['minReplicas', 'maxReplicas'].flatMap((field) => {
        const value = asNumber(worker.group[field]);
        return when(
          value !== undefined && value < 0,
          fieldPath(worker.path, field),
          `worker group '${worker.name}' has ${field} ${value}, expected >= 0`,
        );
      }),
    ),
});

const minReplicasLeMax = clusterRule({
  id: 'kuberay/min-replicas-le-max',
  description: 'minReplicas <= maxReplicas in every worker group',
  violations: (cluster) =>
    workerGroups(cluster).flatMap((worker) => {
      const min = asNumber(worker.group.minReplicas);
      const max = asNumber(worker.group.maxReplicas);
      return when(
        min !== undefined && max !== undefined && min > max,
        fieldPath(worker.path, 'minReplicas'),
        `worker group '${worker.name}' has minReplicas ${min} greater than maxReplicas ${max}, expected minReplicas <= maxReplicas`,
      );
    }),
});

const groupResourcesSingleSource = clusterRule({
  id: 'kuberay/group-resources-single-source',
  description: "a group declares Ray resources either in rayStartParams or in its 'resources' map, not both",
  violations: (cluster) =>
    allGroups(cluster).flatMap((group) => {
      const params = group.rayStartParams;
      const inParams = RAY_START_RESOURCE_PARAMS.filter((key) => (params[key] ?? '') !== '');
      return when(
        inParams.length > 0 && isNonEmptyObject(group.group.resources),
        fieldPath(group.path, 'resources'),
        `${group.name} group sets Ray resources both in rayStartParams (${inParams.join(', ')}) and in 'resources', expected only one of them`,
      );
    }),
});

const labelsNotInRayStartParams = clusterRule({
  id: 'kuberay/group-labels-not-in-ray-start-params',
  description: "rayStartParams has no 'labels' key; Ray node labels go in the group's 'labels' map",
  violations: (cluster) =>
    allGroups(cluster).flatMap((group) =>
      when(
        asObject(group.group.rayStartParams)?.labels !== undefined,
        fieldPath(fieldPath(group.path, 'rayStartParams'), 'labels'),
        `${group.name} group sets rayStartParams 'labels', expected the group's top-level 'labels' map instead`,
      ),
    ),
});

const groupLabelsValid = clusterRule({
  id: 'kuberay/group-labels-valid',
  description: "every key of a group's 'labels' is a qualified name and every value a valid label value",
  violations: (cluster) =>
    allGroups(cluster).flatMap((group) =>
      Object.entries(asObject(group.group.labels) ?? {}).flatMap(([key, value]) => {
        const path = fieldPath(fieldPath(group.path, 'labels'), key);
        const text = asString(value) ?? '';
        return [
          ...when(
            !isQualifiedName(key),
            path,
            `${group.name} group label key '${key}' is not a qualified name: expected [prefix/]name, name up to 63 ` +
              "alphanumerics, '-', '_' or '.' starting and ending alphanumeric, prefix a DNS subdomain",
          ),
          ...when(
            !isLabelValue(text),
            path,
            `${group.name} group label '${key}' has value '${text}', expected up to 63 alphanumerics, '-', '_' or '.' ` +
              'starting and ending alphanumeric (or empty)',
          ),
        ];
      }),
    ),
});

const upgradeStrategyType = clusterRule({
  id: 'kuberay/cluster-upgrade-strategy-type',
  description: 'a RayCluster upgradeStrategy.type is Recreate or None',
  violations: (cluster) => {
    const type = dig(cluster.spec, 'upgradeStrategy', 'type');
    return when(
      type !== undefined && !RAY_CLUSTER_UPGRADE_TYPES.includes(String(type)),
      fieldPath(cluster.path, 'upgradeStrategy', 'type'),
      `upgradeStrategy.type is '${String(type)}', expected one of ${RAY_CLUSTER_UPGRADE_TYPES.join(', ')}`,
    );
  },
});

/**
 * RayJob and RayService copy their cluster spec into a RayCluster labelled with their kind, and
 * the operator refuses upgradeStrategy on such a cluster; so the field is an error in their
 * embedded specs, and in a RayCluster that carries that label.
 */
const upgradeStrategyStandaloneOnly = clusterRule({
  id: 'kuberay/cluster-upgrade-strategy-standalone-only',
  description: 'upgradeStrategy is set only on a RayCluster the user creates directly',
  outcome: (kind) => (kind === 'RayCluster' ? 'reconcile' : 'child-cluster'),
  violations: (cluster) => {
    const creator = cluster.owner === 'RayCluster' ? cluster.labels[ORIGINATED_FROM_CRD_LABEL] : cluster.owner;
    return when(
      dig(cluster.spec, 'upgradeStrategy', 'type') !== undefined && (creator === 'RayJob' || creator === 'RayService'),
      fieldPath(cluster.path, 'upgradeStrategy', 'type'),
      `upgradeStrategy cannot be set on a RayCluster created by a ${creator}, expected it unset`,
    );
  },
});

export const CLUSTER_SPEC_RULES: readonly KubeRayRule[] = [
  headContainerRequired,
  workerContainerRequired,
  replicasNonNegative,
  minReplicasLeMax,
  groupResourcesSingleSource,
  labelsNotInRayStartParams,
  groupLabelsValid,
  upgradeStrategyType,
  upgradeStrategyStandaloneOnly,
];
