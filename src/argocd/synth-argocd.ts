import { App } from 'cdk8s';
import { RayEnvironment } from '../environments/types';
import { LocatedFinding, validateManifests } from '../validation/validate';
import { checkArgoCd } from './check-argocd';
import { argocdApps } from './environment-argocd';
import { MANIFEST_EXTENSION, argocdPath, distPath } from './layout';
import { readManifestFiles } from './manifest-files';
import { writeApp } from '../yaml/write-app';

/**
 * Writes `argocd/<env>/` for an environment whose manifests were synthesized into `distDir`
 * (both may be staging folders) and validates it: every object strictly against its schema
 * (the Argo CD CRDs) and our policies, then the cross-checks of `checkArgoCd` with the two
 * folders standing in for `dist/<env>` and `argocd/<env>` of the repository.
 */
export function synthesizeArgoCd(environment: RayEnvironment, workloads: App, distDir: string, argocdDir: string): LocatedFinding[] {
  for (const app of argocdApps(environment, workloads, argocdDir)) writeApp(app);
  const files = readManifestFiles(argocdDir, true);
  const everything = files.flatMap((f) => f.objects);
  const schemaFindings = files.flatMap((f) =>
    validateManifests(f.objects, environment, everything).map((finding) => ({
      ...finding,
      environment: environment.name,
      chart: `${argocdPath(environment)}/${f.file.slice(0, -MANIFEST_EXTENSION.length)}`,
    })),
  );
  const folders: Record<string, string> = { [distPath(environment)]: distDir, [argocdPath(environment)]: argocdDir };
  return [...schemaFindings, ...checkArgoCd(environment, (repoPath) => folders[repoPath])];
}
