import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** Props of {@link WorkloadServiceAccount}. */
export interface WorkloadServiceAccountProps {
  /** `metadata.name`. */
  readonly name: string;
  /**
   * Annotations, e.g. the cloud identity the pods act as (`iam.gke.io/gcp-service-account`).
   * @default {}
   */
  readonly annotations?: Record<string, string>;
  /**
   * Mount the API token: only for pods that call the Kubernetes API (the Ray autoscaler
   * sidecar of a head, which KubeRay grants pod rights through a RoleBinding to this account).
   * @default false
   */
  readonly mountToken?: boolean;
}

/**
 * One ServiceAccount per workload, so that cloud identities and RBAC are granted per workload
 * and not to the namespace's `default`. No API token is mounted unless asked for. Cloud
 * identities work without it: GKE's metadata server needs no token, and the AKS and EKS
 * identity webhooks project their own.
 */
export class WorkloadServiceAccount extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: WorkloadServiceAccountProps) {
    super(scope, id);
    this.name = props.name;
    new k8s.KubeServiceAccount(this, 'Resource', {
      metadata: { name: props.name, annotations: props.annotations },
      automountServiceAccountToken: props.mountToken ?? false,
    });
  }
}
