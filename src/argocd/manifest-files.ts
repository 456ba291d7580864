import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlDocuments } from '../k8s/yaml-documents';
import { Json } from '../k8s/pod-templates';
import { MANIFEST_EXTENSION } from './layout';

/** The objects of one manifest file. */
export interface ManifestFile {
  /** Path relative to the folder it was read from, `/`-separated, e.g. `apps/ray-sandbox.k8s.yaml`. */
  readonly file: string;
  readonly objects: readonly Json[];
}

/** Reads the manifest files of a folder (see {@link readManifestFiles}). */
export type ManifestReader = (dir: string, recurse: boolean) => ManifestFile[];

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
    .map((file) => ({ file, objects: parseYamlDocuments(readFileSync(join(dir, file), 'utf8'), file) as Json[] }));
}

/**
 * A {@link ManifestReader} that reads and parses each folder once and then answers from memory:
 * for checks that look at the same written files several times while nothing writes to them
 * (validation of a staging folder).
 */
export function onceManifestReader(read: ManifestReader = readManifestFiles): ManifestReader {
  const folders = new Map<string, ManifestFile[]>();
  return (dir, recurse) => {
    const key = `${recurse}:${dir}`;
    let files = folders.get(key);
    if (!files) {
      files = read(dir, recurse);
      folders.set(key, files);
    }
    return files;
  };
}
