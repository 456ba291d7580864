import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ENVIRONMENTS } from '../src/environments';
import { synthToDist } from '../src/synth';
import { gke, withChanges } from './support/environments';
import { synthesizedRoot } from './support/synthesized';

const repo = join(__dirname, '..');

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[relative(dir, join(entry.parentPath, entry.name))] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

describe('synth writes argocd/<env>/ beside dist/<env>/', () => {
  test('for every environment, as committed, with the bootstrap at the top and the children in apps/', () => {
    const files = tree(join(synthesizedRoot(), 'argocd'));
    for (const env of ENVIRONMENTS) {
      expect(Object.keys(files)).toEqual(expect.arrayContaining([`${env.name}/bootstrap.k8s.yaml`, `${env.name}/apps/kuberay-operator.k8s.yaml`, `${env.name}/apps/ray-sandbox.k8s.yaml`]));
    }
    expect(files).toEqual(tree(join(repo, 'argocd')));
  });

  test('a failed synth leaves dist/ and argocd/ exactly as they were', () => {
    const out = mkdtempSync(join(tmpdir(), 'synth-argocd-fail-'));
    for (const folder of ['dist', 'argocd']) {
      mkdirSync(join(out, folder, 'gke'), { recursive: true });
      writeFileSync(join(out, folder, 'gke', 'previous.k8s.yaml'), 'previous\n');
    }
    const before = tree(out);
    // More CPU workers than the CPU pool holds at maxNodes: only the validator (policy/pool-capacity) sees it.
    const huge = withChanges(gke(), { workloads: { sandbox: { maxCpuWorkers: 1000 } } });
    expect(() => synthToDist([ENVIRONMENTS[0], huge], join(out, 'dist'), true, join(out, 'argocd'))).toThrow(/policy\/pool-capacity/);
    expect(tree(out)).toEqual(before);
    expect(readdirSync(out).sort()).toEqual(['argocd', 'dist']);
  });
});
