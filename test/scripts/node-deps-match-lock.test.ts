import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'node-deps-match-lock.mjs');

const LOCK = {
  name: 'p',
  lockfileVersion: 3,
  packages: {
    '': { name: 'p', dependencies: { a: '1.0.0' } },
    'node_modules/a': { version: '1.0.0', resolved: 'https://registry.npmjs.org/a/-/a-1.0.0.tgz', integrity: 'sha512-a' },
    'node_modules/@esbuild/win32-x64': { version: '0.25.0', optional: true, os: ['win32'] },
  },
};

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Exit status of the script in a folder holding `lock` as package-lock.json and `installed` as npm's record. */
function judge(lock: object, installed?: object): number | null {
  dir = mkdtempSync(join(tmpdir(), 'deps-match-'));
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock));
  if (installed) {
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', '.package-lock.json'), JSON.stringify(installed));
  }
  return spawnSync(process.execPath, [SCRIPT], { cwd: dir }).status;
}

describe("ensure-node-deps accepts a plain npm ci by npm's own record of it", () => {
  const record = (packages: Record<string, unknown>) => ({ name: 'p', lockfileVersion: 3, requires: true, packages });

  test('installed as locked, an optional package of another platform absent: matches', () => {
    expect(judge(LOCK, record({ 'node_modules/a': LOCK.packages['node_modules/a'] }))).toBe(0);
  });

  test('another version installed, a locked package missing, or no record: install again', () => {
    expect(judge(LOCK, record({ 'node_modules/a': { ...LOCK.packages['node_modules/a'], version: '0.9.0' } }))).toBe(1);
    expect(judge(LOCK, record({}))).toBe(1);
    expect(judge(LOCK)).toBe(1);
  });
});
