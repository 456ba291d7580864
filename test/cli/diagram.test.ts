import { execFile } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { afterAll, describe, expect, test } from 'vitest';
import { clusterSpec, rayService } from '../review/fixtures';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'ray-gitops-diagram-test-'));
const out = join(tmp, 'out');

async function diagram(...args: string[]): Promise<{ code: number; output: string }> {
  const argv = ['src/cli/diagram.ts', '--root', tmp, '--out', out, ...args];
  try {
    const { stdout, stderr } = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), argv, { cwd: ROOT });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('npm run diagram', () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  test('writes one SVG per environment; --check passes until one is stale, missing or left over', { timeout: 120_000 }, async () => {
    for (const env of ['gke', 'local']) {
      mkdirSync(join(tmp, 'dist', env), { recursive: true });
      writeFileSync(join(tmp, 'dist', env, 'serving.k8s.yaml'), stringify(rayService('text', clusterSpec())));
    }
    expect((await diagram()).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['gke.svg', 'local.svg']);
    expect(await diagram('--check')).toMatchObject({ code: 0 });

    appendFileSync(join(out, 'gke.svg'), '<!-- edited -->');
    writeFileSync(join(out, 'gone.svg'), '<svg/>');
    const check = await diagram('--check');
    expect(check.code).toBe(1);
    expect(check.output).toMatch(/gke\.svg is missing or stale\n.*gone\.svg has no environment\nrun npm run diagram/);

    expect((await diagram()).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['gke.svg', 'local.svg']);
    expect(await diagram('--check')).toMatchObject({ code: 0 });
  });
});
