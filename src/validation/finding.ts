/**
 * How bad a finding is. An `error` is something the API server, KubeRay or Ray rejects, or a
 * workload that cannot run: it fails synth and `validate`. A `warning` is something that works
 * but is risky or likely unintended: it is printed, and fails only under `--strict`.
 */
export type Severity = 'error' | 'warning';

/**
 * One problem found in one Kubernetes object. Validators return findings; the caller adds
 * where the object came from (environment, chart) when it reports them.
 */
export interface Finding {
  /** Which check produced it, e.g. `crd-schema`, `kuberay/min-le-max`, `policy/gpu-toleration`. */
  readonly rule: string;
  /**
   * Field path inside the object in kubectl's notation (`src/k8s/field-path.ts`), e.g.
   * `spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits[nvidia.com/gpu]`; `` for the whole object.
   */
  readonly path: string;
  /** What is wrong and what was expected, e.g. `minReplicas (3) must be <= maxReplicas (2)`. */
  readonly message: string;
  /** @default 'error' */
  readonly severity?: Severity;
}

/** The severity of a finding (`error` unless it says otherwise). */
export function severityOf(finding: Finding): Severity {
  return finding.severity ?? 'error';
}
