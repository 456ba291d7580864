import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ENVIRONMENTS } from '../../src/environments';
import { hasGpuPool } from '../../src/environments/accelerators';
import { synthPipeline } from './pipeline-fixture';

/**
 * What Argo Workflows v4.1.2 does against the API server for a template, as (group,
 * resource, verb) triples, from the executor's code:
 * - `resource` steps run `kubectl <action>` on the manifest (workflow/executor/resource.go);
 *   `apply` reads the live object first, then creates or patches it;
 * - with a success or failure condition the executor then polls the object with GET;
 * - every pod's executor writes its WorkflowTaskResult (create, then patch).
 * Plural resource names are Argo's guess too: the lower-cased kind plus `s`.
 */
const KUBECTL_VERBS: Record<string, string[]> = {
  create: ['create'],
  get: ['get'],
  delete: ['delete'],
  apply: ['get', 'create', 'patch'],
  replace: ['update'],
  patch: ['patch'],
};

function requiredAccess(templates: any[]): Set<string> {
  const needed = new Set<string>();
  for (const t of templates) {
    if (!(t.container || t.script || t.resource)) continue;
    needed.add('argoproj.io/workflowtaskresults:create').add('argoproj.io/workflowtaskresults:patch');
    if (!t.resource) continue;
    const obj = parse(t.resource.manifest);
    const group = obj.apiVersion.includes('/') ? obj.apiVersion.split('/')[0] : '';
    const resource = `${group}/${obj.kind.toLowerCase()}s`;
    for (const verb of KUBECTL_VERBS[t.resource.action]) needed.add(`${resource}:${verb}`);
    if (t.resource.successCondition || t.resource.failureCondition) needed.add(`${resource}:get`);
  }
  return needed;
}

function granted(role: any): Set<string> {
  const triples = new Set<string>();
  for (const rule of role.rules) {
    for (const group of rule.apiGroups) for (const resource of rule.resources) for (const verb of rule.verbs) triples.add(`${group}/${resource}:${verb}`);
  }
  return triples;
}

describe('workflow RBAC', () => {
  test.each(ENVIRONMENTS.map((e) => [e.name, e]))('%s: the Role grants exactly what the templates do', (_name, env) => {
    const { objects, workflowTemplate } = synthPipeline(env, { cpuOnly: !hasGpuPool(env) });
    const role = objects.find((o) => o.kind === 'Role');
    expect(granted(role)).toEqual(requiredAccess(workflowTemplate.spec.templates));
    expect(role.rules.flatMap((r: any) => r.verbs)).not.toContain('*');
  });

  test("the workflow's pods run as the ServiceAccount the RoleBinding binds", () => {
    const { objects, workflowTemplate } = synthPipeline(ENVIRONMENTS[1]);
    const [account, role, binding] = ['ServiceAccount', 'Role', 'RoleBinding'].map((k) => objects.find((o) => o.kind === k));
    expect(workflowTemplate.spec.serviceAccountName).toBe(account.metadata.name);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: account.metadata.name }]);
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
  });

  test('the derivation sees extra actions: a template that deleted RayJobs would need delete', () => {
    // GIVEN the real templates plus one more that deletes
    const { workflowTemplate } = synthPipeline(ENVIRONMENTS[1]);
    const manifest = workflowTemplate.spec.templates.find((t: any) => t.resource).resource.manifest;
    const extra = [...workflowTemplate.spec.templates, { name: 'cleanup', resource: { action: 'delete', manifest } }];
    // THEN the granted set no longer covers it
    const role = synthPipeline(ENVIRONMENTS[1]).objects.find((o) => o.kind === 'Role');
    expect([...requiredAccess(extra)].filter((a) => !granted(role).has(a))).toEqual(['ray.io/rayjobs:delete']);
  });
});
