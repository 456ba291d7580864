import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cdk8sImports } from '../scripts/crd-lock';
import { RAY_VERSION } from '../src/environments/ray-runtime';
import { KUBERAY_VERSION } from '../src/k8s/kuberay-version';
import { DEFAULT_EMBEDDING_MODEL } from '../src/serving/embedding-model';

/**
 * Facts that have one home in src/ but must also be written where TypeScript can't reach (the
 * Python package, its Dockerfile, cdk8s.yaml): each copy must equal the home.
 */

const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Every capture of `pattern` (with a group) in `text`; fails the test when there is none. */
function captures(text: string, pattern: RegExp): string[] {
  const found = [...text.matchAll(new RegExp(pattern, 'gm'))].map((m) => m[1]);
  expect(found, `${pattern} in the file`).not.toEqual([]);
  return found;
}

describe('one home per fact, copies tied to it', () => {
  test('the Ray version (src/environments/ray-runtime.ts) is the one the Python package and its image pin', () => {
    expect(captures(read('python/pyproject.toml'), /"ray\[[^\]]*\]==([^"]+)"/)).toEqual([RAY_VERSION]);
    expect(captures(read('python/requirements.txt'), /^ray\[[^\]]*\]==(\S+)/)).toEqual([RAY_VERSION]);
    expect(captures(read('python/requirements-lock.txt'), /^ray==(\S+)/)).toEqual([RAY_VERSION]);
    expect(captures(read('python/Dockerfile'), /^FROM rayproject\/ray:([^-\s]+)-/)).toEqual([RAY_VERSION]);
  });

  test('the KubeRay version (src/k8s/kuberay-version.ts) is the release whose CRDs cdk8s.yaml imports', () => {
    const kuberay = cdk8sImports(ROOT).filter((c) => c.file.startsWith('kuberay/'));
    expect(kuberay.length).toBeGreaterThan(0);
    expect(new Set(kuberay.map((c) => c.version))).toEqual(new Set([`v${KUBERAY_VERSION}`]));
  });

  test('the default embedding model (src/serving/embedding-model.ts) is the Python default and the one the image bakes in', () => {
    expect(captures(read('python/ray_workloads/embedder.py'), /^DEFAULT_MODEL = "([^"]+)"/)).toEqual([DEFAULT_EMBEDDING_MODEL]);
    expect(captures(read('python/Dockerfile'), /SentenceTransformer as S; S\('([^']+)'/)).toEqual([DEFAULT_EMBEDDING_MODEL]);
  });
});
