/**
 * The carried upstream CRDs and their lock file.
 *
 * `cdk8s.yaml` names each CRD by its upstream URL (`<prefix>:=<url>`, the form `cdk8s import`
 * reads). The repository carries each one as `crds/<project>/<file>.gz`: the exact bytes served
 * at that URL, gzipped (the YAML is 12 MB, the gzip 0.7 MB). `crds/crds.lock.json` records, per
 * file, the URL, the release (the tag in the URL), the sha256 and size of the upstream bytes, so
 * `sha256sum` of the downloaded file or of `gunzip -c` of the carried one can be compared with it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';

export const LOCK_FILE = 'crds.lock.json';

/** One `imports:` or `validatedOnly:` entry of `cdk8s.yaml`, with where the repository carries it. */
export interface CrdImport {
  /** Prefix of the generated file in `imports/` (`<prefix>-<group>.ts`). */
  readonly prefix: string;
  /**
   * Whether `imports/` holds its TypeScript types: `true` for `imports:` entries (kinds a construct
   * creates), `false` for `validatedOnly:` ones (carried so objects of that kind are schema-validated,
   * not typed: the generated code of a large CRD would be type-checked on every synth for nothing).
   */
  readonly typed: boolean;
  /** Upstream URL, `https://raw.githubusercontent.com/<owner>/<project>/<tag>/<path>`. */
  readonly url: string;
  /** Path of the carried copy below `crds/`: `<project>/<file name>.gz`. */
  readonly file: string;
  /** The release tag in the URL, e.g. `v1.7.0`. */
  readonly version: string;
}

/** One entry of `crds/crds.lock.json`. */
export interface LockedCrd {
  /** Path of the carried copy below `crds/` (gzipped). */
  readonly file: string;
  readonly url: string;
  readonly version: string;
  /** sha256 (hex) of the bytes upstream serves at `url`, i.e. of the carried file gunzipped. */
  readonly sha256: string;
  /** Size in bytes of the same. */
  readonly size: number;
}

const RAW_GITHUB = /^https:\/\/raw\.githubusercontent\.com\/[^/]+\/([^/]+)\/([^/]+)\/(.+\.ya?ml)$/;

/**
 * The CRDs `<root>/cdk8s.yaml` names: its `imports:` (typed, what `cdk8s import` reads) and its
 * `validatedOnly:` (carried for validation only; the cdk8s CLI ignores the key), in that order.
 * @throws Error naming the entry when it is not `<prefix>:=<raw.githubusercontent.com URL of a YAML file>`
 */
export function cdk8sImports(root: string): CrdImport[] {
  const config = parse(readFileSync(join(root, 'cdk8s.yaml'), 'utf8')) as { imports?: unknown; validatedOnly?: unknown };
  if (!Array.isArray(config.imports)) throw new Error('cdk8s.yaml: imports: expected a list of <prefix>:=<url>');
  const validatedOnly = config.validatedOnly ?? [];
  if (!Array.isArray(validatedOnly)) throw new Error('cdk8s.yaml: validatedOnly: expected a list of <prefix>:=<url>');
  return [...config.imports.map((e: unknown) => crdImport('imports', e, true)), ...validatedOnly.map((e: unknown) => crdImport('validatedOnly', e, false))];
}

function crdImport(key: string, entry: unknown, typed: boolean): CrdImport {
  const [prefix, url] = String(entry).split(':=');
  const match = url === undefined ? null : RAW_GITHUB.exec(url);
  if (!prefix || !match) {
    throw new Error(`cdk8s.yaml: ${key}: expected <prefix>:=https://raw.githubusercontent.com/<owner>/<project>/<tag>/<path>.yaml, got '${String(entry)}'`);
  }
  const [, project, version, path] = match;
  return { prefix, url, file: `${project}/${basename(path)}.gz`, version, typed };
}

/** The entries of `<crdsDir>/crds.lock.json`, or none when there is no lock file yet. */
export function readLock(crdsDir: string): LockedCrd[] {
  const path = join(crdsDir, LOCK_FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { crds: LockedCrd[] }).crds : [];
}

/** The lock file's text for `entries` (sorted by file, so it changes only when a CRD does). */
export function lockText(entries: readonly LockedCrd[]): string {
  const crds = [...entries].sort((a, b) => a.file.localeCompare(b.file));
  return `${JSON.stringify({ crds }, null, 2)}\n`;
}

/** Hex sha256 of `bytes`. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The upstream bytes of the carried copy of `entry` when they match the lock; otherwise a
 * sentence saying what is wrong.
 */
export function carriedBytes(crdsDir: string, entry: LockedCrd): Buffer | string {
  const path = join(crdsDir, entry.file);
  if (!existsSync(path)) return `crds/${entry.file}: missing (the lock lists it for ${entry.url})`;
  const bytes = gunzipSync(readFileSync(path));
  const actual = sha256(bytes);
  if (actual !== entry.sha256 || bytes.length !== entry.size) {
    return `crds/${entry.file}: sha256 ${actual} (${bytes.length} bytes) but ${LOCK_FILE} has ${entry.sha256} (${entry.size} bytes)`;
  }
  return bytes;
}
