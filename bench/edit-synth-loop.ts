import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crdsDir } from '../src/validation/crd-sources';
import { median } from './measure';

/** Folders of the repository the loop does not need (the synth CLI never reads them). */
const NOT_COPIED = new Set(['.git', 'node_modules', 'python', 'coverage']);

/**
 * The developer's loop: a one-line edit of an environment file, then `npm run synth` (all
 * environments, with whatever checks the script runs), timed as wall clock in a copy of the
 * repository so the working tree is left alone. One unmeasured run first warms the caches a
 * developer's machine has (tsx's transform cache, the CRD schema cache).
 * @param root the repository
 * @param environmentFile the file edited, relative to `root` (a comment line is replaced each run)
 * @returns the median wall time in milliseconds
 */
export function editSynthLoop(root: string, environmentFile: string, runs: number): number {
  const copy = mkdtempSync(join(tmpdir(), 'ray-gitops-edit-synth-'));
  try {
    for (const entry of readdirSync(root)) {
      // Timestamps kept, so the copied incremental type-check state (.cache/) stands for the
      // developer's: the loop measures an edit, not a first check.
      if (!NOT_COPIED.has(entry)) cpSync(join(root, entry), join(copy, entry), { recursive: true, preserveTimestamps: true });
    }
    // The synth script's dependency check (scripts/ensure-node-deps.sh) runs `npm ci` unless
    // node_modules records the sha256 of this package-lock.json.
    const lock = createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');
    const stamp = join(root, 'node_modules', '.ray-gitops-lock.sha256');
    if (!existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== lock) {
      throw new Error('edit-synth loop: node_modules was not installed from this package-lock.json; run npm ci first');
    }
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const file = join(copy, environmentFile);
    if (!existsSync(file)) throw new Error(`edit-synth loop: ${environmentFile} not found`);
    const original = readFileSync(file, 'utf8');
    const env = { ...process.env, RAY_GITOPS_CRDS_DIR: process.env.RAY_GITOPS_CRDS_DIR ?? crdsDir() };
    const synth = (edit: number): number => {
      writeFileSync(file, original);
      appendFileSync(file, `// edit-synth bench: edit ${edit}\n`);
      const start = process.hrtime.bigint();
      const result = spawnSync('npm', ['run', '-s', 'synth'], { cwd: copy, env, encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (result.status !== 0) throw new Error(`edit-synth loop: npm run synth failed:\n${result.stdout}${result.stderr}`);
      return ms;
    };
    synth(0);
    return median(Array.from({ length: runs }, (_, i) => synth(i + 1)));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
