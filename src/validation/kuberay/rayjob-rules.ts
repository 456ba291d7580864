import { fieldPath } from '../../k8s/field-path';
import { yamlField } from '../../k8s/yaml-documents';
import { headGroup } from './cluster-scope';
import { JsonObject, asNumber, asObject, asString, asStringMap, isNonEmptyObject } from './json';
import { KubeRayRule, RuleContext, Violation, objectRule, when } from './rule';

// Upstream source: ray-operator/controllers/ray/utils/validation.go@v1.7.0: ValidateRayJobSpec;
// cases in ray-operator/controllers/ray/utils/validation_test.go@v1.7.0 TestValidateRayJobSpec.

/*
 * RayJob spec rules (`ValidateRayJobSpec`). Not mirrored: the status check "jobDeploymentStatus
 * Waiting only in InteractiveMode", which is about status the operator writes, never about a spec
 * we generate.
 */

const CLUSTER_SELECTOR_KEY = 'ray.io/cluster';

/** The RayJob's `spec` fields the rules read, with the CRD defaults applied. */
interface JobSpec {
  readonly spec: JsonObject;
  readonly shutdown: boolean;
  readonly suspend: boolean;
  readonly ttl: number;
  readonly backoffLimit: number | undefined;
  readonly mode: string;
  /** KubeRay's "ClusterSelector mode": a non-empty clusterSelector. */
  readonly selectorMode: boolean;
}

export function jobSpec(obj: JsonObject): JobSpec {
  const spec = asObject(obj.spec) ?? {};
  return {
    spec,
    shutdown: spec.shutdownAfterJobFinishes === true,
    suspend: spec.suspend === true,
    ttl: asNumber(spec.ttlSecondsAfterFinished) ?? 0,
    backoffLimit: asNumber(spec.backoffLimit),
    mode: asString(spec.submissionMode) ?? 'K8sJobMode',
    selectorMode: isNonEmptyObject(spec.clusterSelector),
  };
}

/** A rule on RayJob objects, handed the parsed spec. */
function jobRule(
  id: string,
  description: string,
  violations: (job: JobSpec, ctx: RuleContext) => Violation[],
): KubeRayRule {
  return objectRule(['RayJob'], { id, description, violations: (obj, ctx) => violations(jobSpec(obj), ctx) });
}

const suspendRequiresShutdown = jobRule(
  'kuberay/rayjob-suspend-requires-shutdown',
  'a suspended RayJob has shutdownAfterJobFinishes: true',
  (job) =>
    when(
      job.suspend && !job.shutdown,
      'spec.suspend',
      'the RayJob is suspended but shutdownAfterJobFinishes is not true, expected shutdownAfterJobFinishes: true',
    ),
);

const ttlNonNegative = jobRule('kuberay/rayjob-ttl-non-negative', 'ttlSecondsAfterFinished is >= 0', (job) =>
  when(job.ttl < 0, 'spec.ttlSecondsAfterFinished', `ttlSecondsAfterFinished is ${job.ttl}, expected >= 0`),
);

const ttlRequiresShutdown = jobRule(
  'kuberay/rayjob-ttl-requires-shutdown',
  'ttlSecondsAfterFinished > 0 needs shutdownAfterJobFinishes: true',
  (job) =>
    when(
      !job.shutdown && job.ttl > 0,
      'spec.ttlSecondsAfterFinished',
      `ttlSecondsAfterFinished is ${job.ttl} but shutdownAfterJobFinishes is not true, expected shutdownAfterJobFinishes: true or no TTL`,
    ),
);

const clusterSource = jobRule(
  'kuberay/rayjob-cluster-source',
  'a RayJob sets rayClusterSpec or a clusterSelector',
  (job) =>
    when(
      asObject(job.spec.rayClusterSpec) === undefined && !job.selectorMode,
      'spec',
      'the RayJob has neither rayClusterSpec nor clusterSelector, expected one of them',
    ),
);

const clusterSelectorName = jobRule(
  'kuberay/rayjob-cluster-selector-name',
  `a clusterSelector names the cluster under '${CLUSTER_SELECTOR_KEY}'`,
  (job) =>
    when(
      job.selectorMode && (asStringMap(job.spec.clusterSelector)[CLUSTER_SELECTOR_KEY] ?? '') === '',
      fieldPath('spec.clusterSelector', CLUSTER_SELECTOR_KEY),
      `clusterSelector has no '${CLUSTER_SELECTOR_KEY}' value, expected the name of an existing RayCluster`,
    ),
);

