import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The annotation Argo CD orders a sync by (lower waves first, each waits for the last to be healthy). */
export const SYNC_WAVE_ANNOTATION = 'argocd.argoproj.io/sync-wave';

/**
 * The order an environment comes up in. Argo CD applies one wave and waits until everything in
 * it is healthy before the next, both for the objects of one Application and, with the
 * Application health check restored (see `argocd-config.ts`), for the child Applications of
 * the root.
 */
export enum SyncWave {
  /** What Argo CD itself must know first: the AppProjects and the health checks in argocd-cm. */
  ARGOCD_CONFIG = -1,
  /** Namespaces, CRDs and the operators that serve them (the KubeRay operator). */
  PLATFORM = 0,
  /** Storage provisioning, RBAC and configuration that workloads reference. */
  STORAGE_AND_RBAC = 1,
  /** Everything that runs: Ray clusters, jobs and services, workflow templates, claims. */
  WORKLOADS = 2,
}

const WAVE_BY_KIND: Readonly<Record<string, SyncWave>> = {
  Namespace: SyncWave.PLATFORM,
  CustomResourceDefinition: SyncWave.PLATFORM,
  StorageClass: SyncWave.STORAGE_AND_RBAC,
  PersistentVolume: SyncWave.STORAGE_AND_RBAC,
  ServiceAccount: SyncWave.STORAGE_AND_RBAC,
  Role: SyncWave.STORAGE_AND_RBAC,
  RoleBinding: SyncWave.STORAGE_AND_RBAC,
  ClusterRole: SyncWave.STORAGE_AND_RBAC,
  ClusterRoleBinding: SyncWave.STORAGE_AND_RBAC,
  ConfigMap: SyncWave.STORAGE_AND_RBAC,
  Secret: SyncWave.STORAGE_AND_RBAC,
};

/**
 * The wave an object of `kind` belongs to. A PersistentVolumeClaim goes with its consumers, not
 * with storage: a claim of a WaitForFirstConsumer class (the default class on GKE, AKS, EKS and
 * kind) stays Pending, which Argo CD reports as Progressing, until a pod uses it, so a claim in an
 * earlier wave than its pod blocks the sync forever (argoproj/argo-cd#12840, still open at v3.5.1;
 * #29201 asks to report such claims Healthy). In the workloads wave Argo CD still creates the claim
 * before the pods that mount it (it orders by kind within a wave).
 */
export function syncWaveOfKind(kind: string): SyncWave {
  return WAVE_BY_KIND[kind] ?? SyncWave.WORKLOADS;
}

/**
 * The wave of an Application holding objects of `kinds`: that of its last objects, so that every
 * Application of a later wave finds all of them applied and healthy.
 */
export function applicationWave(kinds: readonly string[]): SyncWave {
  return kinds.reduce((wave, kind) => Math.max(wave, syncWaveOfKind(kind)), SyncWave.PLATFORM);
}

/** The wave an object's annotation gives it (Argo CD's default 0 when it has none). */
export function syncWaveOf(obj: { metadata?: { annotations?: Record<string, string> } }): number {
  const value = obj.metadata?.annotations?.[SYNC_WAVE_ANNOTATION];
  return value === undefined ? 0 : Number(value);
}

/**
 * Annotates every object below `scope` with the wave of its kind, except objects whose
 * annotations (set by the user through a construct's props) already name a wave: a user's
 * value is kept, never rewritten.
 */
export function annotateSyncWaves(scope: IConstruct): void {
  for (const child of scope.node.findAll()) {
    if (!(child instanceof ApiObject)) continue;
    const annotations = (child.metadata.toJson() as { annotations?: Record<string, string> }).annotations;
    if (annotations?.[SYNC_WAVE_ANNOTATION] === undefined) {
      child.metadata.addAnnotation(SYNC_WAVE_ANNOTATION, String(syncWaveOfKind(child.kind)));
    }
  }
}
