import { rayJobSpecOf } from '../../k8s/ray-cluster-spec';
import { ObjectPolicy } from './policy';

/** The submission modes whose submitter runs `ray job submit ... -- <entrypoint> ;`. */
const SUBMITTER_MODES = ['K8sJobMode', 'SidecarMode'];

/**
 * A RayJob that KubeRay submits with a submitter (K8sJobMode, the default, and SidecarMode) has
 * an entrypoint. KubeRay v1.7.0 does not check it (`ValidateRayJobSpec` never reads it), and
 * `BuildJobSubmitCommand` (ray-operator/controllers/ray/common/job.go@v1.7.0) writes
 * `ray job submit ... -- <entrypoint> ;`: with an empty entrypoint bash sees `ray job submit ... -- ;`,
 * and Ray's CLI declares ENTRYPOINT `required=True` (ray/dashboard/modules/job/cli.py), so the
 * submitter fails with "Missing argument 'ENTRYPOINT...'" after the whole cluster has started.
 * InteractiveMode (the user submits), HTTPMode (KubeRay posts the job itself) and a K8sJobMode
 * submitter with its own command are left alone.
 */
export const rayJobEntrypoint: ObjectPolicy = {
  id: 'policy/rayjob-entrypoint',
  description: 'a RayJob submitted by a submitter (K8sJobMode, SidecarMode) has an entrypoint',
  check(obj) {
    const job = obj.apiVersion === 'ray.io/v1' ? rayJobSpecOf(obj) : undefined;
    if (!job) return [];
    const mode = job.spec.submissionMode ?? 'K8sJobMode';
    if (!SUBMITTER_MODES.includes(mode) || (typeof job.spec.entrypoint === 'string' && job.spec.entrypoint.trim() !== '')) return [];
    // In K8sJobMode a submitter container with its own command runs that command instead
    // (`configureSubmitterContainer`, rayjob_controller.go@v1.7.0; KubeRay's sample
    // ray-job.light-weight-submitter.yaml passes the entrypoint that way). SidecarMode always
    // uses KubeRay's command.
    const ownCommand = job.spec.submitterPodTemplate?.spec?.containers?.[0]?.command;
    if (mode === 'K8sJobMode' && Array.isArray(ownCommand) && ownCommand.length > 0) return [];
    return [
      {
        rule: this.id,
        path: `${job.path}.entrypoint`,
        message:
          `expected the command the job runs (e.g. "python my_job.py"), got ${job.spec.entrypoint === undefined ? 'nothing' : JSON.stringify(job.spec.entrypoint)}: ` +
          `in ${mode} KubeRay's submitter runs \`ray job submit ... -- ;\`, which Ray's CLI refuses (ENTRYPOINT is required), so the job fails after the cluster has started`,
      },
    ];
  },
};
