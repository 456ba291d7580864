/**
 * Upstream test cases that no manifest can express: they check the `status` the operator writes,
 * or Go-only states of a spec that YAML and the API server cannot produce. Listed so that the
 * count of KubeRay v1.7.0's cases is complete.
 */
export interface UpstreamException {
  /** `<Go test function>/<case name>` as in {@link UpstreamCase}. */
  readonly upstream: string;
  readonly reason: string;
}

const STATUS = 'checks status the operator writes (ValidateRayClusterStatus / ValidateRayJobStatus), never part of a manifest';
const NIL_POINTER = 'a nil pointer in Go; in YAML the API server applies the CRD default (minReplicas 0, maxReplicas 2147483647) before KubeRay sees it';

export const UPSTREAM_EXCEPTIONS: readonly UpstreamException[] = [
  { upstream: 'TestValidateRayClusterStatus/Both suspending and suspended are true', reason: STATUS },
  { upstream: 'TestValidateRayClusterStatus/Only suspending is true', reason: STATUS },
  { upstream: 'TestValidateRayClusterStatus/Only suspended is true', reason: STATUS },
  { upstream: 'TestValidateRayClusterStatus/Both suspending and suspended are false', reason: STATUS },
  { upstream: 'TestValidateRayJobStatus/JobDeploymentStatus is Waiting and SubmissionMode is not InteractiveMode', reason: STATUS },
  { upstream: 'TestValidateRayJobStatus/JobDeploymentStatus is Waiting and SubmissionMode is InteractiveMode', reason: STATUS },
  { upstream: 'TestValidateRayJobStatus/JobDeploymentStatus is not Waiting and SubmissionMode is not InteractiveMode', reason: STATUS },
  { upstream: 'TestValidateRayClusterSpec_WorkerGroupReplicaValidation/minReplicas are nil when autoscaling disabled', reason: NIL_POINTER },
  { upstream: 'TestValidateRayClusterSpec_WorkerGroupReplicaValidation/maxReplicas are nil when autoscaling disabled', reason: NIL_POINTER },
  { upstream: 'TestValidateRayClusterSpec_WorkerGroupReplicaValidation/minReplicas and maxReplicas both are nil when autoscaling disabled', reason: NIL_POINTER },
];
