import { accepted, clusterSpec, edit, Obj, rayCronJob, rayJobSpec, rayService, rejected, UpstreamCase } from './manifests';

// After ValidateRayServiceSpec / ValidateRayServiceMetadata / ValidateClusterUpgradeOptions /
// ValidateRayCronJobSpec cases in ray-operator/controllers/ray/utils/validation_test.go@v1.7.0
// and ray-operator/pkg/webhooks/v1/rayservice_webhook_test.go@v1.7.0 (our own manifests).

const service = (change: (o: Obj) => void) => edit(() => rayService(), (o) => change(o.spec));
const named = (name: string, annotations?: Obj) => edit(() => rayService({}, name), (o) => annotations && (o.metadata.annotations = annotations));
const TIMEOUT = 'ray.io/initializing-timeout';

const S = 'TestValidateRayServiceSpec/';
const SM = 'TestValidateRayServiceMetadata/';
const SERVICE: UpstreamCase[] = [
  rejected(`${S}spec.rayClusterConfig.headGroupSpec.headService.metadata.name should not be set`, 'kuberay/rayservice-head-service-name', service((s) =>
    (s.rayClusterConfig.headGroupSpec.headService = { metadata: { name: 'my-head-service' } }),
  )),
  accepted(`${S}The RayService spec is valid.`, () => rayService()),
  rejected(`${S}spec.UpgradeSpec.Type is invalid`, 'kuberay/rayservice-upgrade-strategy-type', service((s) => (s.upgradeStrategy = { type: 'invalidStrategy' }))),
  rejected(`${S}headGroupSpec should have at least one container`, 'kuberay/head-container-required', service((s) => (s.rayClusterConfig.headGroupSpec.template.spec.containers = []))),
  rejected(`${S}Spec.RayClusterDeletionDelaySeconds is negative`, 'kuberay/rayservice-deletion-delay-non-negative', service((s) => (s.rayClusterDeletionDelaySeconds = -1))),
  rejected(`${S}RayService does not support K8s token auth mode`, 'kuberay/k8s-token-auth-unsupported', service((s) => {
    s.rayClusterConfig = clusterSpec('2.55.0');
    s.rayClusterConfig.authOptions = { mode: 'token', enableK8sTokenAuth: true };
  })),
  rejected(`${SM}name longer than MaxRayServiceNameLength`, 'kuberay/name-max-length', named('j'.repeat(48))),
  rejected(`${SM}name of digits is not a DNS1035 label`, 'kuberay/name-dns1035-label', named('1'.repeat(47))),
  accepted(`${SM}name of MaxRayServiceNameLength characters`, named('j'.repeat(47))),
  accepted(`${SM}initializing timeout 5m`, named('valid-service', { [TIMEOUT]: '5m' })),
  accepted(`${SM}initializing timeout 300`, named('valid-service', { [TIMEOUT]: '300' })),
  rejected(`${SM}initializing timeout 0`, 'kuberay/initializing-timeout-annotation', named('invalid-service', { [TIMEOUT]: '0' })),
  rejected(`${SM}initializing timeout -100`, 'kuberay/initializing-timeout-annotation', named('invalid-service', { [TIMEOUT]: '-100' })),
  rejected(`${SM}initializing timeout -5m`, 'kuberay/initializing-timeout-annotation', named('invalid-service', { [TIMEOUT]: '-5m' })),
  rejected(`${SM}initializing timeout invalid`, 'kuberay/initializing-timeout-annotation', named('invalid-service', { [TIMEOUT]: 'invalid' })),
  rejected('rayservice_webhook_test/name too long', 'kuberay/name-max-length', named('j'.repeat(48))),
  rejected('rayservice_webhook_test/invalid.name', 'kuberay/name-dns1035-label', named('invalid.name')),
];

