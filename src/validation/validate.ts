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
  return findingsPerObject(objects as readonly Json[], environment, environmentObjects as readonly Json[], options).flat();
}

/** One object to check (a top-level object or one embedded in it) and where its findings go. */
interface CheckedObject {
  readonly obj: Json;
  readonly findings: ObjectFinding[];
  readonly place: (f: Finding, severity: Severity) => ObjectFinding;
}

/**
 * {@link validateManifests}' findings, one list per object of `objects` (its own findings, then
 * those of the objects embedded in it). The checks run one at a time over every object, so each
 * check's code stays warm (measured: the bench's all-environments ratio 1.48x -> 1.42x against
 * every check of one object, then the next); each object's findings are in check order all the same.
 */
function findingsPerObject(
  objects: readonly Json[],
  environment: RayEnvironment | undefined,
  environmentObjects: readonly Json[],
  options: ValidateOptions,
): ObjectFinding[][] {
  const schema = SchemaValidator.shared();
  const context = environment && { environment, objects: environmentObjects };
  const kubeRayOptions = { featureGates: options.featureGates };
  const perObject = objects.map((obj) => {
    const kind = String(obj.kind);
    const name = objectName(obj);
    const own: CheckedObject = { obj, findings: [], place: (f, severity) => ({ ...f, severity, kind, name }) };
    const embedded = embeddedObjects(obj).map(({ path, object }): CheckedObject => {
      const embeddedKind = String(object.kind);
      return { obj: object, findings: [], place: (f, severity) => ({ ...f, severity, path: embeddedPath(path, embeddedKind, f.path), kind, name }) };
    });
    return [own, ...embedded];
  });
  const checked = perObject.flat();
  const each = (check: (obj: Json) => Iterable<Finding>, severity: (f: Finding) => Severity): void => {
    for (const c of checked) for (const f of check(c.obj)) c.findings.push(c.place(f, severity(f)));
  };
  each((obj) => schema.validate(obj), severityOf);
  each((obj) => (obj.apiVersion === 'ray.io/v1' ? [...checkKubeRay(obj, kubeRayOptions), ...checkServeConfigV2(obj)] : []), severityOf);
  for (const policy of OBJECT_POLICIES) each((obj) => policy.check(obj), (f) => f.severity ?? policy.severity ?? 'error');
  if (context) for (const policy of ENVIRONMENT_POLICIES) each((obj) => policy.check(obj, context), (f) => f.severity ?? policy.severity ?? 'error');
  return perObject.map((list) => list.flatMap((c) => c.findings));
}

/** Validates every chart of an environment; findings say environment, chart, object and field. */
export function validateEnvironment(environment: RayEnvironment, charts: readonly ChartManifests[]): LocatedFinding[] {
  const everything = charts.flatMap((c) => c.objects);
  const perObject = findingsPerObject(everything, environment, everything, {});
  let next = 0;
  return charts.flatMap((c) => c.objects.flatMap(() => perObject[next++]).map((f) => ({ ...f, environment: environment.name, chart: c.chart })));
}

/** `[gke] ray-sandbox.k8s.yaml RayCluster/sandbox spec.x: message (rule)`, warnings marked `warning:`. */
export function formatFinding(f: LocatedFinding): string {
  const level = severityOf(f) === 'warning' ? 'warning: ' : '';
  return `[${f.environment}] ${f.chart}.k8s.yaml ${f.kind}/${f.name} ${f.path || '<object>'}: ${level}${f.message} (${f.rule})`;
}
