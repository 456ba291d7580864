import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Json } from './pod-templates';
import { yamlDocumentsOf } from './yaml-documents';

/**
 * Extension of every manifest file the synth writes and Argo CD syncs: `dist/<env>/<chart>.k8s.yaml`,
 * `argocd/<env>/bootstrap.k8s.yaml`, `argocd/<env>/apps/<chart>.k8s.yaml`. Other files
 * (`dist/<env>/serve-configs/*.yaml`) are not Kubernetes objects.
 */
export const MANIFEST_EXTENSION = '.k8s.yaml';

/** Folders of a synthesized tree that hold per-environment manifests (`<root>/<env>/`), in report order. */
export const MANIFEST_ROOTS = ['dist', 'argocd'] as const;

/** The objects of one manifest file, as written. */
export interface ManifestFile {
  /** Path relative to the folder it was read from, `/`-separated, e.g. `apps/ray-sandbox.k8s.yaml`. */
  readonly file: string;
  /** The file's text, for tools that must apply exactly what Argo CD would (kubectl). */
  readonly text: string;
  /** Its YAML documents, empty documents left out. */
  readonly objects: readonly Json[];
}

/** One Kubernetes object of a synthesized tree and the file it came from. */
export interface SourcedObject {
  /** Path of the file, relative to the tree: `dist/gke/ray-sandbox.k8s.yaml`. */
  readonly file: string;
  readonly object: Json;
}

/** Every object of every environment of a synthesized tree, by environment name. */
export type EnvironmentObjects = ReadonlyMap<string, readonly SourcedObject[]>;

/**
 * The manifest files (`*.k8s.yaml`) in `dir` and all its sub-folders, sorted by path; empty when
 * `dir` does not exist. This is the one reader of written manifests: synth, validate, Argo CD,
 * diff, diagram and the end-to-end test all read through it.
 *
 * @param recurse false reads `dir` itself only (an Argo CD Application without `directory.recurse`)
 * @throws Error naming the file and document when a document is not YAML or not a Kubernetes object
 */
export function readManifestFiles(dir: string, recurse = true): ManifestFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir, { recursive: recurse, encoding: 'utf8' })
    .map((entry) => entry.split('\\').join('/'))
    .filter((file) => file.endsWith(MANIFEST_EXTENSION) && statSync(join(dir, file)).isFile())
    .sort()
    .map((file) => manifestFile(file, readFileSync(join(dir, file), 'utf8')));
}

/**
 * A manifest file of `text`, named `file` (relative to its folder, `/`-separated).
 * @throws Error as {@link parseManifests}
 */
export function manifestFile(file: string, text: string): ManifestFile {
  return { file, text, objects: parseManifests(text, file) };
}

/**
 * The Kubernetes objects of a manifest file's text; `file` names it in errors.
 * @throws Error `<file>: line <n>: <reason>` for text that is not YAML, `<file>: document <n> ...` for a document without `kind`
 */
export function parseManifests(text: string, file: string): Json[] {
  return yamlDocumentsOf(text, file)
    .filter(({ value }) => value !== null && value !== undefined)
    .map(({ value, document }) => ({ object: value, document }))
    .map(({ object, document }) => {
      if (typeof object !== 'object' || Array.isArray(object) || typeof (object as Json).kind !== 'string') {
        throw new Error(`${file}: document ${document} is not a Kubernetes object (expected a mapping with 'kind')`);
      }
      return object as Json;
    });
}

/** Reads the manifest files of a folder, as {@link readManifestFiles} does. */
export type ManifestReader = (dir: string, recurse?: boolean) => ManifestFile[];

/**
 * A {@link ManifestReader} that reads and parses each folder once and then answers from memory:
 * for the checks of one synth, which look at the same written files several times while nothing
 * writes to them (every check still sees the objects of the bytes written).
 * @default read - `readManifestFiles`
 */
export function onceManifestReader(read: ManifestReader = readManifestFiles): ManifestReader {
  const folders = new Map<string, ManifestFile[]>();
  return (dir, recurse = true) => {
    let files = folders.get(dir);
    if (!files) {
      files = read(dir, true);
      folders.set(dir, files);
    }
    // Without recursion: the files directly in `dir`, whose relative path has no folder.
    return recurse ? files : files.filter((f) => !f.file.includes('/'));
  };
}

/**
 * Reads `dist/<env>/` and `argocd/<env>/` (every `*.k8s.yaml`, sub-folders included) of a
 * synthesized tree: a checkout after `npm run synth`.
 */
export function readSynthesizedTree(root: string): Map<string, SourcedObject[]> {
  const environments = new Map<string, SourcedObject[]>();
  for (const base of MANIFEST_ROOTS) {
    const baseDir = join(root, base);
    if (!existsSync(baseDir)) continue;
    for (const env of readdirSync(baseDir).sort()) {
      if (!statSync(join(baseDir, env)).isDirectory()) continue;
      const objects = readManifestFiles(join(baseDir, env)).flatMap((f) =>
        f.objects.map((object) => ({ file: `${base}/${env}/${f.file}`, object })),
      );
      environments.set(env, [...(environments.get(env) ?? []), ...objects]);
    }
  }
  return environments;
}

/** The chart a manifest file holds: its base name without `.k8s.yaml` (`dist/gke/ray-sandbox.k8s.yaml` → `ray-sandbox`). */
export function chartOf(file: string): string {
  const name = file.split('/').pop() ?? file;
  return name.endsWith(MANIFEST_EXTENSION) ? name.slice(0, -MANIFEST_EXTENSION.length) : name;
}
