import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import { environmentApp } from '../../src/app';
import { autoscalerIgnoreDifferences } from '../../src/argocd/autoscaler-ignores';
import { argocdApps } from '../../src/argocd/environment-argocd';
import { EnvironmentChart } from '../../src/charts/environment-chart';
import { RayCluster } from '../../src/ray/ray-cluster';
import { RayJob } from '../../src/ray/ray-job';
import { RayService } from '../../src/ray/ray-service';
import { WorkerGroupProps } from '../../src/ray/worker-group';
import { gke } from '../support/environments';

const small = { cpu: Cpu.units(1), memory: Size.gibibytes(2) };

/** A worker group that autoscales (min < max) or not (fixed size). */
function group(groupName: string, autoscaled: boolean): WorkerGroupProps {
  return autoscaled
    ? { groupName, resources: small, minReplicas: 0, maxReplicas: 3 }
    : { groupName, resources: small, replicas: 1 };
}

/** The ignore rules of a chart holding one RayCluster with `groups`. */
function ignoresFor(groups: WorkerGroupProps[]): unknown[] {
  const chart = new EnvironmentChart(Testing.app(), 'c', { environment: gke() });
  new RayCluster(chart, 'Cluster', { environment: gke(), name: 'dev', workerGroups: groups });
  return autoscalerIgnoreDifferences(chart);
}

function pointers(index: number): string[] {
  return [`/spec/workerGroupSpecs/${index}/replicas`, `/spec/workerGroupSpecs/${index}/scaleStrategy`];
}

describe('autoscaler-safe ignoreDifferences', () => {
  test('select exactly the autoscaled groups of a RayCluster, by index', () => {
    expect(ignoresFor([group('fixed', false), group('a', true), group('b', true)])).toEqual([
      { group: 'ray.io', kind: 'RayCluster', name: 'dev', namespace: 'ray', jsonPointers: [...pointers(1), ...pointers(2)] },
    ]);
  });

  test('follow a group when the list is reordered and when another group stops autoscaling', () => {
    // GIVEN group 'a' autoscales at index 1
    expect(ignoresFor([group('fixed', false), group('a', true)])).toEqual([expect.objectContaining({ jsonPointers: pointers(1) })]);
    // WHEN it moves to the front, THEN its rules move to index 0
    expect(ignoresFor([group('a', true), group('fixed', false)])).toEqual([expect.objectContaining({ jsonPointers: pointers(0) })]);
    // WHEN 'fixed' starts autoscaling and 'a' stops, THEN only 'fixed' (index 1) is ignored
    expect(ignoresFor([group('a', false), group('fixed', true)])).toEqual([expect.objectContaining({ jsonPointers: pointers(1) })]);
  });

  test('nothing when no group autoscales or the autoscaler is off', () => {
    expect(ignoresFor([group('a', false), group('b', false)])).toEqual([]);
    const chart = new EnvironmentChart(Testing.app(), 'c', { environment: gke() });
    new RayCluster(chart, 'Cluster', { environment: gke(), name: 'dev', workerGroups: [group('a', true)], autoscaler: false });
    expect(autoscalerIgnoreDifferences(chart)).toEqual([]);
  });

  test('nothing for RayService and RayJob: the autoscaler scales the RayCluster KubeRay creates, not them', () => {
    const chart = new EnvironmentChart(Testing.app(), 'c', { environment: gke() });
    const cluster = { workerGroups: [group('a', true), group('b', true)] };
    const applications = [{ name: 'tokens', importPath: 'ray_workloads.serve.tokenizer:build_app', routePrefix: '/tokens', deployments: [] }];
    const service = new RayService(chart, 'Service', { environment: gke(), name: 'svc', cluster, applications });
    const job = new RayJob(chart, 'Job', { environment: gke(), name: 'job', entrypoint: 'python -c pass', cluster });
    expect([service.config.autoscaledGroups.length, job.config!.autoscaledGroups.length]).toEqual([2, 2]);
    expect(autoscalerIgnoreDifferences(chart)).toEqual([]);
  });

  test("reach the Application of the chart that owns the RayCluster, and move with the sandbox's groups", () => {
    const ignores = (maxGpuWorkers: number): unknown => {
      const env = { ...gke(), workloads: { sandbox: { maxGpuWorkers } } };
      const workloads: App = environmentApp(env, mkdtempSync(join(tmpdir(), 'ignores-')));
      const [, apps] = argocdApps(env, workloads, mkdtempSync(join(tmpdir(), 'ignores-argocd-')));
      const sandbox = apps.node.children.find((c) => c.node.id === 'ray-sandbox')!;
      return Testing.synth(sandbox as Chart)[0].spec.ignoreDifferences;
    };
    // cpu-workers (index 0) and gpu-workers (index 1) both scale between min and max
    expect(ignores(2)).toEqual([expect.objectContaining({ kind: 'RayCluster', name: 'sandbox', jsonPointers: [...pointers(0), ...pointers(1)] })]);
    // no GPU group: only cpu-workers
    expect(ignores(0)).toEqual([expect.objectContaining({ jsonPointers: pointers(0) })]);
  });
});
