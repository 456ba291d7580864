import type { EnvironmentDefinition } from '../../src/app';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Chart, Testing } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { environmentApp } from '../../src/app';
import { argocdApps } from '../../src/argocd/environment-argocd';
import { ENVIRONMENTS } from '../../src/environments';

import { RayService } from '../../src/ray/ray-service';

/** Every Argo CD object of an environment, by chart id: `bootstrap`, then one per child Application. */
function argocdObjects(env: EnvironmentDefinition): Record<string, any[]> {
  const workloads = environmentApp(env, mkdtempSync(join(tmpdir(), 'argocd-env-')));
  const apps = argocdApps(env, workloads, mkdtempSync(join(tmpdir(), 'argocd-out-')));
  const charts = apps.flatMap((a) => a.node.children.filter((c): c is Chart => c instanceof Chart));
  return Object.fromEntries(charts.map((c) => [c.node.id, Testing.synth(c)]));
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'argocd-x-'));

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('argocd/%s', (name, env) => {
  const objects = argocdObjects(env);
  const bootstrap = objects.bootstrap;
  const root = bootstrap.find((o) => o.kind === 'Application');
  const child = (id: string) => objects[id][0];

  test('bootstrap: three least-privilege AppProjects, the argocd-cm patch, and a root that syncs all of argocd/<env>/', () => {
    expect(bootstrap.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      `AppProject/ray-gitops-${name}-root`,
      `AppProject/ray-gitops-${name}-platform`,
      `AppProject/ray-gitops-${name}`,
      'ConfigMap/argocd-cm',
      `Application/ray-gitops-${name}`,
    ]);
    const [rootProject, platform, workloads] = bootstrap;
    expect(rootProject.spec.clusterResourceWhitelist).toEqual([]);
    expect(workloads.spec.sourceRepos).toEqual([env.gitops.repoUrl]);
    expect(workloads.spec.destinations).toEqual([{ server: env.gitops.destinationServer, namespace: env.namespace }]);
    expect(workloads.spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
    expect(platform.spec.sourceRepos).toEqual(['https://ray-project.github.io/kuberay-helm/']);
    expect(root.spec.project).toBe(`ray-gitops-${name}-root`);
    expect(root.spec.source).toEqual({ repoURL: env.gitops.repoUrl, targetRevision: env.gitops.targetRevision, path: `argocd/${name}`, directory: { recurse: true } });
    expect(root.spec.syncPolicy.automated).toEqual({ prune: env.gitops.prune, selfHeal: env.gitops.selfHeal });
  });

  test('the KubeRay operator 1.7.0 from its Helm chart, first, server-side applied, never auto-pruned', () => {
    const operator = child('kuberay-operator');
    expect(operator.spec.source).toEqual({
      repoURL: 'https://ray-project.github.io/kuberay-helm/',
      chart: 'kuberay-operator',
      targetRevision: '1.7.0',
      helm: { releaseName: 'kuberay-operator' },
    });
    expect(operator.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('0');
    expect(operator.spec.syncPolicy.syncOptions).toEqual(['CreateNamespace=true', 'ServerSideApply=true']);
    expect(operator.spec.syncPolicy.automated.prune).toBe(false);
  });

  test('one Application per chart: its file only, after the operator, with the sync options the Ray kinds need', () => {
    const sandbox = child('ray-sandbox');
    expect(sandbox.metadata.name).toBe(`${name}-ray-sandbox`);
    expect(sandbox.spec.source).toEqual({
      repoURL: env.gitops.repoUrl,
      targetRevision: env.gitops.targetRevision,
      path: `dist/${name}`,
      directory: { include: 'ray-sandbox.k8s.yaml' },
    });
    expect(Number(sandbox.metadata.annotations['argocd.argoproj.io/sync-wave'])).toBeGreaterThan(0);
    expect(sandbox.spec.syncPolicy.syncOptions).toEqual([
      'CreateNamespace=true',
      'ServerSideApply=true',
      'RespectIgnoreDifferences=true',
      'SkipDryRunOnMissingResource=true',
    ]);
    expect(sandbox.spec.syncPolicy.retry).toEqual({ limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' }, refresh: true });
    expect(sandbox.metadata.annotations['argocd.argoproj.io/compare-options']).toBe('ServerSideDiff=true');
    // Deleting a child deletes its objects exactly where removing them from Git would (prune).
    expect(sandbox.metadata.finalizers).toEqual(env.gitops.prune ? ['resources-finalizer.argocd.argoproj.io'] : undefined);
  });
});

describe('per-environment policy', () => {
  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s: Applications prune and self-heal as its gitops settings say', (_, env) => {
    expect(argocdObjects(env)['ray-sandbox'][0].spec.syncPolicy.automated).toEqual({ prune: env.gitops.prune, selfHeal: env.gitops.selfHeal });
  });

  test.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s: every RayService upgrades with the environment\'s strategy', (_, env) => {
    const services = environmentApp(env, tmp()).node.findAll().filter((c): c is RayService => c instanceof RayService);
    expect(services.length).toBeGreaterThan(0);
    expect(services.map((s) => s.upgradeStrategy)).toEqual(services.map(() => env.gitops.rayServiceUpgradeStrategy));
  });

  test('a chart may not take the id of a platform component', () => {
    const env = ENVIRONMENTS[0];
    const workloads = environmentApp(env, tmp());
    new Chart(workloads, 'kuberay-operator');
    expect(() => argocdApps(env, workloads, tmp())).toThrow(/chart 'kuberay-operator' has the id of a platform component/);
  });
});
