import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { synthesizedRoot } from '../support/synthesized';

const repo = join(__dirname, '..', '..');

/** `npm run validate` with `args`, from the repository. */
function validate(...args: string[]) {
  return spawnSync(process.execPath, [join(repo, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/validate.ts', ...args], { cwd: repo, encoding: 'utf8' });
}

describe('npm run validate', () => {
  test('bad input is one message naming the environment, never a stack trace', { timeout: 60_000 }, () => {
    // GIVEN a synthesized tree with a manifest file that holds no Kubernetes object
    const root = mkdtempSync(join(tmpdir(), 'validate-cli-'));
    cpSync(synthesizedRoot(), root, { recursive: true });
    writeFileSync(join(root, 'dist', 'local', 'notes.k8s.yaml'), 'just: text\n');

    const stray = validate('--root', root, 'local');
    expect(stray.status).toBe(1);
    expect(stray.stderr).toBe("validate failed:\nenvironment 'local': notes.k8s.yaml: document 1 is not a Kubernetes object (expected a mapping with 'kind')\n");

    const unknown = validate('--root', root, 'nosuch');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe("validate failed:\nenvironment: expected one of local, gke, aks, eks, got 'nosuch'\n");

    // A manifest file given instead of an environment: told where files are validated
    const file = join(root, 'dist', 'local', 'notes.k8s.yaml');
    const given = validate('--root', root, file);
    expect(given.status).toBe(1);
    expect(given.stderr).toBe(
      `validate failed:\nenvironment: expected one of local, gke, aks, eks, got '${file}' (a file: this checks the committed dist/<env>/ and argocd/<env>/; npx ray-gitops validate ${file} checks a file)\n`,
    );
  });
});
