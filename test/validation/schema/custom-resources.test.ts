import { describe, expect, it } from 'vitest';
import { SchemaValidator } from '../../../src/validation/schema';
import { application, appProject, cronWorkflow, rayCluster, rayCronJob, rayJob, rayService, workflow, workflowTemplate } from './objects';

// One validator for the file: each CRD compiles once.
const validator = new SchemaValidator();

/** The findings as `path: message` lines, for readable assertions. */
function problems(obj: Record<string, unknown>): string[] {
  return validator.validate(obj).map((f) => `${f.path}: ${f.message}`);
}

describe('valid custom resources pass their CRD strictly', () => {
  it.each([
    ['RayCluster (head, CPU and GPU workers)', rayCluster],
    ['RayJob', rayJob],
    ['RayService with serveConfigV2', rayService],
    ['RayCronJob', rayCronJob],
    ['Workflow with a resource template', workflow],
    ['WorkflowTemplate with a resource template', workflowTemplate],
    ['CronWorkflow with schedules', cronWorkflow],
    ['Application', application],
    ['AppProject', appProject],
  ])('%s', (_name, build) => {
    expect(problems(build())).toEqual([]);
  });
});

describe('unknown fields are errors at every depth', () => {
  it('in a RayCluster worker group, with the allowed fields and a suggestion', () => {
    const obj = rayCluster();
    obj.spec.workerGroupSpecs[0].replicass = 2;
    const [finding, ...rest] = validator.validate(obj);
    expect(rest).toEqual([]);
    expect(finding.rule).toBe('crd-schema');
    expect(finding.path).toBe('spec.workerGroupSpecs[0].replicass');
    expect(finding.message).toMatch(/^unknown field "replicass" \(did you mean "replicas"\? allowed: groupName, .*replicas, /);
  });

  it('at the top of spec', () => {
    const obj = rayService();
    obj.spec.serveConfig = 'applications: []';
    expect(problems(obj)).toEqual([expect.stringMatching(/^spec\.serveConfig: unknown field "serveConfig" \(did you mean "serveConfigV2"\?/)]);
  });

  it('inside the embedded pod template container', () => {
    const obj = rayJob();
    obj.spec.rayClusterSpec.workerGroupSpecs[1].template.spec.containers[0].resource = {};
    expect(problems(obj)).toEqual([
      expect.stringMatching(/^spec\.rayClusterSpec\.workerGroupSpecs\[1\]\.template\.spec\.containers\[0\]\.resource: unknown field "resource" \(did you mean "resources"\?/),
    ]);
  });

  it('inside an Argo template', () => {
    const obj = workflowTemplate();
    obj.spec.templates[2].container.cmd = ['sh'];
    expect(problems(obj)).toEqual([expect.stringMatching(/^spec\.templates\[2\]\.container\.cmd: unknown field "cmd"/)]);
  });

  it('inside a Workflow template (the carried, untyped Workflow CRD)', () => {
    const obj = workflow();
    obj.spec.templates[1].resource.sucessCondition = obj.spec.templates[1].resource.successCondition;
    expect(problems(obj)).toEqual([expect.stringMatching(/^spec\.templates\[1\]\.resource\.sucessCondition: unknown field "sucessCondition" \(did you mean "successCondition"\?/)]);
  });

  it('in metadata, which the CRD leaves to ObjectMeta', () => {
    const obj = application();
    obj.metadata.label = { a: 'b' };
    expect(problems(obj)).toEqual([expect.stringMatching(/^metadata\.label: unknown field "label" \(did you mean "labels"\?/)]);
  });

  it('in a volume source', () => {
    const obj = rayCluster();
    obj.spec.workerGroupSpecs[0].template.spec.volumes[0].emptyDir = { size: '1Gi' };
    expect(problems(obj)).toEqual(['spec.workerGroupSpecs[0].template.spec.volumes[0].emptyDir.size: unknown field "size" (allowed: medium, sizeLimit)']);
  });
});

describe('RayCronJob is checked against its carried CRD (KubeRay v1.7.0)', () => {
  it('reports a missing schedule and an unknown field in the job template', () => {
    const obj = rayCronJob();
    delete obj.spec.schedule;
    obj.spec.jobTemplate.entryPoint = 'python run.py';
    expect(problems(obj)).toEqual([
      'spec.schedule: required field is missing',
      expect.stringMatching(/^spec\.jobTemplate\.entryPoint: unknown field "entryPoint" \(did you mean "entrypoint"\?/),
    ]);
  });

  it('checks the embedded cluster spec as in a RayJob', () => {
    const obj = rayCronJob();
    obj.spec.jobTemplate.rayClusterSpec.workerGroupSpecs[0].replicas = '1';
    expect(problems(obj)).toEqual(['spec.jobTemplate.rayClusterSpec.workerGroupSpecs[0].replicas: must be integer (got "1")']);
  });
});

describe('values must fit the schema', () => {
  it('rejects a wrong type', () => {
    const obj = rayCluster();
    obj.spec.workerGroupSpecs[0].replicas = '1';
    expect(problems(obj)).toEqual(['spec.workerGroupSpecs[0].replicas: must be integer (got "1")']);
  });

  it('rejects a malformed quantity in a container resource, naming the Kubernetes grammar', () => {
    const obj = rayCluster();
    obj.spec.workerGroupSpecs[1].template.spec.containers[0].resources.requests.cpu = '2x';
    expect(problems(obj)).toEqual([
      'spec.workerGroupSpecs[1].template.spec.containers[0].resources.requests.cpu: must be a Kubernetes quantity such as 500m, 2 or 2Gi (got "2x")',
    ]);
  });

  it('accepts a quantity given as a number (int-or-string)', () => {
    const obj = rayCluster();
    obj.spec.workerGroupSpecs[0].template.spec.containers[0].resources.limits.cpu = 4;
    expect(problems(obj)).toEqual([]);
  });

  it('rejects a value outside an enum, listing the allowed ones', () => {
    const obj = rayCluster();
    obj.spec.upgradeStrategy.type = 'Rolling';
    expect(problems(obj)).toEqual(['spec.upgradeStrategy.type: must be one of "Recreate", "None" (got "Rolling")']);
  });

  it('rejects a missing required field', () => {
    const obj = rayCluster();
    delete obj.spec.workerGroupSpecs[0].template.spec.containers[0].name;
    expect(problems(obj)).toEqual(['spec.workerGroupSpecs[0].template.spec.containers[0].name: required field is missing']);
  });

  it('rejects an integer outside its format (int32)', () => {
    const obj = rayJob();
    obj.spec.backoffLimit = 2 ** 31;
    expect(problems(obj)).toEqual(['spec.backoffLimit: must be a valid int32 (got 2147483648)']);
  });

  it('rejects duplicate keys in a map-type list, counting defaulted keys', () => {
    const obj = rayCluster();
    const ports = obj.spec.headGroupSpec.template.spec.containers[0].ports;
    ports.push({ containerPort: 6379, protocol: 'TCP', name: 'gcs-again' });
    expect(problems(obj)).toEqual([
      'spec.headGroupSpec.template.spec.containers[0].ports[5]: duplicate entry: item [0] has the same key (containerPort=6379, protocol="TCP"); items of this list must have unique containerPort/protocol',
    ]);
  });

  it('rejects an invalid label value on a custom resource', () => {
    const obj = rayCluster();
    obj.metadata.labels['app.kubernetes.io/part-of'] = 'ray gitops';
    expect(problems(obj)).toEqual([expect.stringMatching(/^metadata\.labels\[app\.kubernetes\.io\/part-of\]: label value must be at most 63/)]);
  });
});

describe('x-kubernetes-validations rules (CEL)', () => {
  it('rejects a RayJob deletionStrategy with both legacy policies and rules', () => {
    const obj = rayJob();
    obj.spec.deletionStrategy.deletionRules = [{ policy: 'DeleteCluster', condition: { jobStatus: 'SUCCEEDED' } }];
    expect(problems(obj)).toEqual([
      'spec.deletionStrategy: legacy policies (onSuccess/onFailure) and deletionRules cannot be used together within the same deletionStrategy',
    ]);
  });

  it('rejects a RayJob deletionStrategy with only one legacy policy', () => {
    const obj = rayJob();
    delete obj.spec.deletionStrategy.onFailure;
    expect(problems(obj)).toEqual([
      'spec.deletionStrategy: deletionStrategy requires either BOTH onSuccess and onFailure, OR the deletionRules field (cannot be empty)',
    ]);
  });

  it('rejects a managedBy value outside the allowed controllers', () => {
    const obj = rayCluster();
    obj.spec.managedBy = 'argocd';
    expect(problems(obj)).toEqual([
      "spec.managedBy: the managedBy field value must be either 'ray.io/kuberay-operator' or 'kueue.x-k8s.io/multikueue'",
    ]);
  });

  it('accepts an allowed managedBy value', () => {
    const obj = rayCluster();
    obj.spec.managedBy = 'kueue.x-k8s.io/multikueue';
    expect(problems(obj)).toEqual([]);
  });

  it('rejects an Argo template with two template types', () => {
    const obj = workflowTemplate();
    obj.spec.templates[2].script = { image: 'python:3.12', source: 'print(1)' };
    expect(problems(obj)).toEqual(['spec.templates: template must have at most one template type']);
  });

  it('lists transition rules (oldSelf) as not evaluated', () => {
    validator.validate(rayCluster());
    expect(validator.unevaluatedRules()).toContainEqual({
      kind: 'RayCluster',
      rule: 'self == oldSelf',
      reason: expect.stringContaining('transition rule'),
    });
  });
});

describe('versions', () => {
  it('checks a served older version against its own schema (ray.io/v1alpha1 has no upgradeStrategy)', () => {
    const obj = rayCluster();
    obj.apiVersion = 'ray.io/v1alpha1';
    expect(problems(obj)).toEqual([expect.stringMatching(/^spec\.upgradeStrategy: unknown field "upgradeStrategy"/)]);
    delete obj.spec.upgradeStrategy;
    expect(problems(obj)).toEqual([]);
  });

  it('names the served versions for an unserved one', () => {
    expect(problems({ ...rayCluster(), apiVersion: 'ray.io/v2' })).toEqual([
      'apiVersion: RayCluster is not served as ray.io/v2; its CRD (kuberay/ray.io_rayclusters.yaml.gz) serves ray.io/v1, ray.io/v1alpha1',
    ]);
  });
});
