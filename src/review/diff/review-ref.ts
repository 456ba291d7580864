import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkoutCommit, checkoutWorkingTree, removeCheckout, resolveCommit, synthesizeCheckout } from './checkout';
import { RayEnvironment } from '../../environments/types';
import { ReviewReport, reviewChange } from './report';

/**
 * The environments a checkout defines (its `src/environments`), by name, for comparing its
 * workloads with its node pools; none when it has no such module or its environments have no
 * `nodePools` (revisions before node pools).
 */
async function environmentsOf(dir: string): Promise<Map<string, RayEnvironment>> {
  const module = join(dir, 'src', 'environments', 'index.ts');
  if (!existsSync(module)) return new Map();
  const { ENVIRONMENTS } = (await import(module)) as { ENVIRONMENTS?: readonly RayEnvironment[] };
  return new Map((ENVIRONMENTS ?? []).filter((e) => Array.isArray(e.nodePools)).map((e) => [e.name, e]));
}

/**
 * Synthesizes a base ref and the working tree of `repo`, each in a temporary worktree with
 * `nodeModules` linked in (both synths run at once), and compares them. Throws
 * `SynthFailedError` when either side fails (the base's when both do), once both have ended.
 */
export async function reviewAgainst(repo: string, baseRef: string, nodeModules: string): Promise<ReviewReport> {
  const commit = resolveCommit(repo, baseRef);
  const tmp = mkdtempSync(join(tmpdir(), 'ray-gitops-review-'));
  const baseDir = join(tmp, 'base');
  const headDir = join(tmp, 'working-tree');
  try {
    checkoutCommit(repo, commit, baseDir);
    checkoutWorkingTree(repo, headDir);
    const label = `${baseRef} (${commit.slice(0, 12)})`;
    // Both synths finish before anything is removed: a side that fails first must not leave
    // the other writing into a worktree that `finally` is deleting.
    const [before, after] = await Promise.allSettled([
      synthesizeCheckout(nodeModules, baseDir, `base ${label}`),
      synthesizeCheckout(nodeModules, headDir, 'the working tree'),
    ]);
    if (before.status === 'rejected') throw before.reason;
    if (after.status === 'rejected') throw after.reason;
    return reviewChange(label, before.value, after.value, await environmentsOf(headDir));
  } finally {
    removeCheckout(repo, baseDir);
    removeCheckout(repo, headDir);
    rmSync(tmp, { recursive: true, force: true });
  }
}
