import { Obj, rayCluster, withAutoscalerV2 } from './fixtures';
import { RuleCase } from './rule-case';

/** A RayCluster with the autoscaler v2 on. */
function autoscaled(): Obj {
  const cluster = rayCluster();
  withAutoscalerV2(cluster.spec);
  return cluster;
}

function headEnv(o: Obj): Obj[] {
  return o.spec.headGroupSpec.template.spec.containers[0].env;
}

const HEAD_ENV_1 = 'spec.headGroupSpec.template.spec.containers[0].env[1]';

export const AUTOSCALING_CASES: readonly RuleCase[] = [
  {
    rule: 'kuberay/worker-idle-timeout',
    what: 'negative idleTimeoutSeconds',
    fixture: autoscaled,
    bad: (o) => (o.spec.workerGroupSpecs[0].idleTimeoutSeconds = -1),
    path: 'spec.workerGroupSpecs[0].idleTimeoutSeconds',
    good: (o) => (o.spec.workerGroupSpecs[0].idleTimeoutSeconds = 30),
  },
  {
    rule: 'kuberay/worker-idle-timeout',
    what: 'idleTimeoutSeconds without autoscaler v2',
    bad: (o) => (o.spec.workerGroupSpecs[0].idleTimeoutSeconds = 30),
    path: 'spec.workerGroupSpecs[0].idleTimeoutSeconds',
    good: (o) => {
      withAutoscalerV2(o.spec);
      o.spec.workerGroupSpecs[0].idleTimeoutSeconds = 30;
    },
  },
  {
    rule: 'kuberay/worker-priority',
    what: 'priority with Ray 2.52.0',
    fixture: autoscaled,
    bad: (o) => (o.spec.workerGroupSpecs[1].priority = 10),
    path: 'spec.workerGroupSpecs[1].priority',
    good: (o) => (Object.assign(o.spec, { rayVersion: '2.56.0' }).workerGroupSpecs[1].priority = 10),
  },
  {
    rule: 'kuberay/worker-priority',
    what: 'priority with an unparsable rayVersion',
    fixture: autoscaled,
    bad: (o) => (Object.assign(o.spec, { rayVersion: 'nightly' }).workerGroupSpecs[1].priority = 10),
    path: 'spec.workerGroupSpecs[1].priority',
    good: (o) => (Object.assign(o.spec, { rayVersion: 'v2.57' }).workerGroupSpecs[1].priority = 10),
  },
  {
    rule: 'kuberay/worker-priority',
    what: 'priority without autoscaler v2',
    bad: (o) => (Object.assign(o.spec, { rayVersion: '2.56.0' }).workerGroupSpecs[1].priority = 10),
    path: 'spec.workerGroupSpecs[1].priority',
    good: (o) => (Object.assign(o.spec, { rayVersion: '2.56.0' }).workerGroupSpecs[1].priority = 0),
  },
  {
    rule: 'kuberay/worker-suspend-requires-gate',
    what: 'a suspended group with RayJobDeletionPolicy off',
    gates: { RayJobDeletionPolicy: false },
    bad: (o) => (o.spec.workerGroupSpecs[1].suspend = true),
    path: 'spec.workerGroupSpecs[1].suspend',
    good: (o) => (o.spec.workerGroupSpecs[1].suspend = true),
    goodGates: {},
  },
  {
    rule: 'kuberay/worker-suspend-without-autoscaling',
    what: 'a suspended group with autoscaling',
    fixture: autoscaled,
    bad: (o) => (o.spec.workerGroupSpecs[1].suspend = true),
    path: 'spec.workerGroupSpecs[1].suspend',
    good: (o) => (o.spec.workerGroupSpecs[1].suspend = false),
  },
  {
    rule: 'kuberay/autoscaler-v2-env-requires-autoscaling',
    what: 'RAY_enable_autoscaler_v2=true without autoscaling',
    bad: (o) => headEnv(o).push({ name: 'RAY_enable_autoscaler_v2', value: 'true' }),
    path: HEAD_ENV_1,
    good: (o) => headEnv(o).push({ name: 'RAY_enable_autoscaler_v2', value: '0' }),
  },
  {
    rule: 'kuberay/autoscaler-version-single-source',
    what: 'autoscalerOptions.version and RAY_enable_autoscaler_v2',
    fixture: autoscaled,
    bad: (o) => headEnv(o).push({ name: 'RAY_enable_autoscaler_v2', value: '1' }),
    path: HEAD_ENV_1,
    good: (o) => headEnv(o).push({ name: 'RAY_BACKEND_LOG_LEVEL', value: 'debug' }),
  },
  {
    rule: 'kuberay/autoscaler-v2-restart-policy',
    what: 'a worker restartPolicy Always',
    fixture: autoscaled,
    bad: (o) => (o.spec.workerGroupSpecs[1].template.spec.restartPolicy = 'Always'),
    path: 'spec.workerGroupSpecs[1].template.spec.restartPolicy',
    good: (o) => delete o.spec.workerGroupSpecs[1].template.spec.restartPolicy,
  },
  {
    rule: 'kuberay/autoscaler-v2-restart-policy',
    what: 'a head restartPolicy OnFailure',
    fixture: autoscaled,
    bad: (o) => (o.spec.headGroupSpec.template.spec.restartPolicy = 'OnFailure'),
    path: 'spec.headGroupSpec.template.spec.restartPolicy',
    good: (o) => (o.spec.headGroupSpec.template.spec.restartPolicy = 'Never'),
  },
  {
    rule: 'kuberay/autoscaler-idle-timeout-non-negative',
    what: 'negative autoscalerOptions.idleTimeoutSeconds',
    fixture: autoscaled,
    bad: (o) => (o.spec.autoscalerOptions.idleTimeoutSeconds = -5),
    path: 'spec.autoscalerOptions.idleTimeoutSeconds',
    good: (o) => (o.spec.autoscalerOptions.idleTimeoutSeconds = 0),
  },
  {
    rule: 'kuberay/autoscaler-start-cmd-env-reserved',
    what: 'KUBERAY_GEN_AUTOSCALER_START_CMD in autoscalerOptions.env',
    fixture: autoscaled,
    bad: (o) =>
      (o.spec.autoscalerOptions.env = [{ name: 'KUBERAY_GEN_AUTOSCALER_START_CMD', value: 'ray kuberay-autoscaler' }]),
    path: 'spec.autoscalerOptions.env[0]',
    good: (o) => (o.spec.autoscalerOptions.env = [{ name: 'AUTOSCALER_LOG_LEVEL', value: 'debug' }]),
  },
];
