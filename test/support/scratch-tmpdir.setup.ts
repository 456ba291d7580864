import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest global setup: every temporary folder a test makes (`mkdtempSync(join(tmpdir(), …))`,
 * child processes included) lands in one scratch folder of this run, removed when the run ends,
 * so a test run leaves nothing behind in the machine's temp folder. Workers inherit `TMPDIR`.
 */
export default function setup(): () => void {
  const scratch = mkdtempSync(join(tmpdir(), 'ray-gitops-vitest-'));
  process.env.TMPDIR = scratch;
  return () => rmSync(scratch, { recursive: true, force: true });
}
