import { Finding } from '../finding';
import { ClusterScope, KUBERAY_KINDS, KubeRayKind } from './cluster-scope';
import { FeatureGates } from './feature-gates';
import { JsonObject } from './json';

/** What every rule sees besides the object itself. */
export interface RuleContext {
  readonly kind: KubeRayKind;
  /** The operator's feature gates as declared by the caller (v1.7.0 defaults otherwise). */
  readonly gates: FeatureGates;
  /** The object's cluster spec; `undefined` for a RayJob that selects an existing cluster. */
  readonly cluster: ClusterScope | undefined;
}

/** One KubeRay v1.7.0 semantic rule. */
export interface KubeRayRule {
  /** `kuberay/<name>`, the `rule` of every finding it returns. */
  readonly id: string;
  /** One line: what the rule requires. */
  readonly description: string;
  readonly appliesTo: readonly KubeRayKind[];
  check(obj: JsonObject, ctx: RuleContext): Finding[];
}

/** A problem as a rule states it; the rule adds its id and what KubeRay does about it. */
export interface Violation {
  readonly path: string;
  readonly message: string;
}

/**
 * What happens when KubeRay meets a violation. Most rules mirror `validation.go`, which the
 * operator runs in its reconcile loop: the apply succeeds, Argo CD shows "Synced", and the
 * workload never starts. A few rules name their own outcome.
 */
export type Outcome = 'reconcile' | 'child-cluster' | 'webhook';

const RECONCILE_EFFECT: Readonly<Record<KubeRayKind, string>> = {
  RayCluster: 'it records an InvalidRayClusterSpec event and creates no Pods',
  RayJob: 'the RayJob goes to ValidationFailed and never runs',
  RayService: 'it records an InvalidRayServiceSpec event and stops reconciling',
};

function outcomeText(outcome: Outcome, kind: KubeRayKind): string {
  switch (outcome) {
    case 'reconcile':
      return `the KubeRay v1.7.0 operator rejects this in its reconcile loop after the apply succeeded: ${RECONCILE_EFFECT[kind]}`;
    case 'child-cluster':
      return `the KubeRay v1.7.0 operator rejects the RayCluster it creates from this ${kind} in its reconcile loop: that cluster gets no Pods`;
    case 'webhook':
      return "KubeRay's optional validating webhook rejects this at admission; without it the operator, which selects a group's Pods by its name, mixes up the groups";
  }
}

interface RuleSpec<T> {
  readonly id: string;
  readonly description: string;
  /**
   * What KubeRay does about a violation, fixed or per kind of the object checked.
   * @default 'reconcile'
   */
  readonly outcome?: Outcome | ((kind: KubeRayKind) => Outcome);
  readonly violations: (subject: T, ctx: RuleContext) => Violation[];
}

function toFindings(
  spec: Pick<RuleSpec<unknown>, 'id' | 'outcome'>,
  kind: KubeRayKind,
  violations: Violation[],
): Finding[] {
  if (violations.length === 0) return [];
  const outcome = typeof spec.outcome === 'function' ? spec.outcome(kind) : (spec.outcome ?? 'reconcile');
  return violations.map((v) => ({
    rule: spec.id,
    path: v.path,
    message: `${v.message}; ${outcomeText(outcome, kind)}`,
  }));
}

/** A rule about the top-level object of the given kinds. */
export function objectRule(appliesTo: readonly KubeRayKind[], spec: RuleSpec<JsonObject>): KubeRayRule {
  return {
    id: spec.id,
    description: spec.description,
    appliesTo,
    check: (obj, ctx) => toFindings(spec, ctx.kind, spec.violations(obj, ctx)),
  };
}

/**
 * A rule about a cluster spec: runs on a RayCluster's `spec`, a RayJob's `spec.rayClusterSpec`
 * and a RayService's `spec.rayClusterConfig`, reporting paths under that prefix.
 */
export function clusterRule(spec: RuleSpec<ClusterScope>): KubeRayRule {
  return {
    id: spec.id,
    description: spec.description,
    appliesTo: KUBERAY_KINDS,
    check: (_obj, ctx) =>
      ctx.cluster === undefined ? [] : toFindings(spec, ctx.kind, spec.violations(ctx.cluster, ctx)),
  };
}

/** `[violation]` when `condition` holds, else `[]`: keeps one-check rules to one expression. */
export function when(condition: boolean, path: string, message: string): Violation[] {
  return condition ? [{ path, message }] : [];
}
