/**
 * One problem found in one Kubernetes object. Validators return findings; the caller adds
 * where the object came from (environment, chart) when it reports them.
 */
export interface Finding {
  /** Which check produced it, e.g. `crd-schema`, `kuberay/min-le-max`, `policy/gpu-toleration`. */
  readonly rule: string;
  /**
   * Field path inside the object in kubectl's notation, e.g.
   * `spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits.cpu`; `` for the whole object.
   */
  readonly path: string;
  /** What is wrong and what was expected, e.g. `minReplicas (3) must be <= maxReplicas (2)`. */
  readonly message: string;
}

/** Joins path segments into kubectl's notation: `spec`, `a[0]`, `a[0].b`. */
export function fieldPath(...segments: (string | number)[]): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number') return `${path}[${segment}]`;
    return path === '' ? segment : `${path}.${segment}`;
  }, '');
}
