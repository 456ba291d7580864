import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { crdFiles, crdsDir, readCrdFile } from '../crd-sources';
import type { K8sSchema } from './k8s-schema';

/** The `openAPIV3Schema` of one served version of one custom resource kind. */
export interface CrdVersion {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
  /** `Namespaced` or `Cluster`. */
  readonly scope: string;
  readonly schema: K8sSchema;
  /** The CRD file it came from, relative to the CRD directory (for messages). */
  readonly file: string;
}

/**
 * Finds custom resource schemas in the CRD directory (every `*.yaml` or `*.yaml.gz` below it, so
 * a CRD dropped there is validated without code changes).
 *
 * Parsing the YAML is the slow part (0.3-1.4 s per file for the multi-megabyte Argo and KubeRay
 * CRDs), so a file is parsed only when a kind is asked for and its text names that kind, and the
 * parsed versions are cached as JSON under `~/.cache/ray-gitops/crd-schemas/`, keyed by the
 * SHA-256 of the file: an edited CRD gets a new key, never a stale schema.
 */
export class CrdCatalog {
  private readonly files = new Map<string, string>();
  private readonly loaded = new Map<string, CrdVersion[]>();

  /**
   * @param dir folder holding the CRD YAML files, searched recursively
   * @param cacheDir where parsed schemas are cached; `undefined` disables the cache
   */
  constructor(
    private readonly dir: string = crdsDir(),
    private readonly cacheDir: string | undefined = defaultCacheDir(),
  ) {}

  /** Every served version of `group` `kind` (empty when no CRD defines it). */
  versionsOf(group: string, kind: string): CrdVersion[] {
    const needle = `kind: ${kind}\n`;
    const found: CrdVersion[] = [];
    for (const file of this.yamlFiles()) {
      if (!this.text(file).includes(needle)) continue;
      found.push(...this.load(file).filter((v) => v.group === group && v.kind === kind));
    }
    return found;
  }

  private yamlFiles(): string[] {
    if (this.files.size === 0) {
      for (const entry of crdFiles(this.dir)) this.files.set(entry, '');
    }
    return [...this.files.keys()];
  }

  private text(file: string): string {
    let text = this.files.get(file);
    if (!text) {
      text = readCrdFile(this.dir, file);
      this.files.set(file, text);
    }
    return text;
  }

  private load(file: string): CrdVersion[] {
    let versions = this.loaded.get(file);
    if (versions) return versions;
    const text = this.text(file);
    const cacheFile = this.cacheDir && join(this.cacheDir, `${createHash('sha256').update(text).digest('hex')}.json`);
    // The cache is keyed by content, so the same CRD under another name (a .gz copy, another
    // folder) hits it: the file name comes from here, never from the cache.
    versions = cacheFile ? readCache(cacheFile)?.map((v) => ({ ...v, file })) : undefined;
    if (!versions) {
      versions = parseCrds(text, file);
      if (cacheFile) writeCache(cacheFile, versions);
    }
    this.loaded.set(file, versions);
    return versions;
  }
}

function defaultCacheDir(): string | undefined {
  return process.env.RAY_GITOPS_CACHE_DIR
    ? join(process.env.RAY_GITOPS_CACHE_DIR, 'crd-schemas')
    : join(homedir(), '.cache', 'ray-gitops', 'crd-schemas');
}

function parseCrds(text: string, file: string): CrdVersion[] {
  const versions: CrdVersion[] = [];
  for (const doc of parseAllDocuments(text)) {
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    const { group, names, scope, versions: served } = crd.spec;
    for (const v of served) {
      if (!v.served || !v.schema?.openAPIV3Schema) continue;
      versions.push({ group, kind: names.kind, version: v.name, scope, schema: v.schema.openAPIV3Schema, file });
    }
  }
  return versions;
}

function readCache(file: string): CrdVersion[] | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // absent or half-written by a killed process: parse the YAML again
  }
}

function writeCache(file: string, versions: CrdVersion[]): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(versions));
    renameSync(partial, file); // atomic: parallel test workers never read half a file
  } catch {
    // A read-only home only costs the next run the YAML parse.
  }
}
