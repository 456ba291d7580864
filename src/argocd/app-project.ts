import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AppProject as AppProjectL1 } from '../../imports/appproject-argoproj.io';
import { Destination } from './application';
import { ARGOCD_NAMESPACE } from './layout';
import { SYNC_WAVE_ANNOTATION, SyncWave } from './sync-waves';

/** A Kubernetes kind by API group (`''` for the core group) and name. */
export interface GroupKind {
  readonly group: string;
  readonly kind: string;
}

export interface AppProjectProps {
  /** `metadata.name`. */
  readonly name: string;
  /** One line on what the project's Applications deploy. */
  readonly description: string;
  /** Repositories (Git or Helm) its Applications may use; exact URLs, no wildcards. */
  readonly sourceRepos: string[];
  /** Clusters and namespaces its Applications may deploy to; exact names, no wildcards. */
  readonly destinations: Destination[];
  /** The cluster-scoped kinds its Applications may create (none unless listed). */
  readonly clusterResources: GroupKind[];
  /**
   * The namespaced kinds its Applications may create.
   * @default - every namespaced kind
   */
  readonly namespaceResources?: GroupKind[];
}

/**
 * An Argo CD AppProject: what its Applications may deploy from where to where.
 * @see https://argo-cd.readthedocs.io/en/stable/user-guide/projects/
 */
export class AppProject extends Construct {
  public readonly apiObject: ApiObject;
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AppProjectProps) {
    super(scope, id);
    this.name = props.name;
    this.apiObject = new ApiObject(this, 'Resource', {
      ...AppProjectL1.GVK,
      metadata: {
        name: props.name,
        namespace: ARGOCD_NAMESPACE,
        annotations: { [SYNC_WAVE_ANNOTATION]: String(SyncWave.ARGOCD_CONFIG) },
      },
      spec: {
        description: props.description,
        sourceRepos: props.sourceRepos,
        destinations: props.destinations,
        clusterResourceWhitelist: props.clusterResources,
        namespaceResourceWhitelist: props.namespaceResources,
      },
    });
  }
}
