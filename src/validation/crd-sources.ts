import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One upstream CustomResourceDefinition the generator types and validates against. */
export interface CrdSource {
  /** Prefix of the generated file in `imports/` (`<prefix>-<group>.ts`). */
  readonly prefix: string;
  /** File name under the CRD directory (`<project>/<file>`). */
  readonly file: string;
}

/**
 * The CRDs we import and validate against. Versions: KubeRay v1.7.0, Argo Workflows v4.1.2,
 * Argo CD v3.5.1 (see cdk8s.yaml for the upstream URLs).
 */
export const CRD_SOURCES: readonly CrdSource[] = [
  { prefix: 'raycluster', file: 'kuberay/ray.io_rayclusters.yaml' },
  { prefix: 'rayjob', file: 'kuberay/ray.io_rayjobs.yaml' },
  { prefix: 'rayservice', file: 'kuberay/ray.io_rayservices.yaml' },
  { prefix: 'workflowtemplate', file: 'argo-workflows/argoproj.io_workflowtemplates.yaml' },
  { prefix: 'cronworkflow', file: 'argo-workflows/argoproj.io_cronworkflows.yaml' },
  { prefix: 'application', file: 'argo-cd/application-crd.yaml' },
  { prefix: 'appproject', file: 'argo-cd/appproject-crd.yaml' },
];

/**
 * Where the upstream CRD files live: `$RAY_GITOPS_CRDS_DIR`, else `../shared/crds` beside the
 * repository. They are data, not part of the repository.
 */
export function crdsDir(): string {
  const dir = process.env.RAY_GITOPS_CRDS_DIR ?? resolve(__dirname, '..', '..', '..', 'shared', 'crds');
  if (!existsSync(join(dir, 'kuberay'))) {
    throw new Error(
      `CRD directory '${dir}' not found (expected kuberay/, argo-workflows/, argo-cd/ inside). ` +
        'Set RAY_GITOPS_CRDS_DIR to a folder holding the upstream CRDs named in cdk8s.yaml.',
    );
  }
  return dir;
}
