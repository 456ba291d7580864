import { Finding } from '../finding';
import { AUTH_RULES } from './auth-rules';
import { AUTOSCALING_RULES } from './autoscaling-rules';
import { KUBERAY_KINDS, KubeRayKind, clusterScopeOf } from './cluster-scope';
import { CLUSTER_SPEC_RULES } from './cluster-spec-rules';
import { DELETION_STRATEGY_RULES } from './deletion-strategy-rules';
import { FeatureGates, resolveFeatureGates } from './feature-gates';
import { GCS_FT_RULES } from './gcs-ft-rules';
import { HISTORY_SERVER_RULES } from './history-server-rules';
import { JsonObject } from './json';
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
 * - RayCronJob (alpha, gate off by default): we do not generate it.
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

function isKubeRayObject(obj: JsonObject): obj is JsonObject & { kind: KubeRayKind } {
  return obj.apiVersion === 'ray.io/v1' && (KUBERAY_KINDS as readonly unknown[]).includes(obj.kind);
}

/**
 * Runs every rule that applies to `obj`. A RayJob's `spec.rayClusterSpec` and a RayService's
 * `spec.rayClusterConfig` go through the RayCluster rules, with paths under that prefix. Objects
 * other than `ray.io/v1` RayCluster, RayJob or RayService give no findings.
 */
export function checkKubeRay(obj: JsonObject, options: KubeRayCheckOptions = {}): Finding[] {
  if (!isKubeRayObject(obj)) return [];
  const ctx: RuleContext = {
    kind: obj.kind,
    gates: resolveFeatureGates(options.featureGates),
    cluster: clusterScopeOf(obj, obj.kind),
  };
  return KUBERAY_RULES.filter((rule) => rule.appliesTo.includes(ctx.kind)).flatMap((rule) => rule.check(obj, ctx));
}
