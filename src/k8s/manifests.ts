import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Json } from './pod-templates';

/** Folders of a synthesized tree that hold per-environment manifests, in report order. */
export const MANIFEST_ROOTS = ['dist', 'argocd'] as const;

/** One Kubernetes object of a synthesized tree and the file it came from. */
export interface SourcedObject {
  /** Path of the file, relative to the tree: `dist/gke/ray-sandbox.k8s.yaml`. */
  readonly file: string;
  readonly object: Json;
}

/** Every object of every environment of a synthesized tree, by environment name. */
export type EnvironmentObjects = ReadonlyMap<string, readonly SourcedObject[]>;

/**
 * Reads `dist/<env>/*.k8s.yaml` and every `*.yaml` below `argocd/<env>/` of a synthesized tree
 * (a checkout after `npm run synth`). Other files (`dist/<env>/serve-configs/`) are not
 * Kubernetes objects: the RayService carries the same Serve config.
 */
export function readSynthesizedTree(root: string): Map<string, SourcedObject[]> {
  const environments = new Map<string, SourcedObject[]>();
  for (const base of MANIFEST_ROOTS) {
    const baseDir = join(root, base);
    if (!existsSync(baseDir)) continue;
    for (const env of readdirSync(baseDir).sort()) {
      const envDir = join(baseDir, env);
      if (!statSync(envDir).isDirectory()) continue;
      const files = base === 'dist' ? manifestFiles(envDir, false) : manifestFiles(envDir, true);
      const objects = files.flatMap((file) => readObjects(file, relative(root, file)));
      environments.set(env, [...(environments.get(env) ?? []), ...objects]);
    }
  }
  return environments;
}

function manifestFiles(dir: string, recurse: boolean): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return recurse ? manifestFiles(path, true) : [];
      const wanted = recurse ? entry.name.endsWith('.yaml') : entry.name.endsWith('.k8s.yaml');
      return wanted ? [path] : [];
    });
}

/** Parses the YAML documents of one manifest file; a document that is not an object is an error. */
export function readObjects(path: string, file: string): SourcedObject[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((doc, i) => {
      if (doc.errors.length > 0) throw new Error(`${file}: document ${i + 1}: ${doc.errors[0].message}`);
      return doc.toJS() as unknown;
    })
    .filter((o) => o !== null)
    .map((object, i) => {
      if (typeof object !== 'object' || Array.isArray(object) || typeof (object as Json).kind !== 'string') {
        throw new Error(`${file}: document ${i + 1} is not a Kubernetes object (expected a mapping with 'kind')`);
      }
      return { file, object: object as Json };
    });
}

/** The chart an object belongs to: its file name without `.k8s.yaml` (`ray-sandbox`). */
export function chartOf(file: string): string {
  const name = file.split('/').pop() ?? file;
  return name.replace(/\.k8s\.yaml$|\.yaml$/, '');
}
