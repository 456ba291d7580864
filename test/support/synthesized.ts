import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENTS } from '../../src/environments';
import { synthToDist } from '../../src/synth';

let root: string | undefined;

/**
 * A folder holding `dist/` and `argocd/` of every environment, as `npm run synth` writes them.
 * Synthesized once per test worker process (vitest runs each worker's files in one process,
 * `isolate: false`), so the test files that read it share one synth. Read-only: copy it to change it.
 */
export function synthesizedRoot(): string {
  if (root === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'ray-gitops-synthesized-'));
    synthToDist(ENVIRONMENTS, join(dir, 'dist'), true, join(dir, 'argocd'));
    root = dir;
  }
  return root;
}
