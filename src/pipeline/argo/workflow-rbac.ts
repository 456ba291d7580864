import { Construct } from 'constructs';
import { k8s } from 'cdk8s-plus-28';

/**
 * What the pipeline's workflow pods do against the Kubernetes API, and nothing more:
 *
 * - the `resource` steps create their RayJob (`kubectl create`) and then poll it with GET
 *   until a success or failure condition holds;
 * - every pod's executor reports outputs and progress through WorkflowTaskResults (Argo
 *   Workflows >= 3.4: create and patch).
 *
 * Steps never patch, delete or list RayJobs: a finished job is removed with its Workflow
 * (owner reference) by the garbage collector. On clusters that enable the
 * OwnerReferencesPermissionEnforcement admission plugin (OpenShift), `setOwnerReference`
 * additionally needs `update` on `workflows/finalizers`; GKE, AKS and EKS don't enable it.
 * @see https://argo-workflows.readthedocs.io/en/latest/workflow-rbac/
 */
export const PIPELINE_WORKFLOW_RULES: readonly k8s.PolicyRule[] = [
  { apiGroups: ['ray.io'], resources: ['rayjobs'], verbs: ['create', 'get'] },
  { apiGroups: ['argoproj.io'], resources: ['workflowtaskresults'], verbs: ['create', 'patch'] },
];

/** The ServiceAccount the pipeline's workflows run as, bound to a Role with PIPELINE_WORKFLOW_RULES. */
export class WorkflowRbac extends Construct {
  public readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: { readonly name: string }) {
    super(scope, id);
    this.serviceAccountName = props.name;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: props.name } });
    new k8s.KubeRole(this, 'Role', { metadata: { name: props.name }, rules: [...PIPELINE_WORKFLOW_RULES] });
    new k8s.KubeRoleBinding(this, 'RoleBinding', {
      metadata: { name: props.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: props.name },
      subjects: [{ kind: 'ServiceAccount', name: props.name }],
    });
  }
}
