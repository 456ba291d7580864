import { Obj, rayJob, selectorRayJob, withAutoscalerV2, withDeletionRules, withLegacyDeletion } from './fixtures';
import { RuleCase } from './rule-case';

const RULES = 'spec.deletionStrategy.deletionRules';
const job = { fixture: rayJob };

function rules(o: Obj): Obj[] {
  return o.spec.deletionStrategy.deletionRules;
}

/** A RayJob whose cluster autoscales: DeleteWorkers is off the table. */
function autoscaledJob(): Obj {
  const j = rayJob();
  withAutoscalerV2(j.spec.rayClusterSpec);
  return j;
}

export const DELETION_STRATEGY_CASES: readonly RuleCase[] = [
  {
    rule: 'kuberay/deletion-strategy-requires-gate',
    what: 'deletionStrategy with RayJobDeletionPolicy off',
    ...job,
    gates: { RayJobDeletionPolicy: false },
    bad: (o) => withDeletionRules(o),
    path: 'spec.deletionStrategy',
    good: (o) => withDeletionRules(o),
    goodGates: {},
  },
  {
    rule: 'kuberay/deletion-strategy-form',
    what: 'both forms',
    ...job,
    bad: (o) => Object.assign(withDeletionRules(o).spec.deletionStrategy, { onSuccess: { policy: 'DeleteSelf' } }),
    path: 'spec.deletionStrategy',
    good: (o) => withDeletionRules(o),
  },
  {
    rule: 'kuberay/deletion-strategy-form',
    what: 'neither form',
    ...job,
    bad: (o) => (o.spec.deletionStrategy = { deletionRules: [] }),
    path: 'spec.deletionStrategy',
    good: (o) => withLegacyDeletion(o),
  },
  {
    rule: 'kuberay/deletion-rules-exclude-shutdown',
    what: 'deletionRules with shutdownAfterJobFinishes',
    ...job,
    bad: (o) => (withDeletionRules(o).spec.shutdownAfterJobFinishes = true),
    path: RULES,
    good: (o) => withDeletionRules(o),
  },
  {
    rule: 'kuberay/deletion-legacy-complete',
    what: 'onSuccess without onFailure',
    ...job,
    bad: (o) => delete withLegacyDeletion(o).spec.deletionStrategy.onFailure,
    path: 'spec.deletionStrategy.onFailure',
    good: (o) => withLegacyDeletion(o),
  },
  {
    rule: 'kuberay/deletion-legacy-complete',
    what: 'onFailure without a policy',
    ...job,
    bad: (o) => (withLegacyDeletion(o).spec.deletionStrategy.onFailure = {}),
    path: 'spec.deletionStrategy.onFailure.policy',
    good: (o) => withLegacyDeletion(o, 'DeleteCluster', 'DeleteSelf'),
  },
  {
    rule: 'kuberay/deletion-legacy-policy-context',
    what: 'DeleteWorkers with autoscaling',
    fixture: autoscaledJob,
    bad: (o) => withLegacyDeletion(o, 'DeleteWorkers', 'DeleteCluster'),
    path: 'spec.deletionStrategy.onSuccess.policy',
    good: (o) => withLegacyDeletion(o, 'DeleteCluster', 'DeleteCluster'),
  },
  {
    rule: 'kuberay/deletion-legacy-policy-context',
    what: 'DeleteCluster with a clusterSelector',
    fixture: selectorRayJob,
    bad: (o) => withLegacyDeletion(o, 'DeleteSelf', 'DeleteCluster'),
    path: 'spec.deletionStrategy.onFailure.policy',
    good: (o) => withLegacyDeletion(o, 'DeleteSelf', 'DeleteNone'),
  },
  {
    rule: 'kuberay/deletion-legacy-policy-context',
    what: 'DeleteNone with shutdownAfterJobFinishes',
    ...job,
    bad: (o) => withLegacyDeletion(o, 'DeleteNone', 'DeleteCluster'),
    path: 'spec.deletionStrategy.onSuccess.policy',
    good: (o) => withLegacyDeletion(o, 'DeleteWorkers', 'DeleteCluster'),
  },
  {
    rule: 'kuberay/deletion-rule-condition',
    what: 'a condition with neither status',
    ...job,
    bad: (o) => (rules(withDeletionRules(o))[1].condition = { ttlSeconds: 300 }),
    path: `${RULES}[1].condition`,
    good: (o) => (rules(withDeletionRules(o))[1].condition = { jobStatus: 'FAILED', ttlSeconds: 300 }),
  },
  {
    rule: 'kuberay/deletion-rule-condition',
    what: 'a condition with both statuses',
    ...job,
    bad: (o) => (rules(withDeletionRules(o))[1].condition.jobDeploymentStatus = 'Failed'),
    path: `${RULES}[1].condition`,
    good: (o) => (rules(withDeletionRules(o))[1].condition = { jobDeploymentStatus: 'Failed' }),
  },
  {
    rule: 'kuberay/deletion-rule-condition',
    what: 'a negative ttlSeconds',
    ...job,
    bad: (o) => (rules(withDeletionRules(o))[0].condition.ttlSeconds = -1),
    path: `${RULES}[0].condition.ttlSeconds`,
    good: (o) => (rules(withDeletionRules(o))[0].condition.ttlSeconds = 0),
  },
  {
    rule: 'kuberay/deletion-rule-policy-context',
    what: 'DeleteWorkers with autoscaling',
    fixture: autoscaledJob,
    bad: (o) => rules(withDeletionRules(o)).unshift({ policy: 'DeleteWorkers', condition: { jobStatus: 'SUCCEEDED' } }),
    path: `${RULES}[0].policy`,
    good: (o) => withDeletionRules(o),
  },
  {
    rule: 'kuberay/deletion-rule-policy-context',
    what: 'DeleteCluster with a clusterSelector',
    fixture: selectorRayJob,
    bad: (o) => withDeletionRules(o),
    path: `${RULES}[0].policy`,
    good: (o) => rules(withDeletionRules(o)).shift(),
  },
  {
    rule: 'kuberay/deletion-rules-unique',
    what: 'the same condition and policy twice',
    ...job,
    bad: (o) =>
      rules(withDeletionRules(o)).push({
        policy: 'DeleteSelf',
        condition: { jobStatus: 'SUCCEEDED', ttlSeconds: 600 },
      }),
    path: `${RULES}[2]`,
    good: (o) =>
      rules(withDeletionRules(o)).push({ policy: 'DeleteSelf', condition: { jobStatus: 'FAILED', ttlSeconds: 600 } }),
  },
  {
    rule: 'kuberay/deletion-rules-ttl-order',
    what: 'DeleteSelf before DeleteCluster',
    ...job,
    bad: (o) => (rules(withDeletionRules(o))[1].condition.ttlSeconds = 30),
    path: `${RULES}[1].condition.ttlSeconds`,
    good: (o) => (rules(withDeletionRules(o))[1].condition.ttlSeconds = 60),
  },
  {
    rule: 'kuberay/deletion-rules-ttl-order',
    what: 'DeleteCluster before DeleteWorkers',
    ...job,
    bad: (o) =>
      rules(withDeletionRules(o)).push({
        policy: 'DeleteWorkers',
        condition: { jobStatus: 'SUCCEEDED', ttlSeconds: 120 },
      }),
    path: `${RULES}[0].condition.ttlSeconds`,
    good: (o) =>
      rules(withDeletionRules(o)).push({
        policy: 'DeleteWorkers',
        condition: { jobStatus: 'SUCCEEDED', ttlSeconds: 10 },
      }),
  },
];
