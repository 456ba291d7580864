import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** Runs this repository's diff CLI against another repository; resolves with its exit status and output. */
async function diff(repo: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/cli/diff.ts', '--repo', repo, ...args], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run diff (end to end, real git worktrees and synths)', () => {
  let tmp: string;
  let repo: string;

  beforeAll(() => {
    // GIVEN a clone of this repository whose last commit breaks the synth, with the working
    // tree (staged) back at the commit before it
    tmp = mkdtempSync(join(tmpdir(), 'ray-gitops-diff-test-'));
    repo = join(tmp, 'repo');
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args]);
    execFileSync('git', ['clone', '--quiet', '--shared', ROOT, repo]);
    const main = join(repo, 'src', 'cli', 'synth.ts');
    writeFileSync(main, `throw new Error('broken base for the test');\n${readFileSync(main, 'utf8')}`);
    git('commit', '--quiet', '-am', 'break the synth');
    git('checkout', 'HEAD~1', '--', 'src/cli/synth.ts');
  });

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  test('no change: exit 0; a base that fails to synthesize: exit 2 with its error', { timeout: 300_000 }, async () => {
    const [same, broken] = await Promise.all([diff(repo, '--base', 'HEAD~1'), diff(repo, '--base', 'HEAD', '--format', 'markdown')]);

    expect(same.code, same.stderr).toBe(0);
    const lines = same.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Changes against HEAD~1 \([0-9a-f]{12}\)$/);
    expect(lines.slice(2).every((l) => /^[a-z0-9-]+: no changes$/.test(l))).toBe(true);
    expect(lines.length).toBeGreaterThan(2);

    expect(broken.code).toBe(2);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toMatch(/^diff failed: base HEAD \([0-9a-f]{12}\) failed to synthesize:\n/);
    expect(broken.stderr).toContain('broken base for the test');

    // AND the worktrees are gone
    expect(execFileSync('git', ['-C', repo, 'worktree', 'list'], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(1);
  });
});
