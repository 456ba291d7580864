import { describe, expect, test } from 'vitest';
import { ENVIRONMENTS } from '../../src/environments';
import { hasGpuPool } from '../../src/environments/accelerators';
import { canLandOn } from '../../src/placement/scheduling';
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

  test(hasGpuPool(env) ? 'embeds on GPU pools only' : 'is explicitly CPU-only', () => {
    const { createdJob } = synthPipeline(env, options);
    const [embed] = createdJob('embed', { shard: '0' }).spec.rayClusterSpec.workerGroupSpecs;
    const pools = env.nodePools.filter((pool) => canLandOn(embed.template.spec, pool));
    expect(pools.length).toBeGreaterThan(0);
    if (hasGpuPool(env)) {
      expect(options!.cpuOnly ?? false).toBe(false);
      expect(pools.every((pool) => pool.gpus !== undefined)).toBe(true);
      expect(embed.template.spec.containers[0].resources.limits['nvidia.com/gpu']).toBe(Number(embed.resources.GPU));
    } else {
      expect(options!.cpuOnly).toBe(true);
      expect(embed.resources.GPU).toBeUndefined();
      expect(pools.every((pool) => pool.gpus === undefined)).toBe(true);
    }
  });
});
