import { ObjectPolicy } from './policy';

/** KubeRay v1.7.0's `JobSubmissionMode` constants (`ray-operator/apis/ray/v1/rayjob_types.go`). */
export const SUBMISSION_MODES = ['K8sJobMode', 'HTTPMode', 'InteractiveMode', 'SidecarMode'] as const;

/**
 * A RayJob's `submissionMode` is one KubeRay knows. Not a KubeRay check: the CRD has no enum and
 * `ValidateRayJobSpec` does not look at it, but the controller only submits in the modes it
 * knows (`rayjob_controller.go`), so a misspelled mode starts the cluster and the job waits
 * forever.
 */
export const rayJobSubmissionMode: ObjectPolicy = {
  id: 'policy/rayjob-submission-mode',
  description: `a RayJob's submissionMode is one of ${SUBMISSION_MODES.join(', ')}`,
  check(obj) {
    const mode = obj.spec?.submissionMode;
    if (obj.apiVersion !== 'ray.io/v1' || obj.kind !== 'RayJob' || mode === undefined) return [];
    if ((SUBMISSION_MODES as readonly unknown[]).includes(mode)) return [];
    return [
      {
        rule: this.id,
        path: 'spec.submissionMode',
        message: `submissionMode is ${JSON.stringify(mode)}, expected one of ${SUBMISSION_MODES.join(', ')}; KubeRay starts the cluster but no code path submits the job, so the RayJob waits forever`,
      },
    ];
  },
};