const clusterSelectorCompat = jobRule(
  'kuberay/rayjob-cluster-selector-compat',
  'with a clusterSelector: no suspend, no SidecarMode, no backoffLimit > 0',
  (job) => {
    if (!job.selectorMode) return [];
    const limit = job.backoffLimit ?? 0;
    return [
      ...when(
        job.suspend,
        'spec.suspend',
        'a RayJob with a clusterSelector cannot be suspended, expected suspend unset or false',
      ),
      ...when(
        job.mode === 'SidecarMode',
        'spec.submissionMode',
        'submissionMode SidecarMode is not supported with a clusterSelector, expected K8sJobMode, HTTPMode or InteractiveMode',
      ),
      ...when(limit > 0, 'spec.backoffLimit', `backoffLimit is ${limit} with a clusterSelector, expected 0 or unset`),
    ];
  },
);

const interactiveBackoff = jobRule(
  'kuberay/rayjob-interactive-backoff',
  'InteractiveMode has no backoffLimit > 0',
  (job) =>
    when(
      job.mode === 'InteractiveMode' && (job.backoffLimit ?? 0) > 0,
      'spec.backoffLimit',
      `backoffLimit is ${job.backoffLimit} in InteractiveMode, expected 0 or unset`,
    ),
);

const sidecarMode = jobRule(
  'kuberay/rayjob-sidecar-mode',
  'SidecarMode has no submitterPodTemplate or submitterConfig, and a head restartPolicy of Never or unset',
  (job, ctx) => {
    if (job.mode !== 'SidecarMode') return [];
    const head = ctx.cluster === undefined ? undefined : headGroup(ctx.cluster);
    const policy = asString(head?.podSpec.restartPolicy) ?? '';
    return [
      ...['submitterPodTemplate', 'submitterConfig'].flatMap((field) =>
        when(
          job.spec[field] !== undefined,
          fieldPath('spec', field),
          `${field} is set in SidecarMode, expected it unset`,
        ),
      ),
      ...when(
        head !== undefined && policy !== '' && policy !== 'Never',
        fieldPath(head?.podSpecPath ?? '', 'restartPolicy'),
        `head pod restartPolicy is '${policy}' in SidecarMode, expected Never or unset`,
      ),
    ];
  },
);

/**
 * KubeRay decodes runtimeEnvYAML into a map before submitting (its schema is Ray's business), so
 * anything but a YAML mapping, or nothing, is rejected. Read by `yamlField`, as the secrets policy
 * reads it: one parse per object.
 */
function runtimeEnvProblem(spec: JsonObject): string | undefined {
  const document = yamlField(spec, 'runtimeEnvYAML');
  if (document === undefined) return undefined;
  if (document.problem !== undefined) return document.problem;
  const { value } = document;
  if (value === null || value === undefined || asObject(value) !== undefined) return undefined;
  return `it holds ${Array.isArray(value) ? 'a list' : `a ${typeof value}`}, not a mapping`;
}

const runtimeEnvYaml = jobRule('kuberay/rayjob-runtime-env-yaml', 'runtimeEnvYAML is a YAML mapping', (job) => {
  const problem = runtimeEnvProblem(job.spec);
  return when(
    problem !== undefined,
    'spec.runtimeEnvYAML',
    `runtimeEnvYAML is not a YAML mapping (${problem}), expected e.g. 'pip: [requests]' or 'env_vars: {A: "1"}'`,
  );
});

/** `spec.<field>`, if set, is at least `min`. */
function lowerBound(id: string, field: string, min: number): KubeRayRule {
  return jobRule(id, `${field}, if set, is >= ${min}`, (job) => {
    const value = asNumber(job.spec[field]);
    return when(
      value !== undefined && value < min,
      fieldPath('spec', field),
      `${field} is ${value}, expected >= ${min}`,
    );
  });
}

const activeDeadline = lowerBound('kuberay/rayjob-active-deadline-positive', 'activeDeadlineSeconds', 1);
const preRunningDeadline = lowerBound('kuberay/rayjob-pre-running-deadline-positive', 'preRunningDeadlineSeconds', 1);
const backoffLimitNonNegative = lowerBound('kuberay/rayjob-backoff-limit-non-negative', 'backoffLimit', 0);

export const RAYJOB_RULES: readonly KubeRayRule[] = [
  suspendRequiresShutdown,
  ttlNonNegative,
  ttlRequiresShutdown,
  clusterSource,
  clusterSelectorName,
  clusterSelectorCompat,
  interactiveBackoff,
  sidecarMode,
  runtimeEnvYaml,
  activeDeadline,
  preRunningDeadline,
  backoffLimitNonNegative,
];
