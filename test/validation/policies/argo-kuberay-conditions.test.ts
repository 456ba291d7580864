import { describe, expect, it } from 'vitest';
import { OBJECT_POLICIES } from '../../../src/validation/policies';
import { argoKubeRayConditions } from '../../../src/validation/policies/argo-kuberay-conditions';
import { RAY_JOB_FAILURE_CONDITION, RAY_JOB_SUCCESS_CONDITION } from '../../../src/pipeline/argo/ray-job-conditions';

// KubeRay v1.7.0 writes status.jobStatus in upper case (rayjob_types.go JobStatus), so an Argo
// condition on `Succeeded` never matches and the step waits until its deadline.
type Obj = Record<string, any>;

const RAYJOB = 'apiVersion: ray.io/v1\nkind: RayJob\nmetadata:\n  generateName: job-\nspec:\n  entrypoint: python x.py\n';
const RAYCLUSTER = 'apiVersion: ray.io/v1\nkind: RayCluster\nmetadata:\n  name: c\n';

function template(successCondition: string, failureCondition: string, manifest = RAYJOB): Obj {
  return { name: 'main', resource: { action: 'create', successCondition, failureCondition, manifest } };
}

function object(kind: string, tpl: Obj): Obj {
  const templates = [{ name: 'entry', steps: [[{ name: 'run', template: 'main' }]] }, tpl];
  const spec = kind === 'CronWorkflow' ? { schedules: ['0 2 * * *'], workflowSpec: { entrypoint: 'entry', templates } } : { entrypoint: 'entry', templates };
  return { apiVersion: 'argoproj.io/v1alpha1', kind, metadata: { name: 'w' }, spec };
}

const check = (obj: Obj) => argoKubeRayConditions.check(obj).map((f) => `${f.path}: ${f.message}`);

describe('policy/argo-kuberay-conditions', () => {
  it('runs on any YAML', () => {
    expect(OBJECT_POLICIES).toContain(argoKubeRayConditions);
  });

  it.each([
    ['Workflow', 'spec.templates[1]'],
    ['WorkflowTemplate', 'spec.templates[1]'],
    ['ClusterWorkflowTemplate', 'spec.templates[1]'],
    ['CronWorkflow', 'spec.workflowSpec.templates[1]'],
  ])('rejects a %s whose successCondition compares status.jobStatus with a value KubeRay never writes', (kind, at) => {
    expect(check(object(kind, template('status.jobStatus == Succeeded', 'status.jobStatus == FAILED')))).toEqual([
      `${at}.resource.successCondition: status.jobStatus == Succeeded: expected one of KubeRay's RayJob status.jobStatus values (PENDING, RUNNING, STOPPED, SUCCEEDED, FAILED), got "Succeeded"; the step would never succeed on it`,
    ]);
  });

  it('checks every value of an in-list, the failure side and RayCluster states', () => {
    expect(check(object('Workflow', template('status.jobDeploymentStatus == Complete', 'status.jobDeploymentStatus in (Failed, Error)')))).toEqual([
      expect.stringMatching(/^spec\.templates\[1\]\.resource\.failureCondition: status\.jobDeploymentStatus in Error: .*got "Error"; the step would never fail on it$/),
    ]);
    expect(check(object('Workflow', template('status.state == Ready', '', RAYCLUSTER)))).toEqual([
      expect.stringMatching(/^spec\.templates\[1\]\.resource\.successCondition: status\.state == Ready: expected one of KubeRay's RayCluster status\.state values \(ready, failed, suspended\)/),
    ]);
  });

  it('reports a condition Argo cannot parse', () => {
    expect(check(object('Workflow', template('status.jobStatus === SUCCEEDED', '')))).toEqual([
      expect.stringMatching(/^spec\.templates\[1\]\.resource\.successCondition: "status\.jobStatus === SUCCEEDED" is not a condition Argo can parse/),
    ]);
  });

  it("accepts the pipeline's own conditions, fields it does not know and other kinds", () => {
    expect(check(object('WorkflowTemplate', template(RAY_JOB_SUCCESS_CONDITION, RAY_JOB_FAILURE_CONDITION)))).toEqual([]);
    expect(check(object('Workflow', template('status.jobStatus == SUCCEEDED, metadata.labels.x == Succeeded', '')))).toEqual([]);
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';
    expect(check(object('Workflow', template('status.jobStatus == Succeeded', '', configMap)))).toEqual([]);
  });
});
