import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { SourcedObject, readSynthesizedTree } from '../../k8s/manifests';

const run = promisify(execFile);

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A version of the repository failed to synthesize; `output` is what its synth printed. */
export class SynthFailedError extends Error {
  constructor(
    public readonly version: string,
    public readonly output: string,
  ) {
    super(`${version} failed to synthesize:\n${output.trim()}`);
    this.name = 'SynthFailedError';
  }
}

/** The commit a ref names, or a clear error. */
export function resolveCommit(repo: string, ref: string): string {
  try {
    return git(repo, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`).trim();
  } catch {
    throw new Error(`'${ref}' does not name a commit in ${repo}`);
  }
}

/** Checks out a commit into `dir` as a detached `git worktree` (the working tree is not touched). */
export function checkoutCommit(repo: string, commit: string, dir: string): void {
  git(repo, 'worktree', 'add', '--detach', '--quiet', dir, commit);
}

/**
 * Checks out the working tree, uncommitted changes and untracked (not ignored) files included,
 * into `dir`: a worktree at HEAD with the changed files copied over and deleted ones removed.
 * Neither the working tree nor the index is changed.
 */
export function checkoutWorkingTree(repo: string, dir: string): void {
  checkoutCommit(repo, 'HEAD', dir);
  const list = (...args: string[]) => git(repo, ...args).split('\0').filter((p) => p !== '');
  const paths = [...list('diff', '--name-only', '--no-renames', '-z', 'HEAD'), ...list('ls-files', '-z', '--others', '--exclude-standard')];
  for (const path of new Set(paths)) {
    const target = join(dir, path);
    if (existsSync(join(repo, path))) {
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(repo, path), target);
    } else {
      rmSync(target, { force: true });
    }
  }
}

/** Removes a worktree made by `checkoutCommit`/`checkoutWorkingTree`. */
export function removeCheckout(repo: string, dir: string): void {
  if (existsSync(dir)) git(repo, 'worktree', 'remove', '--force', dir);
  git(repo, 'worktree', 'prune');
}

/**
 * Copies the project caches (`.cache/`) of the clone that owns `nodeModules` into a checkout, so
 * its synth reuses the compiled validators, generated schemas and type-check state instead of
 * building them again. Safe for any commit: schemas and validators are keyed by the content of
 * their inputs, and tsc's incremental state is dated 1970, older than every checked-out source,
 * so tsc compares the sources' content hashes with it instead of trusting timestamps. `tsc -b`
 * trusts a config file's timestamp, though (a changed option in an older config goes unseen):
 * only configs that the owner's tsc state was built with ({@link builtWithConfigs}) are dated
 * 1970 too; any other stays newer and tsc rebuilds (imports/: ~0.3 s when nothing changed
 * instead of a ~20 s full check).
 */
function seedProjectCaches(nodeModules: string, dir: string): void {
  const owner = dirname(nodeModules);
  const from = join(owner, '.cache');
  const to = join(dir, '.cache');
  if (!existsSync(from) || existsSync(to)) return;
  const configs = builtWithConfigs(owner, dir);
  cpSync(from, to, { recursive: true });
  for (const entry of readdirSync(to, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) utimesSync(join(entry.parentPath, entry.name), 0, 0);
  }
  for (const config of configs) utimesSync(join(dir, config), 0, 0);
}

/**
 * The checkout's `tsconfig*.json` files that are byte-identical to the owner's and not newer
 * than any of the owner's tsc states (`.cache/tsbuildinfo*`): the configs that state was built
 * with, as `tsc -b` in the owner itself judges by timestamps.
 */
function builtWithConfigs(owner: string, dir: string): string[] {
  const cache = join(owner, '.cache');
  const states = readdirSync(cache).filter((f) => f.startsWith('tsbuildinfo')).map((f) => statSync(join(cache, f)).mtimeMs);
  if (states.length === 0) return [];
  const built = Math.min(...states);
  return readdirSync(dir).filter((f) => {
    if (!/^tsconfig.*\.json$/.test(f) || !existsSync(join(owner, f))) return false;
    return statSync(join(owner, f)).mtimeMs <= built && readFileSync(join(owner, f)).equals(readFileSync(join(dir, f)));
  });
}

/**
 * Runs the checkout's own synth (`src/cli/synth.ts`, all environments, into its `dist/` and
 * `argocd/`) with the given `node_modules` (linked in), the project caches of the clone that
 * owns them (`seedProjectCaches`) and the CRDs the checkout carries (or `$RAY_GITOPS_CRDS_DIR`
 * when set), and reads what it wrote. `version` names the checkout in errors.
 */
export async function synthesizeCheckout(nodeModules: string, dir: string, version: string): Promise<Map<string, SourcedObject[]>> {
  const link = join(dir, 'node_modules');
  if (!existsSync(link)) symlinkSync(nodeModules, link, 'dir');
  seedProjectCaches(nodeModules, dir);
  try {
    await run(join(nodeModules, '.bin', 'tsx'), [synthEntryPoint(dir)], {
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new SynthFailedError(version, [e.stderr, e.stdout].filter((s) => s).join('\n') || e.message);
  }
  return readSynthesizedTree(dir);
}

/** The synth CLI of a checkout: `src/cli/synth.ts`, or `src/main.ts` in revisions before the CLIs moved to `src/cli/`. */
function synthEntryPoint(dir: string): string {
  return ['src/cli/synth.ts', 'src/main.ts'].find((file) => existsSync(join(dir, file))) ?? 'src/cli/synth.ts';
}
