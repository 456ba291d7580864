import { RayEnvironment } from '../environments/types';
import { embeddedObjects } from '../k8s/argo-workflows';
import { embeddedPath } from '../k8s/field-path';
import { Finding, severityOf } from './finding';
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
  const checkOne = (obj: Json): Finding[] => [
    ...schema.validate(obj),
    ...(obj.apiVersion === 'ray.io/v1' ? [...checkKubeRay(obj, { featureGates: options.featureGates }), ...checkServeConfigV2(obj)] : []),
    ...OBJECT_POLICIES.flatMap((policy) => policy.check(obj).map((f) => ({ ...f, severity: f.severity ?? policy.severity }))),
    ...(context
      ? ENVIRONMENT_POLICIES.flatMap((policy) => policy.check(obj, context).map((f) => ({ ...f, severity: f.severity ?? policy.severity })))
      : []),
  ].map((f) => ({ ...f, severity: severityOf(f) }));
  return (objects as readonly Json[]).flatMap((obj) => {
    const own = checkOne(obj).map((f) => ({ ...f, kind: String(obj.kind), name: objectName(obj) }));
    const embedded = embeddedObjects(obj).flatMap(({ path, object }) =>
      checkOne(object).map((f) => ({
        ...f,
        path: embeddedPath(path, String(object.kind), f.path),
        kind: String(obj.kind),
        name: objectName(obj),
      })),
    );
    return [...own, ...embedded];
  });
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
