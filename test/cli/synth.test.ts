import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

const repo = join(__dirname, '..', '..');

/**
 * A copy of what `npm run synth` reads (sources, generated imports, CRDs, configs; node_modules
 * linked), so a test can break an environment file without touching the repository.
 */
function checkoutCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), 'synth-cli-'));
  for (const entry of ['src', 'imports', 'crds', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.synth.json']) {
    if (existsSync(join(repo, entry))) cpSync(join(repo, entry), join(copy, entry), { recursive: true });
  }
  // Generated schemas and compiled validators are keyed by the content of their sources, the
  // type check's incremental state by its inputs' hashes: all are valid for an identical copy,
  // copied after the sources so they are the newer.
  for (const cached of ['type-schemas', 'validators', 'tsbuildinfo-synth']) {
    if (existsSync(join(repo, '.cache', cached))) cpSync(join(repo, '.cache', cached), join(copy, '.cache', cached), { recursive: true });
  }
  symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'), 'dir');
  return copy;
}

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) files[relative(dir, join(e.parentPath, e.name))] = readFileSync(join(e.parentPath, e.name), 'utf8');
  }
  return files;
}

/** Runs the synth CLI of `copy` on `local` into folders holding a previous output; checks they stay as they were. */
function synthFails(copy: string): string {
  const out = join(copy, 'out');
  for (const folder of ['dist', 'argocd']) {
    mkdirSync(join(out, folder, 'local'), { recursive: true });
    writeFileSync(join(out, folder, 'local', 'previous.k8s.yaml'), 'kind: Previous\n');
  }
  const before = tree(out);
  const run = spawnSync(process.execPath, [join(copy, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/synth.ts', 'local', '--out', join(out, 'dist'), '--argocd-out', join(out, 'argocd')], {
    cwd: copy,
    encoding: 'utf8',
  });
  expect(run.status, run.stdout + run.stderr).toBe(1);
  expect(tree(out), 'output changed').toEqual(before);
  expect(run.stderr).toMatch(/^synth failed, output left as it was:\n/);
  expect(run.stderr, 'a stack trace').not.toMatch(/^\s+at /m);
  return run.stderr;
}

/** Writes the repository's local.ts with `from` replaced by `to` into `copy`; the edited line. */
function editEnvironment(copy: string, from: RegExp, to: string): number {
  const file = join(copy, 'src', 'environments', 'local.ts');
  const text = readFileSync(join(repo, 'src', 'environments', 'local.ts'), 'utf8');
  const match = from.exec(text);
  expect(match, `${from} not found in local.ts`).not.toBeNull();
  writeFileSync(file, text.replace(from, to));
  return text.slice(0, match!.index).split('\n').length;
}

describe('npm run synth on bad environment files (child process)', () => {
  // One copy for the file: each test edits local.ts afresh, and the second reuses the type
  // check's incremental state of the first (a copy's first check is a full one, ~20 s).
  let copy: string;
  beforeAll(() => {
    copy = checkoutCopy();
  });

  test('a value that throws while the environment module loads: file and line, no stack trace', () => {
    const line = editEnvironment(copy, /Size\.gibibytes\(/, 'Size.gibibytes(-');
    const stderr = synthFails(copy);
    expect(stderr).toContain(`src/environments/local.ts:${line}:`);
    expect(stderr).toContain('Storage amounts cannot be negative');
  });

  test('a misspelt workload key: the runtime check names environment and field, the type check file and line', () => {
    const line = editEnvironment(copy, /^ {4}sandbox: \{/m, '    sandbx: {');
    const stderr = synthFails(copy);
    expect(stderr).toMatch(/^environment 'local': workloads\.sandbx: expected no such field \(known fields: sandbox, /m);
    expect(stderr).toMatch(new RegExp(`^src/environments/local\\.ts:${line}:\\d+: error TS\\d+: .*'sandbx'`, 'm'));
  });

  test('an unused import left in an environment file stops nothing: synth writes', () => {
    const file = join(copy, 'src', 'environments', 'local.ts');
    writeFileSync(file, `import { Duration as UnusedDuration } from 'cdk8s';\n${readFileSync(join(repo, 'src', 'environments', 'local.ts'), 'utf8')}`);
    const out = join(copy, 'out-unused');
    const run = spawnSync(process.execPath, [join(copy, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/synth.ts', 'local', '--out', join(out, 'dist'), '--argocd-out', join(out, 'argocd')], {
      cwd: copy,
      encoding: 'utf8',
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stderr).not.toContain('TS6133');
    expect(existsSync(join(out, 'dist', 'local', 'ray-sandbox.k8s.yaml'))).toBe(true);
  });

  test('warnings are printed with their count, and the output is written', () => {
    editEnvironment(copy, /repository: 'mlflow-server', tag: '[^']+'/, "repository: 'mlflow-server', tag: 'latest'");
    const out = join(copy, 'out-warned');
    const run = spawnSync(process.execPath, [join(copy, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/cli/synth.ts', 'local', '--out', join(out, 'dist'), '--argocd-out', join(out, 'argocd')], {
      cwd: copy,
      encoding: 'utf8',
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stderr).toContain("got 'mlflow-server:latest' (policy/pinned-images)");
    expect(run.stderr).toMatch(/^1 warning\(s\), written anyway \(--strict fails on warnings\)$/m);
    expect(readFileSync(join(out, 'dist', 'local', 'embedding-service.k8s.yaml'), 'utf8')).toContain('image: mlflow-server:latest');
  });
});
