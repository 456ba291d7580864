import { Duration, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { RayService, RayServiceUpgradeStrategy } from '../../src/ray/ray-service';
import { ServeApplication } from '../../src/ray/serve-config';
import { gke } from '../support/environments';

const cluster = { workerGroups: [{ groupName: 'cpu', resources: { cpu: Cpu.units(4), memory: Size.gibibytes(8) }, minReplicas: 1, maxReplicas: 2 }] };
const embeddings: ServeApplication = {
  name: 'embeddings',
  importPath: 'ray_workloads.serve.embedding:build_app',
  args: { max_batch_size: 32 },
  deployments: [
    {
      name: 'EmbeddingModel',
      autoscaling: { minReplicas: 1, maxReplicas: 4, initialReplicas: 2, targetOngoingRequests: 8, upscaleDelay: Duration.seconds(10), downscaleDelay: Duration.minutes(5) },
      maxOngoingRequests: 32,
      rayActorOptions: { numCpus: 1, numGpus: 0.5, memory: Size.gibibytes(2), resources: { 'accelerator_type:L4': 0.5 } },
      userConfig: { threshold: 0.5 },
    },
  ],
};

describe('RayService', () => {
  test('serveConfigV2 uses the key names of Ray Serve config schema', () => {
    const chart = Testing.chart();
    new RayService(chart, 's', { environment: gke(), name: 'text', cluster, applications: [embeddings, { name: 'tokens', importPath: 'ray_workloads.serve.tokenizer:build_app', routePrefix: null }] });
    const [obj] = Testing.synth(chart);
    expect(obj.spec.upgradeStrategy).toEqual({ type: 'NewCluster' });
    const serve = parse(obj.spec.serveConfigV2);
    expect(serve.http_options).toEqual({ host: '0.0.0.0', port: 8000 });
    expect(serve.applications[0]).toEqual({
      name: 'embeddings',
      import_path: 'ray_workloads.serve.embedding:build_app',
      route_prefix: '/embeddings',
      args: { max_batch_size: 32 },
      deployments: [
        {
          name: 'EmbeddingModel',
          max_ongoing_requests: 32,
          autoscaling_config: { min_replicas: 1, initial_replicas: 2, max_replicas: 4, target_ongoing_requests: 8, upscale_delay_s: 10, downscale_delay_s: 300 },
          ray_actor_options: { num_cpus: 1, num_gpus: 0.5, memory: 2147483648, resources: { 'accelerator_type:L4': 0.5 } },
          user_config: { threshold: 0.5 },
        },
      ],
    });
    // null keeps an application off HTTP (reachable through handles only).
    expect(serve.applications[1]).toEqual({ name: 'tokens', import_path: 'ray_workloads.serve.tokenizer:build_app', route_prefix: null });
    expect(obj.spec.rayClusterConfig.enableInTreeAutoscaling).toBe(true);
  });

  test('upgrade strategy is explicit', () => {
    const chart = Testing.chart();
    new RayService(chart, 's', { environment: gke(), name: 'text', cluster, applications: [embeddings], upgradeStrategy: RayServiceUpgradeStrategy.NONE });
    expect(Testing.synth(chart)[0].spec.upgradeStrategy).toEqual({ type: 'None' });
  });

  test.each<[string, ServeApplication[], RegExp]>([
    ['no applications', [], /applications: at least one Serve application is required/],
    ['duplicate names', [embeddings, embeddings], /applications\[1\]\.name: 'embeddings' is used twice/],
    ['duplicate routes', [embeddings, { ...embeddings, name: 'other', routePrefix: '/embeddings' }], /applications\[1\]\.routePrefix: '\/embeddings' is used by two applications/],
    ['bad import path', [{ ...embeddings, importPath: 'nocolon' }], /applications\[0\]\.importPath: 'nocolon' must look like/],
    ['replicas and autoscaling', [{ ...embeddings, deployments: [{ name: 'D', numReplicas: 2, autoscaling: { minReplicas: 1, maxReplicas: 2 } }] }], /deployments\[0\]: set numReplicas or autoscaling, not both/],
    ['initial above max', [{ ...embeddings, deployments: [{ name: 'D', autoscaling: { minReplicas: 1, maxReplicas: 2, initialReplicas: 3 } }] }], /deployments\[0\]\.autoscaling: expected 0 <= minReplicas/],
  ])('rejects %s', (_, applications, message) => {
    expect(() => new RayService(Testing.chart(), 's', { environment: gke(), name: 'text', cluster, applications })).toThrow(message);
  });
});
