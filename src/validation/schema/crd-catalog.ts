import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readJsonCache, sha256, writeCacheFile } from '../../schema/cache-files';
import { crdFiles, crdsDir, crdText } from '../crd-sources';
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
  /** SHA-256 of that file's bytes: names this schema in caches derived from it. */
  readonly sha256: string;
}

/** The `group/kind`s a CRD file defines, cached beside its versions so that a lookup need not read them. */
type Kinds = readonly string[];

/** One CRD file as read this run: its bytes' SHA-256 and, once needed, its text. */
interface CrdFile {
  readonly bytes: Buffer;
  readonly sha256: string;
  text?: string;
  /** The kinds it defines, once known (`null`: not cached yet, the text is searched). */
  kinds?: Kinds | null;
}

/**
 * Finds custom resource schemas in the CRD directory (every `*.yaml` or `*.yaml.gz` below it, so
 * a CRD dropped there is validated without code changes).
 *
 * Parsing the YAML is the slow part (0.3-1.4 s per file for the multi-megabyte Argo and KubeRay
 * CRDs), so a file is parsed only when a kind is asked for and its text names that kind, and the
 * parsed versions are cached as JSON under `${RAY_GITOPS_CACHE:-~/.cache/ray-gitops}/crd-schemas/`, keyed by the
 * SHA-256 of the file's bytes (gzipped or not): an edited CRD gets a new key, never a stale
 * schema. Beside them, `<sha256>.kinds.json` lists the `group/kind`s a file defines, so a later
 * run finds a kind's file without gunzipping any (13 MB of text for the carried CRDs) and reads
 * the versions of that file only.
 */
export class CrdCatalog {
  private files: Map<string, CrdFile> | undefined;
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
    const found: CrdVersion[] = [];
    for (const [file, crd] of this.crdFiles()) {
      const kindsFile = this.cacheDir && join(this.cacheDir, `${crd.sha256}.kinds.json`);
      // Read once per file; `null` when not cached.
      if (crd.kinds === undefined) crd.kinds = (kindsFile && readJsonCache<Kinds>(kindsFile)) || null;
      // Without the list, the text must name the kind before the file is parsed.
      if (crd.kinds ? !crd.kinds.includes(`${group}/${kind}`) : !this.text(file, crd).includes(`kind: ${kind}\n`)) continue;
      const versions = this.load(file, crd);
      if (!crd.kinds) {
        crd.kinds = [...new Set(versions.map((v) => `${v.group}/${v.kind}`))];
        if (kindsFile) writeCacheFile(kindsFile, JSON.stringify(crd.kinds));
      }
      found.push(...versions.filter((v) => v.group === group && v.kind === kind));
    }
    return found;
  }

  private crdFiles(): Map<string, CrdFile> {
    if (!this.files) {
      this.files = new Map();
      for (const file of crdFiles(this.dir)) {
        const bytes = readFileSync(join(this.dir, file));
        this.files.set(file, { bytes, sha256: sha256(bytes) });
      }
    }
    return this.files;
  }

  private text(file: string, crd: CrdFile): string {
    crd.text ??= crdText(file, crd.bytes);
    return crd.text;
  }

  private load(file: string, crd: CrdFile): CrdVersion[] {
    let versions = this.loaded.get(file);
    if (versions) return versions;
    const cacheFile = this.cacheDir && join(this.cacheDir, `${crd.sha256}.json`);
    // The cache is keyed by content, so the same CRD under another name (another folder) hits
    // it: the file name comes from here, never from the cache.
    versions = cacheFile ? readJsonCache<CrdVersion[]>(cacheFile)?.map((v) => ({ ...v, file })) : undefined;
    if (!versions) {
      versions = parseCrds(this.text(file, crd), file, crd.sha256);
      if (cacheFile) writeCacheFile(cacheFile, JSON.stringify(versions));
    }
    this.loaded.set(file, versions);
    return versions;
  }
}

/** `crd-schemas/` in the project's cache folder: `$RAY_GITOPS_CACHE`, as for the Python virtualenv and the control plane's binaries, else `~/.cache/ray-gitops`. */
function defaultCacheDir(): string | undefined {
  return join(process.env.RAY_GITOPS_CACHE || join(homedir(), '.cache', 'ray-gitops'), 'crd-schemas');
}

function parseCrds(text: string, file: string, sha: string): CrdVersion[] {
  const versions: CrdVersion[] = [];
  for (const doc of parseAllDocuments(text)) {
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    const { group, names, scope, versions: served } = crd.spec;
    for (const v of served) {
      if (!v.served || !v.schema?.openAPIV3Schema) continue;
      versions.push({ group, kind: names.kind, version: v.name, scope, schema: v.schema.openAPIV3Schema, file, sha256: sha });
    }
  }
  return versions;
}
