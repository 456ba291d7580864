import { describe, expect, it } from 'vitest';
import { KUBERAY_FEATURE_GATE_DEFAULTS, KUBERAY_RULES, checkKubeRay } from '../../../src/validation/kuberay';
import { goDurationIsPositive } from '../../../src/validation/kuberay/go-duration';
import { isQualifiedName } from '../../../src/k8s/names';
import { parseRayVersion } from '../../../src/validation/kuberay/ray-version';
import { Obj, rayCluster, rayJob, rayService, selectorRayJob, withAutoscalerV2, withDeletionRules } from './fixtures';

/** Breaks the same two things in a cluster spec: minReplicas > maxReplicas, and no head containers. */
function breakCluster(spec: Obj): void {
  Object.assign(spec.workerGroupSpecs[1], { minReplicas: 3, maxReplicas: 2, replicas: 2 });
  spec.headGroupSpec.template.spec.containers = [];
}

function rulePaths(obj: Obj): string[] {
  return checkKubeRay(obj).map((f) => `${f.rule} ${f.path}`);
}

describe('checkKubeRay', () => {
  it.each([
    ['RayCluster', rayCluster],
    ['RayCluster with autoscaler v2', () => Object.assign(rayCluster(), { spec: withAutoscalerV2(rayCluster().spec) })],
    ['RayJob', rayJob],
    ['RayJob on an existing cluster', selectorRayJob],
    ['RayJob with deletion rules', () => withDeletionRules(rayJob())],
    ['RayService', rayService],
  ])('finds nothing in a valid %s', (_name, fixture) => {
    expect(checkKubeRay(fixture())).toEqual([]);
  });

  it.each([
    ['RayJob', rayJob, 'rayClusterSpec'],
    ['RayService', rayService, 'rayClusterConfig'],
  ])('checks a %s cluster spec with the cluster rules under its own path', (_kind, fixture, key) => {
    const obj = fixture();
    breakCluster(obj.spec[key]);
    expect(rulePaths(obj)).toEqual([
      `kuberay/head-container-required spec.${key}.headGroupSpec.template.spec.containers`,
      `kuberay/min-replicas-le-max spec.${key}.workerGroupSpecs[1].minReplicas`,
    ]);
  });

  it('reads the FT annotations of the RayJob that holds the cluster spec', () => {
    const job = rayJob();
    job.metadata.annotations = { 'ray.io/ft-enabled': 'true' };
    job.spec.rayClusterSpec.gcsFaultToleranceOptions = { redisAddress: 'redis:6379' };
    expect(rulePaths(job)).toEqual(['kuberay/ft-annotation-or-options metadata.annotations[ray.io/ft-enabled]']);
  });

  it('reports every violation, not only the first as the operator does', () => {
    const cluster = rayCluster();
    cluster.metadata.name = 'Bad_Name';
    breakCluster(cluster.spec);
    cluster.spec.workerGroupSpecs[0].idleTimeoutSeconds = -1;
    expect(rulePaths(cluster)).toEqual([
      'kuberay/name-dns1035-label metadata.name',
      'kuberay/head-container-required spec.headGroupSpec.template.spec.containers',
      'kuberay/min-replicas-le-max spec.workerGroupSpecs[1].minReplicas',
      'kuberay/worker-idle-timeout spec.workerGroupSpecs[0].idleTimeoutSeconds',
      'kuberay/worker-idle-timeout spec.workerGroupSpecs[0].idleTimeoutSeconds',
    ]);
  });

  it('says what is wrong, what was expected, and what the operator does', () => {
    const cluster = rayCluster();
    breakCluster(cluster.spec);
    const [, minMax] = checkKubeRay(cluster);
    expect(minMax.message).toBe(
      "worker group 'gpu' has minReplicas 3 greater than maxReplicas 2, expected minReplicas <= maxReplicas; " +
        'the KubeRay v1.7.0 operator rejects this in its reconcile loop after the apply succeeded: ' +
        'it records an InvalidRayClusterSpec event and creates no Pods',
    );
    const job = rayJob();
    job.spec.backoffLimit = -1;
    expect(checkKubeRay(job)[0].message).toMatch(
      /backoffLimit is -1, expected >= 0; .*RayJob goes to ValidationFailed/,
    );
  });

  it('takes feature gates from the options, v1.7.0 defaults otherwise', () => {
    const cluster = rayCluster();
    cluster.spec.networkPolicy = { mode: 'DenyAll' };
    expect(KUBERAY_FEATURE_GATE_DEFAULTS.RayClusterNetworkPolicy).toBe(false);
    expect(rulePaths(cluster)).toEqual(['kuberay/network-policy-requires-gate spec.networkPolicy']);
    expect(checkKubeRay(cluster, { featureGates: { RayClusterNetworkPolicy: true } })).toEqual([]);
  });

  it('ignores objects that are not RayCluster, RayJob or RayService', () => {
    expect(checkKubeRay({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Not_Valid' } })).toEqual([]);
    expect(checkKubeRay({ ...rayCluster(), apiVersion: 'example.com/v1' })).toEqual([]);
    expect(checkKubeRay({ ...rayCluster(), apiVersion: 'ray.io/v1alpha1', metadata: { name: 'Not_Valid' } })).toEqual(
      [],
    );
  });

  it('does not throw on wrongly typed fields (the schema step reports those)', () => {
    const cluster = rayCluster();
    Object.assign(cluster.spec, { workerGroupSpecs: 'cpu', headGroupSpec: [], autoscalerOptions: 7 });
    expect(() => checkKubeRay(cluster)).not.toThrow();
  });

  it('registers rules with unique ids under kuberay/', () => {
    const ids = KUBERAY_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^kuberay\/[a-z0-9-]+$/.test(id))).toBe(true);
  });
});

describe('Go and Kubernetes grammars the rules rely on', () => {
  it.each([
    ['5m', true],
    ['1h30m', true],
    ['.5s', true],
    ['1.5µs', true],
    ['+2h', true],
    ['0', false],
    ['-1s', false],
    ['0s', false],
    ['300', undefined],
    ['5 m', undefined],
    ['1d', undefined],
    ['.s', undefined],
    ['', undefined],
  ])('Go duration %j: positive %s', (text, expected) => {
    expect(goDurationIsPositive(text)).toBe(expected);
  });

  it.each([
    ['2.52.0', [2, 52, 0]],
    ['v2.56', [2, 56]],
    ['2.52.0rc1', [2, 52, 0]],
    ['2', undefined],
    ['02.1', undefined],
    ['latest', undefined],
  ])('Ray version %j parses to %j', (text, expected) => {
    expect(parseRayVersion(text)).toEqual(expected);
  });

  it.each([
    ['zone', true],
    ['example.com/zone', true],
    ['a/b/c', false],
    ['Example.com/zone', false],
    ['-zone', false],
    ['x'.repeat(64), false],
  ])('label key %j valid: %s', (key, expected) => {
    expect(isQualifiedName(key)).toBe(expected);
  });
});

describe('generateName (RayJobs created by Argo resource templates)', () => {
  const job = (metadata: Record<string, string>) => ({
    apiVersion: 'ray.io/v1',
    kind: 'RayJob',
    metadata,
    spec: { entrypoint: 'python -m x', clusterSelector: { 'ray.io/cluster': 'c' } },
  });
  it('a short prefix passes; a prefix that leaves no room for the 5-character suffix fails at generateName', () => {
    expect(checkKubeRay(job({ generateName: 'wikipedia-tokenize-' })).filter((f) => f.rule.startsWith('kuberay/name'))).toEqual([]);
    const findings = checkKubeRay(job({ generateName: `${'a'.repeat(43)}-` })).filter((f) => f.rule.startsWith('kuberay/name'));
    expect(findings).toEqual([expect.objectContaining({ rule: 'kuberay/name-max-length', path: 'metadata.generateName' })]);
  });
});
