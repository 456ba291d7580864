import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { carriedBytes, cdk8sImports, LOCK_FILE, readLock } from '../../scripts/crd-lock';
import { CARRIED_CRDS_DIR, crdFiles } from '../../src/validation/crd-sources';

const ROOT = join(__dirname, '..', '..');
const lock = readLock(CARRIED_CRDS_DIR);

describe('the carried upstream CRDs (crds/)', () => {
  test('are exactly the imports cdk8s.yaml names, each with its URL and the release tag in it', () => {
    const expected = cdk8sImports(ROOT).map(({ file, url, version }) => ({ file, url, version }));
    expect(lock.map(({ file, url, version }) => ({ file, url, version }))).toEqual(expect.arrayContaining(expected));
    expect(lock).toHaveLength(expected.length);
    expect(crdFiles(CARRIED_CRDS_DIR)).toEqual(lock.map((e) => e.file).sort());
    expect(readdirSync(CARRIED_CRDS_DIR, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort()).toEqual(
      [LOCK_FILE, ...lock.map((e) => e.file.split('/').pop()!)].sort(),
    );
  });

  test.each(lock.map((e) => [e.file, e] as const))('%s holds the bytes the lock records (sha256, size)', (_file, entry) => {
    expect(carriedBytes(CARRIED_CRDS_DIR, entry)).toBeInstanceOf(Buffer);
  });

  test.each(cdk8sImports(ROOT).map((c) => [c.prefix, c] as const))('%s is a CustomResourceDefinition, typed in imports/ when listed in imports:', (prefix, crd) => {
    const doc = parse(gunzipSync(readFileSync(join(CARRIED_CRDS_DIR, crd.file))).toString('utf8'));
    expect(doc.kind).toBe('CustomResourceDefinition');
    const generated = readdirSync(join(ROOT, 'imports')).includes(`${prefix}-${doc.spec.group}.ts`);
    expect(generated).toBe(crd.typed);
  });

  test('validatedOnly: entries are carried (the Argo Workflow CRD) but not typed', () => {
    const untyped = cdk8sImports(ROOT).filter((c) => !c.typed);
    expect(untyped.map((c) => c.file)).toEqual(['argo-workflows/argoproj.io_workflows.yaml.gz']);
    expect(lock.map((e) => e.file)).toEqual(expect.arrayContaining(untyped.map((c) => c.file)));
  });

  test('a carried copy that differs from the lock is reported with both hashes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crd-lock-'));
    const entry = lock[0];
    mkdirSync(dirname(join(dir, entry.file)), { recursive: true });
    copyFileSync(join(CARRIED_CRDS_DIR, entry.file), join(dir, entry.file));
    expect(carriedBytes(dir, entry)).toBeInstanceOf(Buffer);

    const edited = Buffer.concat([gunzipSync(readFileSync(join(dir, entry.file))), Buffer.from('# edited\n')]);
    writeFileSync(join(dir, entry.file), gzipSync(edited));
    expect(carriedBytes(dir, entry)).toMatch(
      new RegExp(`^crds/${entry.file}: sha256 [0-9a-f]{64} \\(${edited.length} bytes\\) but ${LOCK_FILE} has ${entry.sha256} \\(${entry.size} bytes\\)$`),
    );
    expect(carriedBytes(mkdtempSync(join(tmpdir(), 'crd-lock-')), entry)).toBe(`crds/${entry.file}: missing (the lock lists it for ${entry.url})`);
  });
});

describe('self-contained', () => {
  // The folder named shared beside the clone, not modules named shared-<x> or shared.ts;
  // built from parts so that this file does not match itself.
  const sibling = new RegExp(['\\.\\./', 'shared(?![\\w.-])', '|', 'shared', '/crds'].join(''));

  test('no tracked file reads or mentions a folder beside the repository', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter((f) => f && !f.endsWith('.gz'));
    const offenders = tracked.filter((file) => existsSync(join(ROOT, file)) && sibling.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
