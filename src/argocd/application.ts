import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Application as ApplicationL1 } from '../../imports/application-argoproj.io';
import { IgnoreDifference } from './autoscaler-ignores';
import { ARGOCD_NAMESPACE } from './layout';
import { SYNC_WAVE_ANNOTATION, SyncWave } from './sync-waves';

/** Sync options we use, as Argo CD spells them. */
export enum SyncOption {
  /** Create the destination namespace if it is missing. */
  CREATE_NAMESPACE = 'CreateNamespace=true',
  /**
   * Apply server-side: no `last-applied-configuration` annotation (KubeRay's CRDs, 0.8-1.4 MB,
   * exceed its 256 KiB limit), and partial objects such as the argocd-cm patch keep other
   * owners' fields.
   */
  SERVER_SIDE_APPLY = 'ServerSideApply=true',
  /** Honour `ignoreDifferences` on sync too, so a sync does not reset the autoscaler's replicas. */
  RESPECT_IGNORE_DIFFERENCES = 'RespectIgnoreDifferences=true',
  /** Skip the dry run for kinds whose CRD an earlier wave of the same root sync installs. */
  SKIP_DRY_RUN_ON_MISSING_RESOURCE = 'SkipDryRunOnMissingResource=true',
}

/** Automated sync of one Application. */
export interface SyncPolicy {
  /** Delete live objects whose manifests were removed from the source. */
  readonly prune: boolean;
  /** Revert changes made on the cluster outside Git. */
  readonly selfHeal: boolean;
}

/** Manifests in a folder of this repository. */
export interface GitDirectorySource {
  readonly repoURL: string;
  readonly targetRevision: string;
  /** Folder in the repository. */
  readonly path: string;
  /**
   * Glob of the files to sync, e.g. `ray-sandbox.k8s.yaml`.
   * @default - every manifest in the folder
   */
  readonly include?: string;
  /**
   * Descend into sub-folders.
   * @default false
   */
  readonly recurse?: boolean;
}

/** A chart of a Helm repository. */
export interface HelmChartSource {
  readonly repoURL: string;
  readonly chart: string;
  /** Exact chart version (never a range). */
  readonly targetRevision: string;
  /** Helm release name. */
  readonly releaseName: string;
}

/** A destination cluster and namespace. */
export interface Destination {
  readonly server: string;
  readonly namespace: string;
}

export interface ApplicationProps {
  /** `metadata.name`. */
  readonly name: string;
  /** AppProject the Application belongs to. */
  readonly project: string;
  readonly source: GitDirectorySource | HelmChartSource;
  readonly destination: Destination;
  /** Wave of the Application in its root's sync. */
  readonly wave: SyncWave;
  readonly syncPolicy: SyncPolicy;
  /**
   * Sync options.
   * @default []
   */
  readonly syncOptions?: SyncOption[];
  /**
   * Fields Argo CD leaves to controllers.
   * @default []
   */
  readonly ignoreDifferences?: IgnoreDifference[];
  /**
   * Delete the Application's objects when the Application is deleted (Argo CD's resources
   * finalizer); without it they are left running.
   * @default false
   */
  readonly cascadeDelete?: boolean;
}

/**
 * Retries of a failed sync: 5 tries, 10 s doubling to at most 3 min, each on the newest
 * revision (a fix merged meanwhile is picked up instead of retrying the broken one).
 */
const RETRY = { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' }, refresh: true };

/**
 * Diff the way we apply: by a server-side dry run. A custom resource's lists are compared whole
 * by the client-side diff, so fields the API server defaults inside them (RayCluster
 * `workerGroupSpecs[].numOfHosts`, `priority`, container `ports[].protocol`) would keep the
 * object OutOfSync and be rewritten on every sync (argoproj/argo-cd#28724 describes the same for
 * another operator's CRD; the server-side diff defaults both sides).
 */
const COMPARE_OPTIONS_ANNOTATION = 'argocd.argoproj.io/compare-options';
const SERVER_SIDE_DIFF = 'ServerSideDiff=true';

const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/**
 * An Argo CD Application in Argo CD's namespace, with automated sync and retries.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/
 */
export class Application extends Construct {
  public readonly apiObject: ApiObject;
  public readonly name: string;
  public readonly wave: SyncWave;

  constructor(scope: Construct, id: string, props: ApplicationProps) {
    super(scope, id);
    this.name = props.name;
    this.wave = props.wave;
    const ignoreDifferences = props.ignoreDifferences ?? [];
    this.apiObject = new ApiObject(this, 'Resource', {
      ...ApplicationL1.GVK,
      metadata: {
        name: props.name,
        namespace: ARGOCD_NAMESPACE,
        annotations: { [SYNC_WAVE_ANNOTATION]: String(props.wave), [COMPARE_OPTIONS_ANNOTATION]: SERVER_SIDE_DIFF },
        finalizers: props.cascadeDelete ? [RESOURCES_FINALIZER] : undefined,
      },
      spec: Lazy.any({
        produce: () => ({
          project: props.project,
          source: sourceSpec(props.source),
          destination: props.destination,
          ignoreDifferences: ignoreDifferences.length > 0 ? ignoreDifferences : undefined,
          syncPolicy: {
            automated: { prune: props.syncPolicy.prune, selfHeal: props.syncPolicy.selfHeal },
            syncOptions: props.syncOptions && props.syncOptions.length > 0 ? props.syncOptions : undefined,
            retry: RETRY,
          },
        }),
      }),
    });
  }
}

function sourceSpec(source: GitDirectorySource | HelmChartSource): Record<string, unknown> {
  if ('chart' in source) {
    return {
      repoURL: source.repoURL,
      chart: source.chart,
      targetRevision: source.targetRevision,
      helm: { releaseName: source.releaseName },
    };
  }
  const directory =
    source.include !== undefined || source.recurse ? { include: source.include, recurse: source.recurse } : undefined;
  return { repoURL: source.repoURL, targetRevision: source.targetRevision, path: source.path, directory };
}
