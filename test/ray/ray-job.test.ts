import { Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import { RayJob } from '../../src/ray/ray-job';
import { cpuPool, gke, local } from '../support/environments';

const cluster = { workerGroups: [{ groupName: 'cpu', resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4) }, replicas: 1 }] };

describe('RayJob', () => {
  test('defaults: own cluster shut down after 10 min, 24 h deadline, no KubeRay retries, sized submitter', () => {
    const chart = Testing.chart();
    new RayJob(chart, 'j', { environment: gke(), name: 'tokenize', entrypoint: 'python -m ray_workloads.pipeline', cluster });
    const [obj] = Testing.synth(chart);
    expect(obj.spec).toMatchObject({
      entrypoint: 'python -m ray_workloads.pipeline',
      shutdownAfterJobFinishes: true,
      ttlSecondsAfterFinished: 600,
      activeDeadlineSeconds: 86400,
      backoffLimit: 0,
    });
    expect(obj.spec.rayClusterSpec.workerGroupSpecs).toHaveLength(1);
    const submitter = obj.spec.submitterPodTemplate.spec;
    expect(submitter.restartPolicy).toBe('Never');
    expect(submitter.containers[0].resources.limits).toEqual({ cpu: '500m', memory: '512Mi' });
    expect(submitter.containers[0].command).toBeUndefined();
    expect(submitter.nodeSelector).toEqual(cpuPool(gke()).nodeSelector);
  });

  test('custom: an existing cluster by selector, runtime env, own deadline and TTL', () => {
    const chart = Testing.chart();
    new RayJob(chart, 'j', {
      environment: local(),
      name: 'check',
      entrypoint: 'python -m ray_workloads.cluster_check',
      clusterSelector: { 'ray.io/cluster': 'sandbox' },
      runtimeEnv: { env_vars: { A: '1' } },
      activeDeadline: Duration.minutes(30),
      submitterResources: { cpu: Cpu.millis(250), memory: Size.mebibytes(256) },
    });
    const [obj] = Testing.synth(chart);
    expect(obj.spec.clusterSelector).toEqual({ 'ray.io/cluster': 'sandbox' });
    expect(obj.spec.rayClusterSpec).toBeUndefined();
    expect(obj.spec.shutdownAfterJobFinishes).toBe(false);
    expect(obj.spec.ttlSecondsAfterFinished).toBeUndefined();
    expect(obj.spec.activeDeadlineSeconds).toBe(1800);
    expect(obj.spec.runtimeEnvYAML).toBe('env_vars:\n  A: "1"\n');
  });

  test('rejects: neither or both cluster sources, retries with a selector, a selector without the cluster name, a name KubeRay would reject', () => {
    const env = local();
    expect(() => new RayJob(Testing.chart(), 'j', { environment: env, name: 'x', entrypoint: 'e' })).toThrow(/cluster: set exactly one/);
    expect(() =>
      new RayJob(Testing.chart(), 'j', { environment: env, name: 'x', entrypoint: 'e', clusterSelector: { 'ray.io/cluster': 's' }, backoffLimit: 2 }),
    ).toThrow(/backoffLimit: KubeRay retries only jobs with their own cluster/);
    expect(() => new RayJob(Testing.chart(), 'j', { environment: env, name: 'x', entrypoint: 'e', clusterSelector: { app: 'sandbox' } })).toThrow(
      `clusterSelector: KubeRay finds the cluster by the 'ray.io/cluster' label; expected { 'ray.io/cluster': '<RayCluster name>' }, got {"app":"sandbox"}`,
    );
    expect(() => new RayJob(Testing.chart(), 'j', { environment: env, name: 'a'.repeat(48), entrypoint: 'e', cluster })).toThrow(
      /at most 47 characters for a RayJob/,
    );
  });
});
