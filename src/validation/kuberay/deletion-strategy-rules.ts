import { fieldPath } from '../../k8s/field-path';
import { isAutoscaling } from './cluster-scope';
import { JsonObject, asArray, asNumber, asObject, asString } from './json';
import { jobSpec } from './rayjob-rules';
import { KubeRayRule, RuleContext, Violation, objectRule, when } from './rule';

// Upstream source: ray-operator/controllers/ray/utils/validation.go@v1.7.0:
// validateDeletionConfiguration, validateDeletionRules, validateDeletionCondition,
// validateTTLConsistency, validateLegacyDeletionPolicies; cases in
// ray-operator/controllers/ray/utils/validation_test.go@v1.7.0
// TestValidateRayJobSpecWithFeatureGate.

/*
 * RayJob `spec.deletionStrategy`: the legacy form (onSuccess + onFailure, each with a policy) or
 * the rules form (deletionRules, each a condition and a policy), never both.
 */

const PATH = 'spec.deletionStrategy';
/** The order in which deletions must happen for one condition: TTLs may not decrease along it. */
const DELETION_ORDER = ['DeleteWorkers', 'DeleteCluster', 'DeleteSelf'];
const LEGACY_FIELDS = ['onSuccess', 'onFailure'] as const;

interface Strategy {
  readonly strategy: JsonObject;
  readonly legacy: boolean;
  readonly rules: readonly { readonly index: number; readonly rule: JsonObject }[];
  readonly shutdown: boolean;
  readonly selectorMode: boolean;
  readonly autoscaling: boolean;
}

function strategyOf(obj: JsonObject, ctx: RuleContext): Strategy | undefined {
  const job = jobSpec(obj);
  const strategy = asObject(job.spec.deletionStrategy);
  if (strategy === undefined) return undefined;
  return {
    strategy,
    legacy: strategy.onSuccess !== undefined || strategy.onFailure !== undefined,
    rules: asArray(strategy.deletionRules).map((rule, index) => ({ index, rule: asObject(rule) ?? {} })),
    shutdown: job.shutdown,
    selectorMode: job.selectorMode,
    autoscaling: isAutoscaling(ctx.cluster?.spec),
  };
}

/** A rule on RayJobs that have a deletionStrategy. */
function strategyRule(
  id: string,
  description: string,
  violations: (s: Strategy, ctx: RuleContext) => Violation[],
): KubeRayRule {
  return objectRule(['RayJob'], {
    id,
    description,
    violations: (obj, ctx) => {
      const strategy = strategyOf(obj, ctx);
      return strategy === undefined ? [] : violations(strategy, ctx);
    },
  });
}

/** Why `policy` cannot be used with this job, or `undefined` when it can. */
function policyConflict(policy: string, s: Strategy): string | undefined {
  if (s.selectorMode && (policy === 'DeleteCluster' || policy === 'DeleteWorkers')) {
    return `policy ${policy} is not supported with a clusterSelector (the cluster is not the RayJob's), expected DeleteSelf or DeleteNone`;
  }
  if (s.autoscaling && policy === 'DeleteWorkers') {
    return 'policy DeleteWorkers is not supported with enableInTreeAutoscaling, expected DeleteCluster, DeleteSelf or DeleteNone';
  }
  return undefined;
}

const requiresGate = strategyRule(
  'kuberay/deletion-strategy-requires-gate',
  'deletionStrategy needs the RayJobDeletionPolicy feature gate (on by default)',
  (_s, ctx) =>
    when(
      !ctx.gates.RayJobDeletionPolicy,
      PATH,
      'deletionStrategy is set but the RayJobDeletionPolicy feature gate is declared off, expected the gate on or no deletionStrategy',
    ),
);

const form = strategyRule(
  'kuberay/deletion-strategy-form',
  'deletionStrategy uses either onSuccess and onFailure, or deletionRules, not both and not neither',
  (s) => [
    ...when(
      s.legacy && s.rules.length > 0,
      PATH,
      'deletionStrategy sets both onSuccess/onFailure and deletionRules, expected only one form',
    ),
    ...when(
      !s.legacy && s.rules.length === 0,
      PATH,
      'deletionStrategy has neither onSuccess and onFailure nor deletionRules, expected one of the two forms',
    ),
  ],
);

const rulesExcludeShutdown = strategyRule(
  'kuberay/deletion-rules-exclude-shutdown',
  'deletionRules are not combined with shutdownAfterJobFinishes: true',
  (s) =>
    when(
      s.rules.length > 0 && s.shutdown,
      fieldPath(PATH, 'deletionRules'),
      'deletionRules are set together with shutdownAfterJobFinishes: true, expected shutdownAfterJobFinishes unset or false',
    ),
);

const legacyComplete = strategyRule(
  'kuberay/deletion-legacy-complete',
  'the legacy form sets both onSuccess.policy and onFailure.policy',
  (s) =>
    s.legacy
      ? LEGACY_FIELDS.flatMap((field) => {
          const entry = asObject(s.strategy[field]);
          return entry === undefined
            ? [
                {
                  path: fieldPath(PATH, field),
                  message: `deletionStrategy.${field} is missing, expected both onSuccess and onFailure`,
                },
              ]
            : when(
                entry.policy === undefined,
                fieldPath(PATH, field, 'policy'),
                `deletionStrategy.${field}.policy is missing, expected a policy`,
              );
        })
      : [],
);

