import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Json } from '../k8s/pod-templates';
import { MANIFEST_EXTENSION } from './layout';

/** The objects of one manifest file. */
export interface ManifestFile {
  /** Path relative to the folder it was read from, `/`-separated, e.g. `apps/ray-sandbox.k8s.yaml`. */
  readonly file: string;
  readonly objects: readonly Json[];
}

/**
 * The manifest files (`*.k8s.yaml`) in `dir`, and with `recurse` in its sub-folders, sorted.
 * Empty when `dir` does not exist.
 */
export function readManifestFiles(dir: string, recurse: boolean): ManifestFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const entries = readdirSync(dir, { recursive: recurse, encoding: 'utf8' }).map((e) => e.split('\\').join('/'));
  return entries
    .filter((file) => file.endsWith(MANIFEST_EXTENSION) && statSync(join(dir, file)).isFile())
    .sort()
    .map((file) => ({
      file,
      objects: parseAllDocuments(readFileSync(join(dir, file), 'utf8'))
        .map((d) => d.toJS() as Json)
        .filter((o) => o !== null),
    }));
}
