import type { EnvironmentDefinition } from '../src/app';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ApiObject, JsonPatch, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import { environmentApp } from '../src/app';
import { ENVIRONMENTS } from '../src/environments';

import { RayCluster } from '../src/ray/ray-cluster';
import { publish, readCharts, synthToDist, synthesize } from '../src/synth';
import { formatFinding, validateEnvironment } from '../src/validation/validate';
import { cpuPool, gke, withChanges } from './support/environments';
import { synthesizedRoot } from './support/synthesized';

const repo = join(__dirname, '..');

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) =>
    readdirSync(d, { withFileTypes: true }).forEach((e) =>
      e.isDirectory() ? walk(join(d, e.name)) : (files[relative(dir, join(d, e.name))] = readFileSync(join(d, e.name), 'utf8')),
    );
  walk(dir);
  return files;
}

/** Synthesizes one environment with a raw JSON patch on its sandbox RayCluster, and validates it like synth does. */
function findingsWithPatch(env: EnvironmentDefinition, ...patches: JsonPatch[]): string[] {
  const app = environmentApp(env, mkdtempSync(join(tmpdir(), 'synth-test-')));
  const cluster = app.node.findAll().find((c): c is RayCluster => c instanceof RayCluster)!;
  ApiObject.of(cluster.apiObject).addJsonPatch(...patches);
  app.synth();
  return validateEnvironment(env, readCharts(app.outdir)).map(formatFinding);
}

describe('synth', () => {
  // The one test that checks today's data: the committed output must be what synth writes
  // (run `npm run synth` and commit dist/ and argocd/ after changing an environment or a construct).
  test('is deterministic, and the committed dist/ and argocd/ equal a fresh synth', () => {
    const a = synthesizedRoot();
    const b = mkdtempSync(join(tmpdir(), 'synth-b-'));
    synthToDist(ENVIRONMENTS, join(b, 'dist'), true);
    expect(tree(a)).toEqual(tree(b));
    expect(tree(join(a, 'dist')), 'dist/ is stale: run npm run synth and commit it').toEqual(tree(join(repo, 'dist')));
    expect(tree(join(a, 'argocd')), 'argocd/ is stale: run npm run synth and commit it').toEqual(tree(join(repo, 'argocd')));
  });

  test('a failed synth leaves the output folder exactly as it was', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'synth-fail-')), 'dist');
    mkdirSync(join(out, 'gke'), { recursive: true });
    writeFileSync(join(out, 'gke', 'ray-sandbox.k8s.yaml'), 'previous\n');
    const before = tree(join(out, '..'));
    // More CPU workers than the CPU pool holds at maxNodes: only the validator (policy/pool-capacity) sees it.
    const huge = withChanges(gke(), { workloads: { sandbox: { maxCpuWorkers: 1000 } } });
    expect(() => synthToDist([ENVIRONMENTS[0], huge], out, true)).toThrow(/policy\/pool-capacity/);
    expect(tree(join(out, '..'))).toEqual(before);
  });
});

describe('synth writes', () => {
  const inFolder = (files: Record<string, string>, folder: string) =>
    Object.fromEntries(Object.entries(files).filter(([file]) => file.startsWith(`${folder}/`)));

  test("each environment's folders whole, and removes other environments' folders only when all are synthesized", () => {
    // GIVEN output folders holding a chart and a folder that synth no longer writes, and a retired environment
    const root = mkdtempSync(join(tmpdir(), 'synth-write-'));
    const [dist, argocd] = [join(root, 'dist'), join(root, 'argocd')];
    const [env] = ENVIRONMENTS;
    for (const base of [dist, argocd]) {
      mkdirSync(join(base, env.name, 'old', 'deeper'), { recursive: true });
      writeFileSync(join(base, env.name, 'removed-chart.k8s.yaml'), 'previous\n');
      writeFileSync(join(base, env.name, 'old', 'deeper', 'x.yaml'), 'previous\n');
      mkdirSync(join(base, 'retired'));
      writeFileSync(join(base, 'retired', 'a.k8s.yaml'), 'previous\n');
    }
    const fresh = tree(synthesizedRoot());

    // WHEN one environment is synthesized by name
    const named = publish(synthesize([env], dist, argocd), dist, false, argocd);
    // THEN its folders hold exactly what a fresh synth writes, it says what it removed, and the retired environment stays
    expect(named.removed.map((path) => relative(root, path)).sort()).toEqual(
      ['argocd', 'dist'].flatMap((base) => [`${base}/${env.name}/old`, `${base}/${env.name}/removed-chart.k8s.yaml`]),
    );
    let written = tree(root);
    for (const base of ['dist', 'argocd']) expect(inFolder(written, `${base}/${env.name}`)).toEqual(inFolder(fresh, `${base}/${env.name}`));
    expect(inFolder(written, 'dist/retired')).toEqual({ 'dist/retired/a.k8s.yaml': 'previous\n' });

    // WHEN every environment is synthesized (the list given is all there is)
    const all = publish(synthesize([env], dist, argocd), dist, true, argocd);
    // THEN the retired environment's folders are gone, and said to be
    expect(all.removed.map((path) => relative(root, path)).sort()).toEqual(['argocd/retired', 'dist/retired']);
    written = tree(root);
    expect(Object.keys(written).filter((file) => file.includes('retired'))).toEqual([]);
    expect(readdirSync(dist)).toEqual([env.name]);
  });
});

