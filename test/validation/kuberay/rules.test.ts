import { describe, expect, it } from 'vitest';
import { KUBERAY_RULES, checkKubeRay } from '../../../src/validation/kuberay';
import { AUTOSCALING_CASES } from './autoscaling.cases';
import { CLUSTER_SPEC_CASES } from './cluster-spec.cases';
import { DELETION_STRATEGY_CASES } from './deletion-strategy.cases';
import { GATED_FEATURE_CASES } from './gated-features.cases';
import { GCS_FT_CASES } from './gcs-ft.cases';
import { METADATA_CASES } from './metadata.cases';
import { RAYJOB_CASES } from './rayjob.cases';
import { RAYSERVICE_CASES } from './rayservice.cases';
import { RuleCase, build } from './rule-case';

const CASES: readonly RuleCase[] = [
  ...METADATA_CASES,
  ...CLUSTER_SPEC_CASES,
  ...AUTOSCALING_CASES,
  ...GCS_FT_CASES,
  ...GATED_FEATURE_CASES,
  ...RAYJOB_CASES,
  ...DELETION_STRATEGY_CASES,
  ...RAYSERVICE_CASES,
];

describe.each(KUBERAY_RULES.map((rule) => [rule.id, CASES.filter((c) => c.rule === rule.id)] as const))(
  '%s',
  (_id, cases) => {
    it('has at least one case', () => {
      expect(cases.length).toBeGreaterThan(0);
    });

    it.each(cases.map((c) => [c.what, c] as const))('rejects %s', (_what, c) => {
      const findings = checkKubeRay(build(c, c.bad), { featureGates: c.gates });
      expect(findings.filter((f) => f.rule === c.rule).map((f) => f.path)).toContain(c.path);
    });

    it.each(cases.map((c) => [c.what, c] as const))('accepts the fix for %s', (_what, c) => {
      expect(checkKubeRay(build(c, c.good), { featureGates: c.goodGates ?? c.gates })).toEqual([]);
    });
  },
);

it('every case names a registered rule', () => {
  const ids = new Set(KUBERAY_RULES.map((rule) => rule.id));
  expect(CASES.map((c) => c.rule).filter((id) => !ids.has(id))).toEqual([]);
});
