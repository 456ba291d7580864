import { rayJob, selectorRayJob } from './fixtures';
import { RuleCase } from './rule-case';

const job = { fixture: rayJob };
const selectorJob = { fixture: selectorRayJob };

export const RAYJOB_CASES: readonly RuleCase[] = [
  {
    rule: 'kuberay/rayjob-suspend-requires-shutdown',
    what: 'suspend without shutdownAfterJobFinishes',
    ...job,
    bad: (o) => Object.assign(o.spec, { suspend: true, shutdownAfterJobFinishes: false, ttlSecondsAfterFinished: 0 }),
    path: 'spec.suspend',
    good: (o) => Object.assign(o.spec, { suspend: true }),
  },
  {
    rule: 'kuberay/rayjob-ttl-non-negative',
    what: 'a negative TTL',
    ...job,
    bad: (o) => (o.spec.ttlSecondsAfterFinished = -1),
    path: 'spec.ttlSecondsAfterFinished',
    good: (o) => (o.spec.ttlSecondsAfterFinished = 0),
  },
  {
    rule: 'kuberay/rayjob-ttl-requires-shutdown',
    what: 'a TTL without shutdownAfterJobFinishes',
    ...job,
    bad: (o) => delete o.spec.shutdownAfterJobFinishes,
    path: 'spec.ttlSecondsAfterFinished',
    good: (o) => Object.assign(o.spec, { shutdownAfterJobFinishes: false, ttlSecondsAfterFinished: 0 }),
  },
  {
    rule: 'kuberay/rayjob-cluster-source',
    what: 'neither rayClusterSpec nor clusterSelector',
    ...selectorJob,
    bad: (o) => (o.spec.clusterSelector = {}),
    path: 'spec',
    good: (o) => (o.spec.clusterSelector = { 'ray.io/cluster': 'shared' }),
  },
  {
    rule: 'kuberay/rayjob-cluster-selector-name',
    what: 'a selector without ray.io/cluster',
    ...selectorJob,
    bad: (o) => (o.spec.clusterSelector = { app: 'demo' }),
    path: 'spec.clusterSelector[ray.io/cluster]',
    good: (o) => (o.spec.clusterSelector = { app: 'demo', 'ray.io/cluster': 'demo' }),
  },
  {
    rule: 'kuberay/rayjob-cluster-selector-compat',
    what: 'suspend with a selector',
    ...selectorJob,
    bad: (o) => Object.assign(o.spec, { suspend: true, shutdownAfterJobFinishes: true }),
    path: 'spec.suspend',
    good: (o) => Object.assign(o.spec, { suspend: false, shutdownAfterJobFinishes: true }),
  },
  {
    rule: 'kuberay/rayjob-cluster-selector-compat',
    what: 'SidecarMode with a selector',
    ...selectorJob,
    bad: (o) => (o.spec.submissionMode = 'SidecarMode'),
    path: 'spec.submissionMode',
    good: (o) => (o.spec.submissionMode = 'HTTPMode'),
  },
  {
    rule: 'kuberay/rayjob-cluster-selector-compat',
    what: 'backoffLimit with a selector',
    ...selectorJob,
    bad: (o) => (o.spec.backoffLimit = 2),
    path: 'spec.backoffLimit',
    good: (o) => delete o.spec.backoffLimit,
  },
  {
    rule: 'kuberay/rayjob-interactive-backoff',
    what: 'backoffLimit in InteractiveMode',
    ...job,
    bad: (o) => Object.assign(o.spec, { submissionMode: 'InteractiveMode', backoffLimit: 1 }),
    path: 'spec.backoffLimit',
    good: (o) => Object.assign(o.spec, { submissionMode: 'InteractiveMode', backoffLimit: 0 }),
  },
  ...['submitterPodTemplate', 'submitterConfig'].map(
    (field): RuleCase => ({
      rule: 'kuberay/rayjob-sidecar-mode',
      what: `${field} in SidecarMode`,
      ...job,
      bad: (o) => Object.assign(o.spec, { submissionMode: 'SidecarMode', [field]: {} }),
      path: `spec.${field}`,
      good: (o) => Object.assign(o.spec, { submissionMode: 'K8sJobMode', [field]: {} }),
    }),
  ),
  {
    rule: 'kuberay/rayjob-sidecar-mode',
    what: 'head restartPolicy Always in SidecarMode',
    ...job,
    bad: (o) => {
      o.spec.submissionMode = 'SidecarMode';
      o.spec.rayClusterSpec.headGroupSpec.template.spec.restartPolicy = 'Always';
    },
    path: 'spec.rayClusterSpec.headGroupSpec.template.spec.restartPolicy',
    good: (o) => {
      o.spec.submissionMode = 'SidecarMode';
      o.spec.rayClusterSpec.headGroupSpec.template.spec.restartPolicy = 'Never';
    },
  },
  ...[
    ['pip: [requests', 'unclosed flow sequence'],
    ['- requests\n- numpy', 'a list'],
    ['requests', 'a scalar'],
    ['pip: a\npip: b', 'a duplicate key'],
  ].map(
    ([text, what]): RuleCase => ({
      rule: 'kuberay/rayjob-runtime-env-yaml',
      what,
      ...job,
      bad: (o) => (o.spec.runtimeEnvYAML = text),
      path: 'spec.runtimeEnvYAML',
      good: (o) => (o.spec.runtimeEnvYAML = 'pip: [requests]\nworking_dir: https://example.com/app.zip'),
    }),
  ),
  {
    rule: 'kuberay/rayjob-active-deadline-positive',
    what: 'activeDeadlineSeconds 0',
    ...job,
    bad: (o) => (o.spec.activeDeadlineSeconds = 0),
    path: 'spec.activeDeadlineSeconds',
    good: (o) => (o.spec.activeDeadlineSeconds = 1),
  },
  {
    rule: 'kuberay/rayjob-pre-running-deadline-positive',
    what: 'preRunningDeadlineSeconds -1',
    ...job,
    bad: (o) => (o.spec.preRunningDeadlineSeconds = -1),
    path: 'spec.preRunningDeadlineSeconds',
    good: (o) => (o.spec.preRunningDeadlineSeconds = 600),
  },
  {
    rule: 'kuberay/rayjob-backoff-limit-non-negative',
    what: 'backoffLimit -1',
    ...job,
    bad: (o) => (o.spec.backoffLimit = -1),
    path: 'spec.backoffLimit',
    good: (o) => (o.spec.backoffLimit = 0),
  },
];
