import { RayEnvironment } from '../environments/types';

/** Namespace Argo CD runs in; Applications and AppProjects live there. */
export const ARGOCD_NAMESPACE = 'argocd';

/** The API server of the cluster Argo CD runs in, as Argo CD names it. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** Repository folder of the synthesized manifests: `dist/<env>/<chart>.k8s.yaml`. */
export const DIST_DIR = 'dist';

/** Repository folder of the Argo CD objects: `argocd/<env>/` (bootstrap) and `argocd/<env>/apps/`. */
export const ARGOCD_DIR = 'argocd';

/** Sub-folder of `argocd/<env>/` with one child Application per file; the root syncs it. */
export const APPS_DIR = 'apps';

/** Repository path of an environment's manifests. */
export function distPath(environment: RayEnvironment): string {
  return `${DIST_DIR}/${environment.name}`;
}

/** Repository path of an environment's Argo CD objects. */
export function argocdPath(environment: RayEnvironment): string {
  return `${ARGOCD_DIR}/${environment.name}`;
}

/** The AppProjects of one environment, least privilege each. */
export function projectNames(environment: RayEnvironment): { root: string; platform: string; workloads: string } {
  const base = `ray-gitops-${environment.name}`;
  return { root: `${base}-root`, platform: `${base}-platform`, workloads: base };
}

/** Name of the root Application of an environment. */
export function rootApplicationName(environment: RayEnvironment): string {
  return `ray-gitops-${environment.name}`;
}

/** Name of a child Application: environment first, so one Argo CD can serve several environments. */
export function childApplicationName(environment: RayEnvironment, id: string): string {
  return `${environment.name}-${id}`;
}
