import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * The upstream CRDs the repository carries (KubeRay v1.7.0, Argo Workflows v4.1.2, Argo CD
 * v3.5.1): `crds/<project>/<file>.yaml.gz`, each the exact bytes upstream publishes at the URL
 * `cdk8s.yaml` names, gzipped; `crds/crds.lock.json` records URL, version and sha256 of each
 * (`npm run import` refreshes them).
 */
export const CARRIED_CRDS_DIR = join(__dirname, '..', '..', 'crds');

/**
 * Where the CRD files are read from: `$RAY_GITOPS_CRDS_DIR` when set (an override, e.g. a folder
 * of other versions), else the carried {@link CARRIED_CRDS_DIR}.
 * @throws Error when the folder does not exist or holds no CRD file
 */
export function crdsDir(): string {
  const dir = process.env.RAY_GITOPS_CRDS_DIR ?? CARRIED_CRDS_DIR;
  if (!existsSync(dir) || crdFiles(dir).length === 0) {
    const source = process.env.RAY_GITOPS_CRDS_DIR === undefined ? 'the carried CRD folder' : 'RAY_GITOPS_CRDS_DIR';
    throw new Error(`CRD folder '${dir}' (${source}): expected *.yaml or *.yaml.gz CustomResourceDefinition files in it, found none`);
  }
  return dir;
}

/** The CRD files below `dir` (`*.yaml`, `*.yml`, and the same gzipped), relative to it, sorted. */
export function crdFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((entry) => /\.ya?ml(\.gz)?$/.test(entry))
    .sort();
}

/** The text of a CRD file's bytes (`file` as {@link crdFiles} names it: gunzipped when it ends in `.gz`). */
export function crdText(file: string, bytes: Buffer): string {
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}
