import { fieldPath } from '../../k8s/field-path';
import {
  ClusterScope,
  allGroups,
  envIndex,
  headEnvEnablesAutoscalerV2,
  headGroup,
  isAutoscalerV2,
  isAutoscaling,
  workerGroups,
} from './cluster-scope';
import { asNumber, asObject, asString, dig } from './json';
import { rayVersionShortfall } from './ray-version';
import { KubeRayRule, clusterRule, when } from './rule';

// Upstream source: ray-operator/controllers/ray/utils/validation.go@v1.7.0:
// ValidateRayClusterSpec (autoscaler v2 switches and restartPolicy, worker suspend),
// validateWorkerGroupIdleTimeout, validateWorkerGroupPriority; cases in
// ray-operator/controllers/ray/utils/validation_test.go@v1.7.0
// TestValidateRayClusterSpecAutoscaler, TestValidateRayClusterSpecSuspendingWorkerGroup,
// TestValidateRayClusterSpec_IdleTimeoutSeconds, TestValidateRayClusterSpec_Priority.

/*
 * Not mirrored: the operator's warning event for autoscaler v1 with a worker restartPolicy other
 * than Never. It is a warning, not a rejection.
 */

const AUTOSCALER_V2_ENV = 'RAY_enable_autoscaler_v2';
const AUTOSCALER_START_CMD_ENV = 'KUBERAY_GEN_AUTOSCALER_START_CMD';
const PRIORITY_MIN_RAY_VERSION = '2.56.0';

/** Per-group features that need autoscaler v2, through either of the two switches KubeRay reads. */
function autoscalerV2Enabled(cluster: ClusterScope): boolean {
  return isAutoscalerV2(cluster.spec) || headEnvEnablesAutoscalerV2(cluster);
}

const ENABLE_V2_HINT = "set autoscalerOptions.version to 'v2'";

const workerIdleTimeout = clusterRule({
  id: 'kuberay/worker-idle-timeout',
  description: 'a worker idleTimeoutSeconds is >= 0 and needs autoscaler v2',
  violations: (cluster) =>
    workerGroups(cluster).flatMap((worker) => {
      const timeout = asNumber(worker.group.idleTimeoutSeconds);
      const path = fieldPath(worker.path, 'idleTimeoutSeconds');
      if (timeout === undefined) return [];
      return [
        ...when(timeout < 0, path, `worker group '${worker.name}' has idleTimeoutSeconds ${timeout}, expected >= 0`),
        ...when(
          !autoscalerV2Enabled(cluster),
          path,
          `worker group '${worker.name}' sets idleTimeoutSeconds, which needs autoscaler v2: ${ENABLE_V2_HINT}`,
        ),
      ];
    }),
});

const workerPriority = clusterRule({
  id: 'kuberay/worker-priority',
  description: `a non-zero worker priority needs rayVersion >= ${PRIORITY_MIN_RAY_VERSION} and autoscaler v2`,
  violations: (cluster) =>
    workerGroups(cluster).flatMap((worker) => {
      const priority = asNumber(worker.group.priority) ?? 0;
      if (priority === 0) return [];
      const shortfall = rayVersionShortfall(
        asString(cluster.spec.rayVersion),
        PRIORITY_MIN_RAY_VERSION,
        'worker group priority',
      );
      const path = fieldPath(worker.path, 'priority');
      return [
        ...when(shortfall !== undefined, path, `worker group '${worker.name}': ${shortfall}`),
        ...when(
          !autoscalerV2Enabled(cluster),
          path,
          `worker group '${worker.name}' sets priority ${priority}, which needs autoscaler v2: ${ENABLE_V2_HINT}`,
        ),
      ];
    }),
});

const workerSuspendRequiresGate = clusterRule({
  id: 'kuberay/worker-suspend-requires-gate',
  description: 'a suspended worker group needs the RayJobDeletionPolicy feature gate',
  violations: (cluster, ctx) =>
    workerGroups(cluster).flatMap((worker) =>
      when(
        worker.group.suspend === true && !ctx.gates.RayJobDeletionPolicy,
        fieldPath(worker.path, 'suspend'),
        `worker group '${worker.name}' is suspended, which needs the RayJobDeletionPolicy feature gate; ` +
          'expected the gate declared on, or suspend unset',
      ),
    ),
});

const workerSuspendWithoutAutoscaling = clusterRule({
  id: 'kuberay/worker-suspend-without-autoscaling',
  description: 'no worker group is suspended while autoscaling is enabled',
  violations: (cluster) =>
    workerGroups(cluster).flatMap((worker) =>
      when(
        worker.group.suspend === true && isAutoscaling(cluster.spec),
        fieldPath(worker.path, 'suspend'),
        `worker group '${worker.name}' is suspended while enableInTreeAutoscaling is true, expected suspend unset or false`,
      ),
    ),
});

