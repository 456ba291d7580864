import { fieldPath } from '../../k8s/field-path';
import { isAutoscaling } from './cluster-scope';
import { asNumber, asObject, asString, dig } from './json';
import { KubeRayRule, Violation, objectRule, when } from './rule';

// Upstream source: ray-operator/controllers/ray/utils/validation.go@v1.7.0:
// ValidateRayServiceSpec, ValidateClusterUpgradeOptions; cases in
// ray-operator/controllers/ray/utils/validation_test.go@v1.7.0 TestValidateRayServiceSpec,
// TestValidateClusterUpgradeOptions.

/** RayService spec rules (`ValidateRayServiceSpec`, `ValidateClusterUpgradeOptions`). */

const UPGRADE_TYPES = ['NewClusterWithIncrementalUpgrade', 'NewCluster', 'None'];
const INCREMENTAL = 'NewClusterWithIncrementalUpgrade';
const OPTIONS_PATH = 'spec.upgradeStrategy.clusterUpgradeOptions';

const headServiceName = objectRule(['RayService'], {
  id: 'kuberay/rayservice-head-service-name',
  description: 'rayClusterConfig.headGroupSpec.headService.metadata.name is not set (KubeRay names the head Service)',
  violations: (obj) => {
    const name =
      asString(dig(obj, 'spec', 'rayClusterConfig', 'headGroupSpec', 'headService', 'metadata', 'name')) ?? '';
    return when(
      name !== '',
      'spec.rayClusterConfig.headGroupSpec.headService.metadata.name',
      `headService.metadata.name is '${name}', expected it unset: KubeRay names the head Service of each cluster it creates`,
    );
  },
});

const upgradeStrategyType = objectRule(['RayService'], {
  id: 'kuberay/rayservice-upgrade-strategy-type',
  description: `upgradeStrategy.type is one of ${UPGRADE_TYPES.join(', ')}`,
  violations: (obj) => {
    const type = dig(obj, 'spec', 'upgradeStrategy', 'type');
    return when(
      type !== undefined && !UPGRADE_TYPES.includes(String(type)),
      'spec.upgradeStrategy.type',
      `upgradeStrategy.type is '${String(type)}', expected one of ${UPGRADE_TYPES.join(', ')}`,
    );
  },
});

const deletionDelay = objectRule(['RayService'], {
  id: 'kuberay/rayservice-deletion-delay-non-negative',
  description: 'rayClusterDeletionDelaySeconds, if set, is >= 0',
  violations: (obj) => {
    const delay = asNumber(dig(obj, 'spec', 'rayClusterDeletionDelaySeconds'));
    return when(
      delay !== undefined && delay < 0,
      'spec.rayClusterDeletionDelaySeconds',
      `rayClusterDeletionDelaySeconds is ${delay}, expected >= 0`,
    );
  },
});

/** A percentage field checked against [0, 100]; `undefined` counts as missing. */
function percentViolation(field: string, value: number | undefined): Violation[] {
  return when(
    value === undefined || value < 0 || value > 100,
    fieldPath(OPTIONS_PATH, field),
    `${field} is ${value ?? 'missing'}, expected a percentage from 0 to 100`,
  );
}

/**
 * Only checked while the RayServiceIncrementalUpgrade gate is on (the v1.7.0 default); with it
 * off KubeRay does not look at these options.
 */
const incrementalUpgrade = objectRule(['RayService'], {
  id: 'kuberay/rayservice-incremental-upgrade',
  description:
    `${INCREMENTAL} needs autoscaling and clusterUpgradeOptions with 0 <= stepSizePercent <= maxSurgePercent <= 100, ` +
    'intervalSeconds > 0 and a gatewayClassName',
  violations: (obj, ctx) => {
    if (dig(obj, 'spec', 'upgradeStrategy', 'type') !== INCREMENTAL || !ctx.gates.RayServiceIncrementalUpgrade)
      return [];
    const autoscaling = when(
      !isAutoscaling(ctx.cluster?.spec),
      'spec.rayClusterConfig.enableInTreeAutoscaling',
      `upgradeStrategy.type ${INCREMENTAL} needs the Ray autoscaler, expected enableInTreeAutoscaling: true`,
    );
    const options = asObject(dig(obj, 'spec', 'upgradeStrategy', 'clusterUpgradeOptions'));
    if (options === undefined) {
      return [
        ...autoscaling,
        { path: OPTIONS_PATH, message: `clusterUpgradeOptions is missing, expected it with ${INCREMENTAL}` },
      ];
    }
    const maxSurge = asNumber(options.maxSurgePercent) ?? 100;
    const step = asNumber(options.stepSizePercent);
    const interval = asNumber(options.intervalSeconds);
    return [
      ...autoscaling,
      ...percentViolation('maxSurgePercent', maxSurge),
      ...percentViolation('stepSizePercent', step),
      ...when(
        step !== undefined && step > maxSurge,
        fieldPath(OPTIONS_PATH, 'stepSizePercent'),
        `stepSizePercent ${step} is above maxSurgePercent ${maxSurge}, expected stepSizePercent <= maxSurgePercent`,
      ),
      ...when(
        interval === undefined || interval <= 0,
        fieldPath(OPTIONS_PATH, 'intervalSeconds'),
        `intervalSeconds is ${interval ?? 'missing'}, expected > 0`,
      ),
      ...when(
        (asString(options.gatewayClassName) ?? '') === '',
        fieldPath(OPTIONS_PATH, 'gatewayClassName'),
        'gatewayClassName is missing, expected the GatewayClass of an installed Gateway API implementation',
      ),
    ];
  },
});

export const RAYSERVICE_RULES: readonly KubeRayRule[] = [
  headServiceName,
  upgradeStrategyType,
  deletionDelay,
  incrementalUpgrade,
];