describe('broken configs fail with a message that names the field', () => {
  test('a negative number of GPU workers is refused, not read as 0 (which would leave the GPU group out)', () => {
    const env = withChanges(gke(), { workloads: { sandbox: { maxGpuWorkers: -1 }, modelGateway: { maxGpuWorkers: -1 } } });
    expect(() => synthesize([env], mkdtempSync(join(tmpdir(), 'negative-gpus-')))).toThrow(
      ["environment 'gke': workloads.sandbox.maxGpuWorkers: expected >= 0, got -1", "environment 'gke': workloads.modelGateway.maxGpuWorkers: expected >= 0, got -1"].join('\n'),
    );
  });

  test('an unknown field', () => {
    expect(findingsWithPatch(gke(), JsonPatch.add('/spec/workerGroupSpecs/0/replicass', 1))).toEqual([
      expect.stringMatching(/^\[gke\] ray-sandbox\.k8s\.yaml RayCluster\/sandbox spec\.workerGroupSpecs\[0\]\.replicass: unknown field "replicass"/),
    ]);
  });

  test('a GPU group without its toleration', () => {
    expect(findingsWithPatch(gke(), JsonPatch.remove('/spec/workerGroupSpecs/1/template/spec/tolerations'))).toEqual([
      expect.stringMatching(/RayCluster\/sandbox spec\.workerGroupSpecs\[1\]\.template\.spec: pod requests 1 GPU\(s\) but can land on no node pool of environment 'gke': .*no toleration for nvidia\.com\/gpu=present:NoSchedule/),
    ]);
  });

  test('a malformed quantity', () => {
    const findings = findingsWithPatch(gke(), JsonPatch.replace('/spec/workerGroupSpecs/0/template/spec/containers/0/resources/limits/cpu', '2x'));
    expect(findings.some((f) => f.includes('spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits.cpu'))).toBe(true);
  });

  test('replicas outside min/max', () => {
    const env = withChanges(gke(), { workloads: { sandbox: { maxCpuWorkers: 0 } } });
    expect(() => synthToDist([env], join(mkdtempSync(join(tmpdir(), 'x-')), 'dist'), true)).toThrow(
      "environment 'gke': workloads.sandbox.maxCpuWorkers: expected >= minReplicas (1), got 0 (ray-sandbox/Cluster: workerGroups[0].maxReplicas)",
    );
  });

  test('an image tag that does not match rayVersion', () => {
    const env = gke();
    const broken = withChanges(env, { ray: { ...env.ray, gpuImage: { ...env.ray.gpuImage, tag: '2.9.0-py311-gpu' } } });
    expect(() => synthToDist([broken], join(mkdtempSync(join(tmpdir(), 'x-')), 'dist'), true)).toThrow(
      `environment 'gke': ray.gpuImage.tag: expected a tag starting with ray.version '${env.ray.version}', got '2.9.0-py311-gpu'`,
    );
    const findings = findingsWithPatch(env, JsonPatch.replace('/spec/workerGroupSpecs/1/template/spec/containers/0/image', 'rayproject/ray:2.9.0-gpu'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toContain('spec.workerGroupSpecs[1].template.spec.containers[0].image: ');
    expect(findings[0]).toContain(`expected an image tag that starts with rayVersion '${env.ray.version}' (e.g. ${env.ray.version}-py311), got '2.9.0-gpu'`);
  });

  test('a pod bigger than its node is an error at the environment field that sizes it', () => {
    // GIVEN a CPU worker asking for all the memory of its machine (more than is left after the reserve)
    const pool = cpuPool(gke());
    const memory = pool.shape.memory.toGibibytes();
    const reserved = pool.shape.reservedMemory.toGibibytes();
    const env = withChanges(gke(), { workloads: { sandbox: { cpuWorker: { cpu: Cpu.units(1), memory: Size.gibibytes(memory) } } } });
    expect(() => synthToDist([env], join(mkdtempSync(join(tmpdir(), 'x-')), 'dist'), true)).toThrow(
      `environment 'gke': workloads.sandbox.cpuWorker.memory: expected at most ${memory - reserved}Gi, what a ${pool.instanceType} node of pool '${pool.name}' allocates (${memory}Gi minus ${reserved}Gi reserved), got ${memory}Gi (ray-sandbox/Cluster: workerGroups[0].resources.memory)`,
    );
  });
});