const legacyPolicyContext = strategyRule(
  'kuberay/deletion-legacy-policy-context',
  'legacy policies fit the job: no DeleteCluster/DeleteWorkers with a clusterSelector, no DeleteWorkers with autoscaling, no DeleteNone with shutdownAfterJobFinishes',
  (s) =>
    LEGACY_FIELDS.flatMap((field) => {
      const policy = asString(asObject(s.strategy[field])?.policy);
      if (policy === undefined) return [];
      const path = fieldPath(PATH, field, 'policy');
      const conflict = policyConflict(policy, s);
      return [
        ...when(conflict !== undefined, path, `deletionStrategy.${field}: ${conflict}`),
        ...when(
          s.shutdown && policy === 'DeleteNone',
          path,
          `deletionStrategy.${field}.policy is DeleteNone while shutdownAfterJobFinishes is true, expected another policy or no shutdown`,
        ),
      ];
    }),
);

/** `jobStatus=X` or `jobDeploymentStatus=Y`: the condition a rule fires on, for grouping. */
function conditionKey(rule: JsonObject): string | undefined {
  const condition = asObject(rule.condition) ?? {};
  const jobStatus = asString(condition.jobStatus);
  const deploymentStatus = asString(condition.jobDeploymentStatus);
  if ((jobStatus === undefined) === (deploymentStatus === undefined)) return undefined;
  return jobStatus !== undefined ? `jobStatus ${jobStatus}` : `jobDeploymentStatus ${deploymentStatus}`;
}

const ruleCondition = strategyRule(
  'kuberay/deletion-rule-condition',
  'each deletion rule condition sets exactly one of jobStatus and jobDeploymentStatus, and ttlSeconds >= 0',
  (s) =>
    s.rules.flatMap(({ index, rule }) => {
      const condition = asObject(rule.condition) ?? {};
      const path = fieldPath(PATH, 'deletionRules', index, 'condition');
      const ttl = asNumber(condition.ttlSeconds) ?? 0;
      return [
        ...when(
          conditionKey(rule) === undefined,
          path,
          'the condition must set exactly one of jobStatus and jobDeploymentStatus, expected one of them',
        ),
        ...when(ttl < 0, fieldPath(path, 'ttlSeconds'), `condition ttlSeconds is ${ttl}, expected >= 0`),
      ];
    }),
);

const rulePolicyContext = strategyRule(
  'kuberay/deletion-rule-policy-context',
  'deletion rule policies fit the job: no DeleteCluster/DeleteWorkers with a clusterSelector, no DeleteWorkers with autoscaling',
  (s) =>
    s.rules.flatMap(({ index, rule }) => {
      const conflict = policyConflict(asString(rule.policy) ?? '', s);
      return when(conflict !== undefined, fieldPath(PATH, 'deletionRules', index, 'policy'), conflict ?? '');
    }),
);

/** Rules with a valid condition, the first of each (condition, policy) pair, grouped by condition. */
function rulesByCondition(s: Strategy): Map<string, { index: number; policy: string; ttl: number }[]> {
  const groups = new Map<string, { index: number; policy: string; ttl: number }[]>();
  for (const { index, rule } of s.rules) {
    const key = conditionKey(rule);
    if (key === undefined) continue;
    const policy = asString(rule.policy) ?? '';
    const group = groups.get(key) ?? [];
    if (group.some((entry) => entry.policy === policy)) continue;
    group.push({ index, policy, ttl: asNumber(asObject(rule.condition)?.ttlSeconds) ?? 0 });
    groups.set(key, group);
  }
  return groups;
}

const rulesUnique = strategyRule(
  'kuberay/deletion-rules-unique',
  'no two deletion rules share a condition and a policy',
  (s) => {
    const firstIndex = new Map<string, number>();
    return s.rules.flatMap(({ index, rule }) => {
      const key = conditionKey(rule);
      if (key === undefined) return [];
      const pair = `${key} / ${asString(rule.policy) ?? ''}`;
      const first = firstIndex.get(pair);
      if (first === undefined) firstIndex.set(pair, index);
      return when(
        first !== undefined,
        fieldPath(PATH, 'deletionRules', index),
        `deletion rule repeats deletionRules[${first}] (${pair}), expected one rule per condition and policy`,
      );
    });
  },
);

const rulesTtlOrder = strategyRule(
  'kuberay/deletion-rules-ttl-order',
  'for one condition, TTLs do not decrease along DeleteWorkers, DeleteCluster, DeleteSelf',
  (s) =>
    [...rulesByCondition(s)].flatMap(([key, group]) => {
      const ordered = DELETION_ORDER.flatMap((policy) => group.filter((entry) => entry.policy === policy));
      return ordered.slice(1).flatMap((entry, i) => {
        const previous = ordered[i];
        return when(
          entry.ttl < previous.ttl,
          fieldPath(PATH, 'deletionRules', entry.index, 'condition', 'ttlSeconds'),
          `for ${key}, ${entry.policy} ttlSeconds ${entry.ttl} is below ${previous.policy} ttlSeconds ${previous.ttl}, ` +
            `expected TTLs ordered ${DELETION_ORDER.join(' <= ')}`,
        );
      });
    }),
);

export const DELETION_STRATEGY_RULES: readonly KubeRayRule[] = [
  requiresGate,
  form,
  rulesExcludeShutdown,
  legacyComplete,
  legacyPolicyContext,
  ruleCondition,
  rulePolicyContext,
  rulesUnique,
  rulesTtlOrder,
];
