import { GroupKind } from './app-project';

/**
 * The cluster-scoped kinds a chart of ours or an operator we install may create. An AppProject
 * lists the ones its Applications create (`clusterResourceWhitelist`); the checks key these
 * objects without a namespace.
 */
export const CLUSTER_SCOPED_KINDS: readonly GroupKind[] = [
  { group: '', kind: 'Namespace' },
  { group: '', kind: 'PersistentVolume' },
  { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  { group: 'storage.k8s.io', kind: 'StorageClass' },
  { group: 'scheduling.k8s.io', kind: 'PriorityClass' },
  { group: 'argoproj.io', kind: 'ClusterWorkflowTemplate' },
];

/** The API group of an `apiVersion` (`''` for the core group's `v1`). */
export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Whether objects of `group`/`kind` have no namespace. */
export function isClusterScoped(group: string, kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.some((k) => k.group === group && k.kind === kind);
}

/** Whether `group` is served by Kubernetes itself (core, `apps`, `batch`, `*.k8s.io`). */
export function isBuiltInGroup(group: string): boolean {
  return !group.includes('.') || group.endsWith('.k8s.io');
}