/** Path of the head Ray container's env var `name`, or `undefined` when it is not set. */
function headEnvPath(cluster: ClusterScope, name: string): string | undefined {
  const head = headGroup(cluster);
  const index = envIndex(head.rayContainer, name);
  return index < 0 ? undefined : fieldPath(head.rayContainerPath, 'env', index);
}

const autoscalerV2EnvRequiresAutoscaling = clusterRule({
  id: 'kuberay/autoscaler-v2-env-requires-autoscaling',
  description: `head env ${AUTOSCALER_V2_ENV} is not '1' or 'true' unless enableInTreeAutoscaling is true`,
  violations: (cluster) =>
    when(
      !isAutoscaling(cluster.spec) && headEnvEnablesAutoscalerV2(cluster),
      headEnvPath(cluster, AUTOSCALER_V2_ENV) ?? '',
      `head env ${AUTOSCALER_V2_ENV} turns on autoscaler v2 but enableInTreeAutoscaling is not true; ` +
        'expected enableInTreeAutoscaling: true (with autoscalerOptions.version: v2) or the env var removed',
    ),
});

const autoscalerVersionSingleSource = clusterRule({
  id: 'kuberay/autoscaler-version-single-source',
  description: `with autoscaling, autoscalerOptions.version and head env ${AUTOSCALER_V2_ENV} are not both set`,
  violations: (cluster) => {
    const envPath = headEnvPath(cluster, AUTOSCALER_V2_ENV);
    return when(
      isAutoscaling(cluster.spec) &&
        dig(cluster.spec, 'autoscalerOptions', 'version') !== undefined &&
        envPath !== undefined,
      envPath ?? '',
      `both autoscalerOptions.version and head env ${AUTOSCALER_V2_ENV} are set, expected only autoscalerOptions.version`,
    );
  },
});

const autoscalerV2RestartPolicy = clusterRule({
  id: 'kuberay/autoscaler-v2-restart-policy',
  description: 'with autoscaler v2, every Ray pod restartPolicy is Never or unset',
  violations: (cluster) => {
    if (!isAutoscaling(cluster.spec) || !isAutoscalerV2(cluster.spec)) return [];
    return allGroups(cluster).flatMap((group) => {
      const policy = asString(group.podSpec.restartPolicy) ?? '';
      return when(
        policy !== '' && policy !== 'Never',
        fieldPath(group.podSpecPath, 'restartPolicy'),
        `${group.name} group pod restartPolicy is '${policy}', expected Never or unset with autoscaler v2`,
      );
    });
  },
});

const autoscalerIdleTimeoutNonNegative = clusterRule({
  id: 'kuberay/autoscaler-idle-timeout-non-negative',
  description: 'autoscalerOptions.idleTimeoutSeconds is >= 0',
  violations: (cluster) => {
    const timeout = asNumber(dig(cluster.spec, 'autoscalerOptions', 'idleTimeoutSeconds'));
    return when(
      timeout !== undefined && timeout < 0,
      fieldPath(cluster.path, 'autoscalerOptions', 'idleTimeoutSeconds'),
      `autoscalerOptions.idleTimeoutSeconds is ${timeout}, expected >= 0`,
    );
  },
});

const autoscalerStartCmdReserved = clusterRule({
  id: 'kuberay/autoscaler-start-cmd-env-reserved',
  description: `autoscalerOptions.env does not set ${AUTOSCALER_START_CMD_ENV}, which KubeRay injects`,
  violations: (cluster) => {
    const index = envIndex(asObject(cluster.spec.autoscalerOptions), AUTOSCALER_START_CMD_ENV);
    return when(
      index >= 0,
      fieldPath(cluster.path, 'autoscalerOptions', 'env', index),
      `autoscalerOptions.env sets ${AUTOSCALER_START_CMD_ENV}, which KubeRay manages; expected it removed`,
    );
  },
});

export const AUTOSCALING_RULES: readonly KubeRayRule[] = [
  workerIdleTimeout,
  workerPriority,
  workerSuspendRequiresGate,
  workerSuspendWithoutAutoscaling,
  autoscalerV2EnvRequiresAutoscaling,
  autoscalerVersionSingleSource,
  autoscalerV2RestartPolicy,
  autoscalerIdleTimeoutNonNegative,
  autoscalerStartCmdReserved,
];
