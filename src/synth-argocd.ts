import { existsSync } from 'node:fs';
import { RayEnvironment } from './environments/types';
import { MANIFEST_EXTENSION, ManifestReader, onceManifestReader } from './k8s/manifests';
import { LocatedFinding, validateEnvironment } from './validation/validate';
import { checkArgoCd } from './validation/argocd/check-argocd';
import { argocdPath, distPath } from './argocd/layout';

/**
 * Validates an environment's `argocd/<env>/` (sub-folders included): every object strictly
 * against its schema (the Argo CD CRDs) and our policies, then the cross-checks of `checkArgoCd`
 * with the two folders standing in for `dist/<env>` and `argocd/<env>` of the repository.
 * Each file is read and parsed once: every check sees the objects of the bytes written.
 * @param read reads a folder's manifest files (pass the reader that already read `distDir`; a
 * `SynthOutput`'s reader for files not yet written)
 * @param exists whether a folder exists (a `SynthOutput`'s `holds` for files not yet written)
 * @default read - a fresh `onceManifestReader()`
 * @default exists - `existsSync`
 */
export function validateArgoCd(
  environment: RayEnvironment,
  distDir: string,
  argocdDir: string,
  read: ManifestReader = onceManifestReader(),
  exists: (dir: string) => boolean = existsSync,
): LocatedFinding[] {
  const charts = read(argocdDir).map((f) => ({ chart: `${argocdPath(environment)}/${f.file.slice(0, -MANIFEST_EXTENSION.length)}`, objects: f.objects }));
  const schemaFindings = validateEnvironment(environment, charts);
  const folders: Record<string, string> = { [distPath(environment)]: distDir, [argocdPath(environment)]: argocdDir };
  return [...schemaFindings, ...checkArgoCd(environment, (repoPath) => (folders[repoPath] !== undefined && exists(folders[repoPath]) ? folders[repoPath] : undefined), read)];
}
