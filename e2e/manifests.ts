import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RayEnvironment } from '../src/environments';
import { readManifestFiles } from '../src/k8s/manifests';
import { KubeObject } from './control-plane';

const REPO_ROOT = join(__dirname, '..');

/** The objects of one synthesized file. */
export interface ManifestFile {
  /** Path relative to the repository root, for messages. */
  readonly path: string;
  readonly objects: KubeObject[];
  /**
   * The file as written, applied verbatim so that kubectl parses exactly what Argo CD would.
   * @default - the objects, as JSON
   */
  readonly text?: string;
}

/** Where an environment's synthesized files are: the repository's `dist/` and `argocd/`, or a temporary synth's. */
export interface OutputDirs {
  /** Folder holding `<env>/` with the charts' manifests. */
  readonly dist: string;
  /** Folder holding `<env>/` with the Argo CD objects. */
  readonly argocd: string;
}

/** The committed output: `dist/` and `argocd/` of this repository. */
export const REPOSITORY_OUTPUT: OutputDirs = { dist: join(REPO_ROOT, 'dist'), argocd: join(REPO_ROOT, 'argocd') };

/** Every `*.k8s.yaml` below `dir`, read by the project's one manifest reader; paths relative to the repository when inside it. */
function readFiles(dir: string): ManifestFile[] {
  const label = relative(REPO_ROOT, dir).startsWith('..') ? dir : relative(REPO_ROOT, dir);
  return readManifestFiles(dir).map((f) => ({
    path: `${label}/${f.file}`,
    objects: f.objects as KubeObject[],
    text: f.text,
  }));
}

/**
 * `<dist>/<env>/` and, when present, `<argocd>/<env>/` (the bootstrap and the child Applications
 * in `apps/`), as the synth wrote them (by default the repository's committed output).
 */
export function environmentManifests(env: RayEnvironment, output: OutputDirs = REPOSITORY_OUTPUT): ManifestFile[] {
  const dist = join(output.dist, env.name);
  if (!existsSync(dist)) {
    throw new Error(`${relative(REPO_ROOT, dist)}/ not found: run 'npm run synth' before the end-to-end test`);
  }
  const argocd = join(output.argocd, env.name);
  return [...readFiles(dist), ...(existsSync(argocd) ? readFiles(argocd) : [])];
}
