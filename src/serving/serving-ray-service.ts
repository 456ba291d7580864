import { Construct } from 'constructs';
import { GcsFaultTolerance } from '../ray/ray-cluster-config';
import { RayService, RayServiceProps } from '../ray/ray-service';
import { ClusterCallers, RayServeNetworkPolicy } from './network-policies';
import { WorkloadServiceAccount } from './service-account';

/** Label on every Ray pod of a serving RayService: what its NetworkPolicy selects. */
export const RAY_SERVICE_LABEL = 'ray-gitops.io/ray-service';

/** What every serving chart lets an environment choose about its RayService. */
export interface ServingOptions {
  /**
   * GCS fault tolerance with an external Redis, so a head restart keeps the Serve applications
   * (production environments).
   * @default - none
   */
  readonly gcsFaultTolerance?: GcsFaultTolerance;
  /**
   * Where the KubeRay operator and Prometheus run (admitted by the NetworkPolicy).
   * @default - kuberay-system and monitoring
   */
  readonly callers?: ClusterCallers;
  /**
   * Annotations of the Ray pods' ServiceAccount (cloud identity for buckets).
   * @default {}
   */
  readonly serviceAccountAnnotations?: Record<string, string>;
}

/** Props of {@link ServingRayService}. */
export interface ServingRayServiceProps extends RayServiceProps, ServingOptions {}

/**
 * A RayService as the serving charts deploy it: its own ServiceAccount, a label on every Ray
 * pod, a NetworkPolicy that admits only the Serve port from outside the namespace, and
 * optionally GCS fault tolerance.
 */
export class ServingRayService extends Construct {
  public readonly service: RayService;
  public readonly serviceAccount: WorkloadServiceAccount;

  constructor(scope: Construct, id: string, props: ServingRayServiceProps) {
    super(scope, id);
    const { gcsFaultTolerance, callers, serviceAccountAnnotations, ...serviceProps } = props;
    const podSelector = { [RAY_SERVICE_LABEL]: props.name };
    const serviceAccountName = `${props.name}-ray`;
    this.service = new RayService(this, 'Resource', {
      ...serviceProps,
      cluster: { ...props.cluster, serviceAccountName, podLabels: { ...props.cluster.podLabels, ...podSelector }, gcsFaultTolerance },
    });
    this.serviceAccount = new WorkloadServiceAccount(this, 'ServiceAccount', {
      name: serviceAccountName,
      annotations: serviceAccountAnnotations,
      mountToken: this.service.config.autoscaling,
    });
    new RayServeNetworkPolicy(this, 'NetworkPolicy', { name: `${props.name}-ray`, podSelector, ...callers });
  }
}
