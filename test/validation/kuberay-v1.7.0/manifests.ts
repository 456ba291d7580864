import type { FeatureGates } from '../../../src/validation/kuberay';

/**
 * Manifests for the cases after KubeRay v1.7.0's own validation tests: small, valid objects
 * (schema, `kuberay/*` and object policies all silent) that each case changes in one spot.
 * Typed loosely on purpose: the rejected cases write invalid shapes.
 */
export type Obj = Record<string, any>;

/** One case after one upstream test case. */
export interface UpstreamCase {
  /**
   * `<Go test function>/<case name>` of `ray-operator/controllers/ray/utils/validation_test.go`
   * or `ray-operator/pkg/webhooks/v1/*_webhook_test.go` at v1.7.0.
   */
  readonly upstream: string;
  /** The `kuberay/*` rule the manifest must trigger; absent when KubeRay accepts it (then nothing at all may be reported). */
  readonly rule?: string;
  /** Operator feature gates the upstream case sets. @default - v1.7.0 defaults */
  readonly gates?: Partial<FeatureGates>;
  readonly manifest: () => Obj;
  /**
   * A `policy/*` warning an accepted case must get (our stricter advice on what KubeRay accepts
   * silently); it stays a warning, so synth and `validate` without `--strict` pass.
   */
  readonly policyWarning?: string;
}

/** An accepted case: every layer must stay silent. */
export const accepted = (upstream: string, manifest: () => Obj, gates?: Partial<FeatureGates>, policyWarning?: string): UpstreamCase => ({
  upstream,
  manifest,
  gates,
  policyWarning,
});

/** A rejected case: `rule` must report it. */
export const rejected = (upstream: string, rule: string, manifest: () => Obj, gates?: Partial<FeatureGates>): UpstreamCase => ({
  upstream,
  rule,
  manifest,
  gates,
});

export const RAY_VERSION = '2.52.0';

/** A Ray container with pinned image and equal requests and limits (what our policies ask). */
export function rayContainer(name: string, rayVersion = RAY_VERSION, memory = '2Gi'): Obj {
  const resources = { cpu: '1', memory };
  return { name, image: `rayproject/ray:${rayVersion}`, resources: { requests: { ...resources }, limits: { ...resources } } };
}

/** A worker group of one CPU worker, autoscaling bounds 0..3. */
export function workerGroup(groupName = 'cpu', rayVersion = RAY_VERSION): Obj {
  return { groupName, replicas: 1, minReplicas: 0, maxReplicas: 3, rayStartParams: {}, template: { spec: { containers: [rayContainer('ray-worker', rayVersion)] } } };
}

/** A cluster spec: a head (4Gi, what policy/head-memory asks) and one worker group. */
export function clusterSpec(rayVersion = RAY_VERSION): Obj {
  return {
    rayVersion,
    headGroupSpec: { rayStartParams: {}, template: { spec: { containers: [rayContainer('ray-head', rayVersion, '4Gi')] } } },
    workerGroupSpecs: [workerGroup('cpu', rayVersion)],
  };
}

export function rayCluster(spec: Obj = clusterSpec(), name = 'raycluster-sample'): Obj {
  return { apiVersion: 'ray.io/v1', kind: 'RayCluster', metadata: { name }, spec };
}

/** The RayJob spec fields of a job on its own cluster, deleted when the job finishes. */
export function rayJobSpec(): Obj {
  return { entrypoint: 'python /home/ray/samples/sample_code.py', shutdownAfterJobFinishes: true, rayClusterSpec: clusterSpec() };
}

export function rayJob(spec: Obj = rayJobSpec(), name = 'rayjob-sample'): Obj {
  return { apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: { name }, spec };
}

/** A RayJob submitted to an existing cluster (KubeRay's "ClusterSelector mode"). */
export function selectorRayJob(extra: Obj = {}): Obj {
  return rayJob({ entrypoint: 'python /home/ray/samples/sample_code.py', clusterSelector: { 'ray.io/cluster': 'raycluster-sample' }, ...extra });
}

export function rayService(spec: Obj = {}, name = 'rayservice-sample'): Obj {
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayService',
    metadata: { name },
    spec: {
      serveConfigV2: 'applications:\n  - name: fruit\n    import_path: fruit.deployment_graph\n    route_prefix: /fruit\n',
      rayClusterConfig: clusterSpec(),
      ...spec,
    },
  };
}

export function rayCronJob(spec: Obj = {}, name = 'raycronjob-sample'): Obj {
  return { apiVersion: 'ray.io/v1', kind: 'RayCronJob', metadata: { name }, spec: { schedule: '*/5 * * * *', jobTemplate: rayJobSpec(), ...spec } };
}

/** Applies `edit` to a fresh `base()` and returns it. */
export function edit(base: () => Obj, change: (obj: Obj) => void): () => Obj {
  return () => {
    const obj = base();
    change(obj);
    return obj;
  };
}

/** The head group of a RayCluster, RayJob or RayService manifest. */
export function head(obj: Obj): Obj {
  return clusterOf(obj).headGroupSpec;
}

export function headContainer(obj: Obj): Obj {
  return head(obj).template.spec.containers[0];
}

export function worker(obj: Obj, i = 0): Obj {
  return clusterOf(obj).workerGroupSpecs[i];
}

export function workerContainer(obj: Obj, i = 0): Obj {
  return worker(obj, i).template.spec.containers[0];
}

export function clusterOf(obj: Obj): Obj {
  return obj.kind === 'RayJob' ? obj.spec.rayClusterSpec : obj.kind === 'RayService' ? obj.spec.rayClusterConfig : obj.spec;
}
