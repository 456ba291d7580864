/**
 * When an Argo `resource` step that created a RayJob is done, for KubeRay v1.7.0.
 *
 * Argo parses each condition with Kubernetes' label-selector parser and reads the keys as
 * gjson paths of the live object, polling every 5 s (`matchConditions` in
 * workflow/executor/resource.go, v4.1.2). The two lists combine differently:
 *
 * - failure: each comma-separated requirement fails the step on its own (an OR);
 * - success: every requirement must hold (an AND), and only once no failure one does.
 *
 * KubeRay's states (rayjob_controller.go, v1.7.0):
 *
 * - a Ray job that ends SUCCEEDED or STOPPED, once the submitter has finished, makes the
 *   RayJob `Complete`; one that ends FAILED makes it `Failed` (reason AppFailed). A STOPPED
 *   job (`ray job stop`) is `Complete` too, so success must also require SUCCEEDED;
 * - a spec KubeRay rejects makes it `ValidationFailed` on the first reconcile, with no
 *   `jobStatus` at all, so failure can't be keyed on `jobStatus` alone;
 * - past `activeDeadlineSeconds` it becomes `Failed` (reason DeadlineExceeded) while
 *   `jobStatus` still says RUNNING;
 * - with `backoffLimit: 0` `Failed` is final (never `Retrying`), which is what lets
 *   `jobStatus == FAILED` count as failure before the submitter pod has even exited.
 */

/** A label-selector requirement with `in` (the key exists and has one of the values). */
interface InRequirement {
  readonly key: string;
  readonly values: readonly string[];
}

function render(requirements: readonly InRequirement[]): string {
  return requirements
    .map(({ key, values }) => (values.length === 1 ? `${key} == ${values[0]}` : `${key} in (${values.join(', ')})`))
    .join(', ');
}

/** The RayJob ran and its Ray job SUCCEEDED. */
export const RAY_JOB_SUCCESS_CONDITION = render([
  { key: 'status.jobDeploymentStatus', values: ['Complete'] },
  { key: 'status.jobStatus', values: ['SUCCEEDED'] },
]);

/** Any one of: KubeRay failed or rejected the RayJob, or the Ray job FAILED or was STOPPED. */
export const RAY_JOB_FAILURE_CONDITION = render([
  { key: 'status.jobDeploymentStatus', values: ['Failed', 'ValidationFailed'] },
  { key: 'status.jobStatus', values: ['FAILED', 'STOPPED'] },
]);
