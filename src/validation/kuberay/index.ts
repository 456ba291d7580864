import { Finding } from '../finding';
import { AUTH_RULES } from './auth-rules';
import { AUTOSCALING_RULES } from './autoscaling-rules';
import { KubeRayKind, clusterScopeOf, isKubeRayObject } from './cluster-scope';
import { CLUSTER_SPEC_RULES } from './cluster-spec-rules';
import { DELETION_STRATEGY_RULES } from './deletion-strategy-rules';
import { FeatureGates, resolveFeatureGates } from './feature-gates';
import { GCS_FT_RULES } from './gcs-ft-rules';
import { HISTORY_SERVER_RULES } from './history-server-rules';
import { JsonObject, asObject, dig } from './json';
import { rayCronJobFindings } from './raycronjob';
import { METADATA_RULES } from './metadata-rules';
import { NETWORK_POLICY_RULES } from './network-policy-rules';
import { RAYJOB_RULES } from './rayjob-rules';
import { RAYSERVICE_RULES } from './rayservice-rules';
import { KubeRayRule, RuleContext } from './rule';
import { TLS_RULES } from './tls-rules';

/*
 * KubeRay v1.7.0's semantic checks (`ray-operator/controllers/ray/utils/validation.go`) as our own
 * rules. The operator runs them in its reconcile loop, not at admission, and stops at the first
 * failure; we report every violation before anything reaches the cluster.
 *
 * Not mirrored, on purpose:
 * - status sanity checks (RayCluster Suspending+Suspended, RayJob Waiting outside
 *   InteractiveMode): they judge status the operator writes, never a spec we generate;
 * - "without autoscaling, set minReplicas and maxReplicas": CRD defaults fill both at admission;
 * - the autoscaler v1 restartPolicy warning: an event, not a rejection;
 * - cert-manager being installed for tlsOptions: a property of the cluster, not the manifest;
 */

export { KUBERAY_FEATURE_GATE_DEFAULTS } from './feature-gates';
export type { FeatureGate, FeatureGates } from './feature-gates';
export type { KubeRayKind } from './cluster-scope';
export type { KubeRayRule, RuleContext } from './rule';

/** Every rule, by area. */
export const KUBERAY_RULES: readonly KubeRayRule[] = [
  ...METADATA_RULES,
  ...CLUSTER_SPEC_RULES,
  ...AUTOSCALING_RULES,
  ...GCS_FT_RULES,
  ...HISTORY_SERVER_RULES,
  ...AUTH_RULES,
  ...NETWORK_POLICY_RULES,
  ...TLS_RULES,
  ...RAYJOB_RULES,
  ...DELETION_STRATEGY_RULES,
  ...RAYSERVICE_RULES,
];

export interface KubeRayCheckOptions {
  /**
   * Feature gates the target KubeRay operator runs with. A spec that needs a gate off by default
   * (networkPolicy, tlsOptions, historyServerOptions, the rocksdb GCS backend) is a finding unless
   * its gate is declared on here.
   * @default - KubeRay v1.7.0's defaults (KUBERAY_FEATURE_GATE_DEFAULTS)
   */
  readonly featureGates?: Partial<FeatureGates>;
}

const METADATA_RULE_IDS = new Set(METADATA_RULES.map((rule) => rule.id));

/** The rules of each kind, in KUBERAY_RULES order: picked once, not per object checked. */
const rulesOf = (kind: KubeRayKind): readonly KubeRayRule[] => KUBERAY_RULES.filter((rule) => rule.appliesTo.includes(kind));
const RULES_BY_KIND: Readonly<Record<KubeRayKind, readonly KubeRayRule[]>> = {
  RayCluster: rulesOf('RayCluster'),
  RayJob: rulesOf('RayJob'),
  RayService: rulesOf('RayService'),
};

/** The RayJob rules a RayCronJob's `jobTemplate` goes through (not the metadata rules). */
const RAYJOB_TEMPLATE_RULES = RULES_BY_KIND.RayJob.filter((rule) => !METADATA_RULE_IDS.has(rule.id));

/**
 * A RayCronJob: its own checks, then its `spec.jobTemplate` through the RayJob spec rules (not
 * the metadata rules, and with no annotations), as `ValidateRayCronJobSpec` does.
 */
function checkRayCronJob(obj: JsonObject, gates: FeatureGates): Finding[] {
  const job: JsonObject & { kind: 'RayJob' } = { apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: {}, spec: asObject(dig(obj, 'spec', 'jobTemplate')) ?? {} };
  const ctx: RuleContext = { kind: 'RayJob', gates, cluster: clusterScopeOf(job) };
  const template = RAYJOB_TEMPLATE_RULES.flatMap((rule) => rule.check(job, ctx))
    .map((f) => ({ ...f, path: f.path.replace(/^spec\b/, 'spec.jobTemplate'), message: `invalid RayJob template: ${f.message}` }));
  return [...rayCronJobFindings(obj, gates), ...template];
}

/**
 * Runs every rule that applies to `obj`. A RayJob's `spec.rayClusterSpec` and a RayService's
 * `spec.rayClusterConfig` go through the RayCluster rules, with paths under that prefix. Objects
 * other than `ray.io/v1` RayCluster, RayJob, RayService or RayCronJob give no findings.
 */
export function checkKubeRay(obj: JsonObject, options: KubeRayCheckOptions = {}): Finding[] {
  if (obj.apiVersion === 'ray.io/v1' && obj.kind === 'RayCronJob') return checkRayCronJob(obj, resolveFeatureGates(options.featureGates));
  if (!isKubeRayObject(obj)) return [];
  const ctx: RuleContext = {
    kind: obj.kind,
    gates: resolveFeatureGates(options.featureGates),
    cluster: clusterScopeOf(obj),
  };
  return RULES_BY_KIND[ctx.kind].flatMap((rule) => rule.check(obj, ctx));
}
