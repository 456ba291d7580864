import { describe, expect, test } from 'vitest';
import { ENVIRONMENTS } from '../../src/environments';
import { formatFinding, validateManifests } from '../../src/validation/validate';
import { synthPipeline } from '../pipeline/pipeline-fixture';

describe.each(ENVIRONMENTS.map((e) => [e.name, e] as const))('%s: the pipeline of the environment data', (_name, env) => {
  const options = env.workloads.wikipediaPipeline;

  test('is configured', () => {
    expect(options).toBeDefined();
  });

  test('synthesizes and passes every check (schemas, KubeRay rules, policies, embedded RayJobs)', () => {
    const { objects } = synthPipeline(env, options);
    const findings = validateManifests(objects, env).map((f) => formatFinding({ ...f, environment: env.name, chart: 'wikipedia-pipeline' }));
    expect(findings).toEqual([]);
  });

  test(env.gpuPool ? 'embeds on the GPU pool' : 'is explicitly CPU-only', () => {
    const { createdJob } = synthPipeline(env, options);
    const [embed] = createdJob('embed', { shard: '0' }).spec.rayClusterSpec.workerGroupSpecs;
    if (env.gpuPool) {
      expect(options!.cpuOnly ?? false).toBe(false);
      expect(embed.template.spec.nodeSelector).toEqual(env.gpuPool.nodeSelector);
      expect(embed.template.spec.containers[0].resources.limits[env.gpuPool.gpuResource]).toBe(env.gpuPool.shape.gpus);
    } else {
      expect(options!.cpuOnly).toBe(true);
      expect(embed.rayStartParams['num-gpus']).toBeUndefined();
    }
  });
});