const U = 'TestValidateClusterUpgradeOptions/';
/** A RayService upgraded by NewClusterWithIncrementalUpgrade with `options`. */
const incremental = (options: Obj | undefined, autoscaling = true) => service((s) => {
  s.upgradeStrategy = { type: 'NewClusterWithIncrementalUpgrade', ...(options ? { clusterUpgradeOptions: options } : {}) };
  s.rayClusterConfig.enableInTreeAutoscaling = autoscaling;
});
const VALID = { maxSurgePercent: 50, stepSizePercent: 50, intervalSeconds: 10, gatewayClassName: 'istio' };
const UPGRADE: UpstreamCase[] = [
  accepted(`${U}valid config`, incremental(VALID)),
  rejected(`${U}missing autoscaler`, 'kuberay/rayservice-incremental-upgrade', incremental(VALID, false)),
  rejected(`${U}missing options`, 'kuberay/rayservice-incremental-upgrade', incremental(undefined)),
  rejected(`${U}invalid MaxSurgePercent`, 'kuberay/rayservice-incremental-upgrade', incremental({ ...VALID, maxSurgePercent: 200 })),
  rejected(`${U}missing StepSizePercent`, 'kuberay/rayservice-incremental-upgrade', incremental({ ...VALID, stepSizePercent: undefined })),
  rejected(`${U}invalid StepSizePercent (greater than MaxSurgePercent)`, 'kuberay/rayservice-incremental-upgrade', incremental({ ...VALID, stepSizePercent: 75 })),
  rejected(`${U}invalid IntervalSeconds`, 'kuberay/rayservice-incremental-upgrade', incremental({ ...VALID, intervalSeconds: 0 })),
  rejected(`${U}missing GatewayClassName`, 'kuberay/rayservice-incremental-upgrade', incremental({ ...VALID, gatewayClassName: undefined })),
];

const C = 'TestValidateRayCronJobSpec/';
const CRON = { RayCronJob: true };
const cron = (spec: Obj, name?: string) => () => rayCronJob(spec, name);
const RAYCRONJOB: UpstreamCase[] = [
  accepted(`${C}Valid cron schedule and RayJob spec`, cron({}), CRON),
  rejected(`${C}Invalid cron schedule`, 'kuberay/raycronjob-schedule', cron({ schedule: 'invalid cron' }), CRON),
  rejected(`${C}Empty JobTemplate`, 'kuberay/rayjob-cluster-source', cron({ jobTemplate: {} }), CRON),
  rejected(`${C}Invalid RayJob spec - no containers`, 'kuberay/head-container-required', edit(cron({}), (o) => (o.spec.jobTemplate.rayClusterSpec.headGroupSpec.template.spec.containers = [])), CRON),
  accepted(`${C}Valid schedule with valid timezone`, cron({ schedule: '0 9 * * *', timeZone: 'Asia/Taipei' }), CRON),
  accepted(`${C}Valid schedule with UTC timezone`, cron({ schedule: '0 0 * * *', timeZone: 'UTC' }), CRON),
  rejected(`${C}Invalid timezone`, 'kuberay/raycronjob-time-zone', cron({ timeZone: 'Invalid/Timezone' }), CRON),
  rejected(`${C}Schedule with TZ= prefix is rejected`, 'kuberay/raycronjob-schedule', cron({ schedule: 'TZ=UTC */5 * * * *' }), CRON),
  rejected(`${C}Schedule with CRON_TZ= prefix is rejected`, 'kuberay/raycronjob-schedule', cron({ schedule: 'CRON_TZ=UTC */5 * * * *' }), CRON),
  rejected(`${C}RayCronJob name too long`, 'kuberay/raycronjob-name-length', cron({ jobTemplate: rayJobSpec() }, 'a'.repeat(37)), CRON),
  rejected('features.RayCronJob (off by default in v1.7.0)/the operator ignores a RayCronJob without the gate', 'kuberay/raycronjob-feature-gate', cron({})),
];

export const RAYSERVICE_RAYCRONJOB_CASES: readonly UpstreamCase[] = [...SERVICE, ...UPGRADE, ...RAYCRONJOB];
