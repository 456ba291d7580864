import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { RayEnvironment } from '../src/environments';
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

function readFiles(dir: string, suffix: string): ManifestFile[] {
  return readdirSync(join(REPO_ROOT, dir))
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      const text = readFileSync(join(REPO_ROOT, path), 'utf8');
      const objects = parseAllDocuments(text)
        .map((doc) => doc.toJS() as KubeObject | null)
        .filter((o): o is KubeObject => o !== null);
      return { path, objects, text };
    });
}

/** `dist/<env>/*.k8s.yaml` and, when present, `argocd/<env>/*.yaml`, as the synth wrote them. */
export function environmentManifests(env: RayEnvironment): ManifestFile[] {
  const dist = join('dist', env.name);
  if (!existsSync(join(REPO_ROOT, dist))) {
    throw new Error(`${dist}/ not found: run 'npm run synth' before the cluster test`);
  }
  const argocd = join('argocd', env.name);
  return [...readFiles(dist, '.k8s.yaml'), ...(existsSync(join(REPO_ROOT, argocd)) ? readFiles(argocd, '.yaml') : [])];
}
