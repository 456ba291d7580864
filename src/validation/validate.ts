import { RayEnvironment } from '../environments/types';
import { embeddedObjects } from '../k8s/argo-workflows';
import { embeddedPath } from '../k8s/field-path';
import { Finding, Severity, severityOf } from './finding';
import { FeatureGates, checkKubeRay } from './kuberay';
import { Json } from '../k8s/pod-templates';
import { ENVIRONMENT_POLICIES, OBJECT_POLICIES } from './policies';
import { checkServeConfigV2 } from './ray-serve/serve-config';
import { SchemaValidator } from './schema';

/** A finding about one object of the environment's output. */
export interface ObjectFinding extends Finding {
  /** `kind` of the object. */
  readonly kind: string;
  /** `metadata.name` (or `generateName`) of the object. */
  readonly name: string;
}

/** One synthesized file (one chart) of an environment. */
export interface ChartManifests {
  /** Chart id, the file's base name. */
  readonly chart: string;
  readonly objects: readonly Json[];
}

/** A finding with everything a reader needs to find the problem. */
export interface LocatedFinding extends ObjectFinding {
  readonly environment: string;
  readonly chart: string;
}

function objectName(obj: Json): string {
  return obj.metadata?.name ?? obj.metadata?.generateName ?? '<unnamed>';
}

/** How {@link validateManifests} judges objects besides their own content. */
export interface ValidateOptions {
  /**
   * Feature gates of the KubeRay operator the objects go to.
   * @default - KubeRay v1.7.0's defaults
   */
  readonly featureGates?: Partial<FeatureGates>;
}

/**
 * Runs every check on every object: the Kubernetes or CRD schema (strict), KubeRay's
 * reconcile-time rules, a RayService's Serve config against Ray's Serve schema, and our policies. Objects embedded in Argo `resource` templates are
 * checked too. With an `environment`, the policies that need one (node pools, prerequisites,
 * cross-object checks over `environmentObjects`, default: the objects themselves) run as well;
 * without one they are skipped. Each finding has its severity set.
 */
export function validateManifests(
  objects: readonly object[],
  environment: RayEnvironment | undefined,
  environmentObjects: readonly object[] = objects,
  options: ValidateOptions = {},
): ObjectFinding[] {
  const schema = SchemaValidator.shared();
  const context = environment && { environment, objects: environmentObjects as readonly Json[] };
  const kubeRayOptions = { featureGates: options.featureGates };
  const findings: ObjectFinding[] = [];
  // Every check of one object in report order; `add` places each finding (severity set) in the output.
  const checkOne = (obj: Json, add: (finding: Finding, severity: Severity) => void): void => {
    for (const f of schema.validate(obj)) add(f, severityOf(f));
    if (obj.apiVersion === 'ray.io/v1') {
      for (const f of checkKubeRay(obj, kubeRayOptions)) add(f, severityOf(f));
      for (const f of checkServeConfigV2(obj)) add(f, severityOf(f));
    }
    for (const policy of OBJECT_POLICIES) for (const f of policy.check(obj)) add(f, f.severity ?? policy.severity ?? 'error');
    if (context) for (const policy of ENVIRONMENT_POLICIES) for (const f of policy.check(obj, context)) add(f, f.severity ?? policy.severity ?? 'error');
  };
  for (const obj of objects as readonly Json[]) {
    const kind = String(obj.kind);
    const name = objectName(obj);
    checkOne(obj, (f, severity) => findings.push({ ...f, severity, kind, name }));
    for (const { path, object } of embeddedObjects(obj)) {
      const embeddedKind = String(object.kind);
      checkOne(object, (f, severity) => findings.push({ ...f, severity, path: embeddedPath(path, embeddedKind, f.path), kind, name }));
    }
  }
  return findings;
}

/** Validates every chart of an environment; findings say environment, chart, object and field. */
export function validateEnvironment(environment: RayEnvironment, charts: readonly ChartManifests[]): LocatedFinding[] {
  const everything = charts.flatMap((c) => c.objects);
  return charts.flatMap((c) =>
    validateManifests(c.objects, environment, everything).map((f) => ({ ...f, environment: environment.name, chart: c.chart })),
  );
}

/** `[gke] ray-sandbox.k8s.yaml RayCluster/sandbox spec.x: message (rule)`, warnings marked `warning:`. */
export function formatFinding(f: LocatedFinding): string {
  const level = severityOf(f) === 'warning' ? 'warning: ' : '';
  return `[${f.environment}] ${f.chart}.k8s.yaml ${f.kind}/${f.name} ${f.path || '<object>'}: ${level}${f.message} (${f.rule})`;
}
