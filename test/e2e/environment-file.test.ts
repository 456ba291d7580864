import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** Runs the cluster test with `--environment-file <module>`; resolves with its exit status and output. */
async function clusterTest(module: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'environment-file-'));
  const file = join(dir, 'environment.ts');
  writeFileSync(file, module);
  try {
    const { stdout, stderr } = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), ['e2e/control-plane-test.ts', '--environment-file', file], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const FLEET = JSON.stringify(join(ROOT, 'test', 'support', 'fleet-environment'));

describe('npm run test:e2e -- --environment-file (environments the repository does not list)', () => {
  // The passing case (synth, validate and the control plane with the fleet fixture) is
  // `npm run test:e2e -- --environment-file test/fixtures/environments/fleet.ts`: it needs the control plane.
  test('an accelerator no pool of the unseen environment offers: one line naming environment and field, exit 2, no control plane started', { timeout: 120_000 }, async () => {
    // GIVEN the fleet environment (L4 and H100 pools) with text generation asking for an A100
    const result = await clusterTest(
      `import { fleetEnvironment } from ${FLEET};\n` +
        `const fleet = fleetEnvironment();\n` +
        `export default { ...fleet, workloads: { ...fleet.workloads, textGeneration: { replicas: { min: 1, max: 1 }, gpu: { accelerator: 'nvidia-a100-80gb' } } } };\n`,
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toBe(
      "test:e2e failed: environment 'fleet': workloads.textGeneration.gpu.accelerator: expected an accelerator a node pool of environment 'fleet' offers (nvidia-l4, nvidia-h100-80gb), got 'nvidia-a100-80gb' (text-generation: gpu.accelerator)",
    );
  });

  test('a module without a default export is named', { timeout: 120_000 }, async () => {
    const result = await clusterTest(`export const fleet = 1;\n`);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^test:e2e failed: .*environment\.ts: expected a default export with an environment definition \(or a list of them\), got none\n$/);
  });
});
