import { fieldPath } from '../../k8s/field-path';
import { gatedFieldRule } from './gate-rule';
import { ClusterScope, workerGroups } from './cluster-scope';
import { JsonObject, asArray, asObject, asString } from './json';
import { isDns1123Label } from '../../k8s/names';
import { KubeRayRule, Violation, clusterRule, when } from './rule';

// Upstream source: ray-operator/controllers/ray/utils/validation.go@v1.7.0:
// ValidateRayClusterSpec (networkPolicy gate) and validateNetworkPolicy; cases in
// ray-operator/controllers/ray/utils/validation_test.go@v1.7.0 TestValidateNetworkPolicy,
// TestValidateRayClusterSpec_NetworkPolicyRequiresFeatureGate.

function networkPolicy(cluster: ClusterScope): JsonObject | undefined {
  return asObject(cluster.spec.networkPolicy);
}

function policyPath(cluster: ClusterScope, ...rest: (string | number)[]): string {
  return fieldPath(cluster.path, 'networkPolicy', ...rest);
}

const requiresGate = gatedFieldRule('kuberay/network-policy-requires-gate', 'networkPolicy', 'RayClusterNetworkPolicy');

const groupNames = clusterRule({
  id: 'kuberay/network-policy-group-names',
  description:
    'with networkPolicy, every worker group name is a DNS-1123 label (it becomes part of a NetworkPolicy name)',
  violations: (cluster) => {
    if (networkPolicy(cluster) === undefined) return [];
    return workerGroups(cluster).flatMap((worker) => {
      const name = asString(worker.group.groupName) ?? '';
      return when(
        !isDns1123Label(name),
        fieldPath(worker.path, 'groupName'),
        `worker group name '${name}' is not a DNS-1123 label, expected lowercase letters, digits and '-' ` +
          '(at most 63, alphanumeric at both ends) when networkPolicy is set',
      );
    });
  },
});

/** Which rule list each mode leaves unrestricted, so setting it is a contradiction. */
const UNRESTRICTED_RULES: Readonly<Record<string, string>> = {
  DenyAllEgress: 'ingressRules',
  DenyAllIngress: 'egressRules',
};

const rulesMatchMode = clusterRule({
  id: 'kuberay/network-policy-rules-match-mode',
  description: 'mode DenyAllEgress sets no ingressRules and mode DenyAllIngress no egressRules',
  violations: (cluster) => {
    const policy = networkPolicy(cluster);
    if (policy === undefined) return [];
    const mode = asString(policy.mode) ?? 'DenyAll';
    const field = UNRESTRICTED_RULES[mode];
    if (field === undefined) return [];
    const targets: [JsonObject | undefined, string][] = [
      [asObject(policy.head), policyPath(cluster, 'head')],
      [asObject(policy.worker), policyPath(cluster, 'worker')],
      ...asArray(policy.workerGroups).map((entry, index): [JsonObject | undefined, string] => [
        asObject(entry),
        policyPath(cluster, 'workerGroups', index),
      ]),
    ];
    return targets.flatMap(([target, path]): Violation[] =>
      when(
        asArray(target?.[field]).length > 0,
        fieldPath(path, field),
        `${field} are set but networkPolicy.mode is ${mode}, which does not restrict that direction; expected no ${field}`,
      ),
    );
  },
});

const workerGroupsExist = clusterRule({
  id: 'kuberay/network-policy-worker-groups-exist',
  description: 'every networkPolicy.workerGroups[].groupName names a worker group',
  violations: (cluster) => {
    const policy = networkPolicy(cluster);
    if (policy === undefined) return [];
    const names = new Set(workerGroups(cluster).map((worker) => asString(worker.group.groupName)));
    return asArray(policy.workerGroups).flatMap((entry, index) => {
      const name = asString(asObject(entry)?.groupName) ?? '';
      return when(
        !names.has(name),
        policyPath(cluster, 'workerGroups', index, 'groupName'),
        `networkPolicy.workerGroups names group '${name}', expected one of the workerGroupSpecs names (${[...names].join(', ')})`,
      );
    });
  },
});

export const NETWORK_POLICY_RULES: readonly KubeRayRule[] = [
  requiresGate,
  groupNames,
  rulesMatchMode,
  workerGroupsExist,
];
