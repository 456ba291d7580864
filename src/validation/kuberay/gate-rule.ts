import { fieldPath } from '../../k8s/field-path';
import { FeatureGate } from './feature-gates';
import { asObject } from './json';
import { KubeRayRule, clusterRule, when } from './rule';

// Upstream source: ray-operator/controllers/ray/utils/validation.go@v1.7.0: the feature-gate
// checks of ValidateRayClusterSpec; gates and defaults in
// ray-operator/pkg/features/features.go@v1.7.0.

/**
 * A rule for a cluster-spec field that only a default-off feature gate lets through: the field
 * being set is a finding unless the caller declares the gate on.
 */
export function gatedFieldRule(id: string, field: string, gate: FeatureGate, note = ''): KubeRayRule {
  return clusterRule({
    id,
    description: `${field} needs the ${gate} feature gate`,
    violations: (cluster, ctx) =>
      when(
        asObject(cluster.spec[field]) !== undefined && !ctx.gates[gate],
        fieldPath(cluster.path, field),
        `${field} is set, which needs the ${gate} feature gate (off by default)${note}; ` +
          `expected the gate declared on, or ${field} unset`,
      ),
  });
}
