import { describe, expect, it } from 'vitest';
import { KUBERAY_RULES } from '../../../src/validation/kuberay';
import { validateManifests } from '../../../src/validation/validate';
import { UPSTREAM_EXCEPTIONS } from './exceptions';
import { UpstreamCase } from './manifests';
import { RAYCLUSTER_CASES } from './raycluster.cases';
import { RAYJOB_CASES } from './rayjob.cases';
import { RAYSERVICE_RAYCRONJOB_CASES } from './rayservice-raycronjob.cases';

// KubeRay v1.7.0's own validation tests (ray-operator/controllers/ray/utils/validation_test.go and
// ray-operator/pkg/webhooks/v1/*_webhook_test.go), rewritten as manifests and run through every
// layer a user gets from `npx ray-gitops validate` without an environment: the CRD schema,
// kuberay/* and the object policies.

const CASES: readonly UpstreamCase[] = [...RAYCLUSTER_CASES, ...RAYJOB_CASES, ...RAYSERVICE_RAYCRONJOB_CASES];
const ACCEPTED = CASES.filter((c) => c.rule === undefined);
const REJECTED = CASES.filter((c) => c.rule !== undefined);

const findings = (c: UpstreamCase) =>
  validateManifests([c.manifest()], undefined, undefined, { featureGates: c.gates }).map((f) => `${f.severity} ${f.rule} ${f.path}: ${f.message}`);

/** RayCronJob's own checks (src/validation/kuberay/raycronjob.ts), which run before its job template goes through KUBERAY_RULES. */
const RAYCRONJOB_RULE = /^kuberay\/raycronjob-/;

describe('KubeRay v1.7.0 accepts these: no finding from any layer', () => {
  it.each(ACCEPTED.map((c) => [c.upstream, c] as const))('%s', (_name, c) => {
    const all = findings(c);
    const advice = c.policyWarning && `warning ${c.policyWarning} `;
    expect(all.filter((f) => !advice || !f.startsWith(advice))).toEqual([]);
    if (advice) expect(all.some((f) => f.startsWith(advice))).toBe(true);
  });
});

describe('KubeRay v1.7.0 rejects these: the matching kuberay/* rule reports them', () => {
  it.each(REJECTED.map((c) => [`${c.upstream} → ${c.rule}`, c] as const))('%s', (_name, c) => {
    expect(findings(c).map((f) => f.split(' ')[1])).toContain(c.rule);
  });
});

describe('the table', () => {
  it('counts accepted, rejected and documented exceptions, and covers most kuberay/* rules', () => {
    const covered = new Set(REJECTED.map((c) => c.rule!).filter((id) => !RAYCRONJOB_RULE.test(id)));
    const cronRules = new Set(REJECTED.map((c) => c.rule!).filter((id) => RAYCRONJOB_RULE.test(id)));
    const uncovered = KUBERAY_RULES.map((r) => r.id).filter((id) => !covered.has(id));
    console.log(
      `KubeRay v1.7.0 test cases as manifests: ${ACCEPTED.length} accepted, ${REJECTED.length} rejected, ` +
        `${UPSTREAM_EXCEPTIONS.length} documented exceptions; ${covered.size}/${KUBERAY_RULES.length} kuberay/* rules covered, ` +
        `plus ${cronRules.size} RayCronJob checks` +
        (uncovered.length ? ` (not in upstream's tests: ${uncovered.join(', ')})` : ''),
    );
    expect(ACCEPTED.length).toBeGreaterThanOrEqual(60);
    expect(REJECTED.length).toBeGreaterThanOrEqual(130);
    expect(covered.size).toBeGreaterThanOrEqual(KUBERAY_RULES.length - 10);
  });

  it('names every upstream case once, and only registered rules', () => {
    const names = [...CASES.map((c) => c.upstream), ...UPSTREAM_EXCEPTIONS.map((e) => e.upstream)];
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    const ids = new Set(KUBERAY_RULES.map((r) => r.id));
    expect(REJECTED.map((c) => c.rule!).filter((id) => !ids.has(id) && !RAYCRONJOB_RULE.test(id))).toEqual([]);
  });
});
