import { existsSync } from 'node:fs';
import { join } from 'node:path';
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

/** Every `*.k8s.yaml` below `dir` (a repository path), read by the project's one manifest reader. */
function readFiles(dir: string): ManifestFile[] {
  return readManifestFiles(join(REPO_ROOT, dir)).map((f) => ({
    path: `${dir}/${f.file}`,
    objects: f.objects as KubeObject[],
    text: f.text,
  }));
}

/**
 * `dist/<env>/` and, when present, `argocd/<env>/` (the bootstrap and the child Applications in
 * `apps/`), as the synth wrote them.
 */
export function environmentManifests(env: RayEnvironment): ManifestFile[] {
  const dist = `dist/${env.name}`;
  if (!existsSync(join(REPO_ROOT, dist))) {
    throw new Error(`${dist}/ not found: run 'npm run synth' before the end-to-end test`);
  }
  return [...readFiles(dist), ...readFiles(`argocd/${env.name}`)];
}
