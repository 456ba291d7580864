import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { objectScale } from '../../src/capacity/scale';
import { workflowPeak } from '../../src/capacity/workflow-peak';
import { Json } from '../../src/k8s/pod-templates';
import { clusterSpec, rayPod } from '../review/fixtures';

/** Container templates a, b, c for the peak tests. */
const leaves = ['a', 'b', 'c'].map((name) => ({ name, container: { name: 'main', image: name } }));

describe('scale at max', () => {
  test('a RayCluster: every worker group at maxReplicas × numOfHosts', () => {
    const spec = clusterSpec({ gpuMax: 3, gpusPerPod: 2, cpuMax: 4 });
    spec.workerGroupSpecs[1].numOfHosts = 2;
    expect(objectScale({ apiVersion: 'ray.io/v1', kind: 'RayCluster', metadata: { name: 'c' }, spec })).toEqual({ gpus: 12, rayWorkerPods: 10 });
  });

  test('without the autoscaler a group keeps replicas', () => {
    const spec: Json = { ...clusterSpec({ gpuMax: 3 }), enableInTreeAutoscaling: false };
    spec.workerGroupSpecs[1].replicas = 1;
    expect(objectScale({ apiVersion: 'ray.io/v1', kind: 'RayCluster', metadata: { name: 'c' }, spec })).toEqual({ gpus: 1, rayWorkerPods: 2 });
  });

  test('a Deployment: replicas × GPUs per pod', () => {
    const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 3, template: rayPod('app', 'x', '1', '1Gi', 2) } };
    expect(objectScale(d)).toEqual({ gpus: 6, rayWorkerPods: 0 });
  });

  test('a workflow: a fan-out of RayJobs capped by parallelism, sequential stages not summed', () => {
    // GIVEN download → shard ×8 (2 at a time), each shard tokenize (0 GPU) → embed (1 RayJob, 2 GPUs)
    const rayJob = (gpuMax: number) =>
      stringify({ apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: { generateName: 'j-' }, spec: { rayClusterSpec: clusterSpec({ gpuMax, cpuMax: 1 }) } });
    const wf = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: { name: 'w' },
      spec: {
        entrypoint: 'main',
        templates: [
          { name: 'main', parallelism: 2, dag: { tasks: [{ name: 'download', template: 'download' }, { name: 'shard', template: 'shard', depends: 'download', withItems: [0, 1, 2, 3, 4, 5, 6, 7] }] } },
          { name: 'shard', dag: { tasks: [{ name: 'tokenize', template: 'tokenize' }, { name: 'embed', template: 'embed', depends: 'tokenize.Succeeded' }] } },
          { name: 'download', container: { name: 'main', image: 'curl' } },
          { name: 'tokenize', resource: { action: 'create', manifest: rayJob(0) } },
          { name: 'embed', resource: { action: 'create', manifest: rayJob(2) } },
        ],
      },
    };
    // THEN 2 shards at once, each at most its embed job: 2 × 2 GPUs; worker pods 2 × (1 + 2)
    expect(objectScale(wf)).toEqual({ gpus: 4, rayWorkerPods: 6 });
  });

  test('a DAG peak is the heaviest set of tasks that can run together', () => {
    // a → c, b independent: {b, c} or {a, b} can overlap, never {a, c}
    const wf = {
      entrypoint: 'main',
      templates: [{ name: 'main', dag: { tasks: [{ name: 'a', template: 'a' }, { name: 'b', template: 'b' }, { name: 'c', template: 'c', dependencies: ['a'] }] } }, ...leaves],
    };
    const weights: Record<string, number> = { a: 5, b: 1, c: 3 };
    expect(workflowPeak(wf, (t) => weights[t] ?? 0)).toBe(6);
  });

  test('steps: groups run in sequence, steps of a group together', () => {
    const wf = { entrypoint: 'main', templates: [{ name: 'main', steps: [[{ name: 's1', template: 'a' }, { name: 's2', template: 'b' }], [{ name: 's3', template: 'c' }]] }, ...leaves] };
    const weights: Record<string, number> = { a: 2, b: 3, c: 4 };
    expect(workflowPeak(wf, (t) => weights[t] ?? 0)).toBe(5);
  });

  test('a CronWorkflow that runs a WorkflowTemplate by reference counts nothing itself', () => {
    const cron = { apiVersion: 'argoproj.io/v1alpha1', kind: 'CronWorkflow', metadata: { name: 'c' }, spec: { workflowSpec: { workflowTemplateRef: { name: 'w' } } } };
    expect(objectScale(cron)).toEqual({ gpus: 0, rayWorkerPods: 0 });
  });
});
