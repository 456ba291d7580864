import { argoWorkflowSpec, embeddedObjects } from '../../k8s/argo-workflows';
import { formatPath } from '../../k8s/field-path';
import { objectItems, objectOrUndefined } from '../../k8s/json';
import { parseSelector } from '../../k8s/label-selector';
import { Finding } from '../finding';
import { ObjectPolicy } from './policy';

/**
 * The status fields KubeRay v1.7.0 writes that an Argo condition can compare, with every value it
 * writes (`ray-operator/apis/ray/v1/rayjob_types.go` JobStatus, JobDeploymentStatus and
 * JobFailedReason; `raycluster_types.go` ClusterState; `rayservice_types.go` ServiceStatus). The
 * empty values (`New`, `NotRunning`) are never written: the fields are `omitempty`.
 */
export const KUBERAY_STATUS_VALUES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  RayJob: {
    'status.jobStatus': ['PENDING', 'RUNNING', 'STOPPED', 'SUCCEEDED', 'FAILED'],
    'status.jobDeploymentStatus': ['Initializing', 'Running', 'Complete', 'Failed', 'ValidationFailed', 'Suspending', 'Suspended', 'Retrying', 'Waiting'],
    'status.reason': [
      'SubmissionFailed',
      'DeadlineExceeded',
      'PreRunningDeadlineExceeded',
      'AppFailed',
      'JobDeploymentStatusTransitionGracePeriodExceeded',
      'JobStatusCheckTimeoutExceeded',
      'ValidationFailed',
    ],
  },
  RayCluster: { 'status.state': ['ready', 'failed', 'suspended'] },
  RayService: { 'status.serviceStatus': ['Running'] },
};

const CONDITIONS = [
  ['successCondition', 'succeed'],
  ['failureCondition', 'fail'],
] as const;

/**
 * The `successCondition` / `failureCondition` of an Argo `resource` template that creates or
 * watches a RayJob, RayCluster or RayService parse as Argo parses them (Kubernetes' label-selector
 * grammar, `workflow/executor/resource.go` of Argo Workflows v4.1.2) and compare KubeRay's status
 * fields only with values KubeRay writes. Values are case-sensitive: `status.jobStatus ==
 * Succeeded` never matches KubeRay's `SUCCEEDED`, so the step never succeeds and waits until its
 * deadline. Runs on Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow.
 */
export const argoKubeRayConditions: ObjectPolicy = {
  id: 'policy/argo-kuberay-conditions',
  description: "an Argo resource template's successCondition/failureCondition on a KubeRay object compares its status fields with values KubeRay writes",
  check(obj) {
    const findings: Finding[] = [];
    const workflow = argoWorkflowSpec(obj);
    const templates = new Map(
      objectItems(workflow?.spec.templates).map(({ item: t, index: i }) => [formatPath([...workflow!.path, 'templates', i, 'resource']), objectOrUndefined(t.resource)]),
    );
    for (const embedded of embeddedObjects(obj)) {
      const known = embedded.object.apiVersion === 'ray.io/v1' ? KUBERAY_STATUS_VALUES[embedded.object.kind] : undefined;
      if (!known) continue;
      const resourcePath = embedded.path.replace(/\.manifest$/, '');
      const resource = templates.get(resourcePath);
      for (const [field, outcome] of CONDITIONS) {
        const condition = resource?.[field];
        if (typeof condition !== 'string') continue;
        const path = `${resourcePath}.${field}`;
        let requirements;
        try {
          requirements = parseSelector(condition);
        } catch (error) {
          findings.push({ rule: this.id, path, message: `${JSON.stringify(condition)} is not a condition Argo can parse (${(error as Error).message}); the step fails when it starts` });
          continue;
        }
        for (const { key, operator, values } of requirements) {
          const allowed = known[key];
          if (!allowed || !['in', 'notin', '=', '==', '!='].includes(operator)) continue;
          for (const value of values.filter((v) => !allowed.includes(v))) {
            const effect = ['in', '=', '=='].includes(operator) ? `the step would never ${outcome} on it` : `the requirement always holds`;
            findings.push({
              rule: this.id,
              path,
              message: `${key} ${operator} ${value || "''"}: expected one of KubeRay's ${embedded.object.kind} ${key} values (${allowed.join(', ')}), got ${JSON.stringify(value)}; ${effect}`,
            });
          }
        }
      }
    }
    return findings;
  },
};
