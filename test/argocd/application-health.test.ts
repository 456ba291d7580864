import { describe, expect, test } from 'vitest';
import { APPLICATION_HEALTH_KEY, ArgocdConfig, applicationHealthScript } from '../../src/argocd/argocd-config';
import { rayHealthCheckData } from '../../src/argocd/health-checks';
import { Chart, Testing } from 'cdk8s';
import { HealthResult, runHealthScript } from '../support/lua';

/** Runs the Application health check as Argo CD runs it (see test/support/lua.ts). */
function health(obj: unknown): HealthResult {
  return runHealthScript(applicationHealthScript(), obj, 'application-health.lua');
}

const app = (status?: object) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'local-ray-sandbox' }, status });

describe('Application health check (app of apps waves)', () => {
  test('a new child with no status yet holds the wave', () => {
    expect(health(app()).status).toBe('Progressing');
    expect(health(app({ sync: { status: 'Unknown' } })).status).toBe('Progressing');
    expect(health(app({ health: { status: '' } })).status).toBe('Progressing');
  });

  test("reports the child's own health once it has one", () => {
    for (const status of ['Healthy', 'Degraded', 'Progressing', 'Suspended', 'Missing']) {
      expect(health(app({ health: { status }, sync: { status: 'Synced' } }))).toEqual({ status, message: `Application is ${status}` });
    }
  });

  test('a sync in flight is Progressing even if the last health was Healthy', () => {
    const running = app({ health: { status: 'Healthy' }, operationState: { phase: 'Running', startedAt: '2026-11-23T10:00:00Z', operation: {} } });
    expect(health(running)).toEqual({ status: 'Progressing', message: 'Sync running' });
    const done = app({ health: { status: 'Healthy' }, operationState: { phase: 'Succeeded', startedAt: '2026-11-23T10:00:00Z', operation: {} } });
    expect(health(done).status).toBe('Healthy');
  });

  test('argocd-cm carries it next to the ray.io checks, never pruned or deleted by the root', () => {
    const chart = new Chart(Testing.app(), 'c');
    new ArgocdConfig(chart, 'cm');
    const [cm] = Testing.synth(chart);
    expect(Object.keys(cm.data).sort()).toEqual([APPLICATION_HEALTH_KEY, ...Object.keys(rayHealthCheckData())].sort());
    expect(cm.data[APPLICATION_HEALTH_KEY]).toBe(applicationHealthScript());
    expect(cm.metadata).toMatchObject({ name: 'argocd-cm', namespace: 'argocd' });
    expect(cm.metadata.annotations['argocd.argoproj.io/sync-options'].split(',')).toEqual(
      expect.arrayContaining(['ServerSideApply=true', 'Prune=false', 'Delete=false']),
    );
  });
});
