/**
 * `npm run import [-- --offline]`: refreshes the carried CRDs (`crds/`) from the URLs in
 * `cdk8s.yaml` and regenerates `imports/` from its `imports:` (its `validatedOnly:` CRDs are
 * carried, not typed).
 *
 * Online, every URL is downloaded; a URL the lock already lists must serve the bytes it records
 * (release tags do not move), a new URL is recorded with its sha256. Offline (a URL cannot be
 * reached, or `--offline`), the carried copies are used after checking them against the lock.
 * `imports/` keeps only the storage version of each CRD (KubeRay also serves the deprecated
 * v1alpha1, which would double the generated code), one `cdk8s import` per kind (the CLI imports
 * only the first of several file arguments). Everything is written into a staging folder first
 * and swapped in by rename: a failure leaves `crds/` and `imports/` as they were.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Command } from 'commander';
import { parseAllDocuments, stringify } from 'yaml';
import { carriedBytes, cdk8sImports, type CrdImport, LOCK_FILE, type LockedCrd, lockText, readLock, sha256 } from './crd-lock';

const ROOT = join(__dirname, '..');
const CRDS = join(ROOT, 'crds');
const IMPORTS = join(ROOT, 'imports');

/** A problem the user must fix; printed as one line, without a stack trace. */
class ImportError extends Error {}

/** Downloads `url`; `undefined` when the host cannot be reached (offline). */
async function download(url: string): Promise<Buffer | undefined> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    console.error(`cannot reach ${new URL(url).host} (${cause}): using the carried copies`);
    return undefined;
  }
  if (!response.ok) throw new ImportError(`${url}: HTTP ${response.status} ${response.statusText}`);
  return Buffer.from(await response.arrayBuffer());
}

/** The upstream bytes of each import, and its lock entry. */
async function resolveCrds(imports: readonly CrdImport[], offline: boolean): Promise<{ entry: LockedCrd; bytes: Buffer }[]> {
  const locked = new Map(readLock(CRDS).map((e) => [e.url, e]));
  const resolved = [];
  for (const crd of imports) {
    const known = locked.get(crd.url);
    const downloaded = offline ? undefined : await download(crd.url);
    offline ||= downloaded === undefined;
    if (downloaded) {
      const entry = { file: crd.file, url: crd.url, version: crd.version, sha256: sha256(downloaded), size: downloaded.length };
      if (known && known.sha256 !== entry.sha256) {
        throw new ImportError(
          `${crd.url}: upstream now serves sha256 ${entry.sha256}, ${LOCK_FILE} has ${known.sha256} for the same URL; ` +
            'a release tag should not change: check the URL, then remove its entry from the lock to accept the new bytes',
        );
      }
      resolved.push({ entry, bytes: downloaded });
    } else {
      if (!known) throw new ImportError(`${crd.url} (cdk8s.yaml, '${crd.prefix}'): not carried yet and cannot be downloaded offline`);
      const bytes = carriedBytes(CRDS, known);
      if (typeof bytes === 'string') throw new ImportError(bytes);
      resolved.push({ entry: known, bytes });
    }
  }
  return resolved;
}

/** Generates the typed import of the storage version of one CRD into `outDir`. */
function importStorageVersion(prefix: string, yaml: string, work: string, outDir: string): void {
  const [doc] = parseAllDocuments(yaml).map((d) => d.toJS());
  doc.spec.versions = doc.spec.versions.filter((v: { storage: boolean }) => v.storage);
  const trimmed = join(work, `${prefix}.yaml`);
  writeFileSync(trimmed, stringify(doc));
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'cdk8s'),
    ['import', '--no-check-upgrade', '--language', 'typescript', '--output', outDir, `${prefix}:=${trimmed}`],
    // In `work`: the CLI appends what it imported to the cdk8s.yaml of its working directory.
    { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

/** Replaces `target` by `staged` (renames within one file system). */
function swap(staged: string, target: string): void {
  const old = `${staged}.old`;
  if (existsSync(target)) renameSync(target, old);
  renameSync(staged, target);
  rmSync(old, { recursive: true, force: true });
}

async function main(): Promise<void> {
  const options = new Command('npm run import')
    .description('refresh crds/ from the URLs in cdk8s.yaml (offline: check the carried copies) and regenerate imports/')
    .option('--offline', 'do not download; use the carried copies', false)
    .parse()
    .opts<{ offline: boolean }>();

  const imports = cdk8sImports(ROOT);
  const crds = await resolveCrds(imports, options.offline);

  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const work = mkdtempSync(join(ROOT, '.tmp', 'import-'));
  try {
    const stagedCrds = join(work, 'crds');
    const stagedImports = join(work, 'imports');
    mkdirSync(stagedImports, { recursive: true });
    crds.forEach(({ entry, bytes }, i) => {
      const target = join(stagedCrds, entry.file);
      mkdirSync(dirname(target), { recursive: true });
      // Keep the carried gzip when its content is unchanged, so a refresh does not rewrite it.
      if (typeof carriedBytes(CRDS, entry) !== 'string') copyFileSync(join(CRDS, entry.file), target);
      else writeFileSync(target, gzipSync(bytes, { level: 9 }));
      if (imports[i].typed) importStorageVersion(imports[i].prefix, bytes.toString('utf8'), work, stagedImports);
    });
    writeFileSync(join(stagedCrds, LOCK_FILE), lockText(crds.map((c) => c.entry)));
    swap(stagedCrds, CRDS);
    swap(stagedImports, IMPORTS);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  for (const { entry } of crds) console.log(`crds/${entry.file}  ${entry.version}  sha256 ${entry.sha256}`);
  console.log(readdirSync(IMPORTS).sort().map((f) => `imports/${f}`).join('\n'));
}

main().catch((error: Error) => {
  console.error(error instanceof ImportError ? `npm run import: ${error.message}` : error);
  process.exit(1);
});
