import { RayEnvironment } from '../environments/types';
import { embeddedObjects } from './argo-workflows';
import { Finding } from './finding';
import { checkKubeRay } from './kuberay';
import { Json } from '../k8s/pod-templates';
import { POLICIES } from './policies';
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

/**
 * Runs every check on every object of one environment: the Kubernetes or CRD schema
 * (strict), KubeRay's reconcile-time rules, and our policies. Objects embedded in Argo
 * `resource` templates are checked too. Cross-object policies see `environmentObjects`
 * (default: the objects themselves).
 */
export function validateManifests(
  objects: readonly object[],
  environment: RayEnvironment,
  environmentObjects: readonly object[] = objects,
): ObjectFinding[] {
  const schema = SchemaValidator.shared();
  const context = { environment, objects: environmentObjects as readonly Json[] };
  const checkOne = (obj: Json): Finding[] => [
    ...schema.validate(obj),
    ...(obj.apiVersion === 'ray.io/v1' ? checkKubeRay(obj) : []),
    ...POLICIES.flatMap((policy) => policy.check(obj, context)),
  ];
  return (objects as readonly Json[]).flatMap((obj) => {
    const own = checkOne(obj).map((f) => ({ ...f, kind: String(obj.kind), name: objectName(obj) }));
    const embedded = embeddedObjects(obj).flatMap(({ path, object }) =>
      checkOne(object).map((f) => ({
        ...f,
        path: `${path}(${object.kind}).${f.path}`,
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

/** `[gke] ray-sandbox.k8s.yaml RayCluster/sandbox spec.x: message (rule)` */
export function formatFinding(f: LocatedFinding): string {
  return `[${f.environment}] ${f.chart}.k8s.yaml ${f.kind}/${f.name} ${f.path || '<object>'}: ${f.message} (${f.rule})`;
}
