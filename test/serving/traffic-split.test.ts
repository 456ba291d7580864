import { Testing } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { ModelGatewayChart } from '../../src/charts/model-gateway-chart';
import { environmentByName } from '../../src/environments';
import { TrafficSplit, WeightedVersion, trafficSplitApplications } from '../../src/serving/traffic-split';

const split = (versions: WeightedVersion[]): TrafficSplit => ({
  name: 'embeddings',
  routePrefix: '/embeddings',
  importPath: 'ray_workloads.serve.embedding:build_app',
  args: { model: 'sentence-transformers/all-MiniLM-L6-v2' },
  versions,
});

describe('traffic split', () => {
  test('one prop yields the versioned applications and the splitter routes, weights summing to 100', () => {
    const apps = trafficSplitApplications(Testing.chart(), 'split.versions', split([
      { version: 'v1', weight: 90 },
      { version: 'v2', weight: 10, args: { model: '/models/minilm-v2' } },
    ]));
    expect(apps.map((a) => [a.name, a.routePrefix])).toEqual([
      ['embeddings-v1', null],
      ['embeddings-v2', null],
      ['embeddings', '/embeddings'],
    ]);
    expect(apps[0].args).toEqual({ model: 'sentence-transformers/all-MiniLM-L6-v2', version: 'v1' });
    expect(apps[1].args).toEqual({ model: '/models/minilm-v2', version: 'v2' });
    const routes = apps[2].args!.routes as { application: string; weight: number }[];
    expect(routes).toEqual([{ application: 'embeddings-v1', weight: 90 }, { application: 'embeddings-v2', weight: 10 }]);
    expect(routes.reduce((sum, r) => sum + r.weight, 0)).toBe(100);
    // Every route names an application of the same config (the splitter's contract).
    expect(routes.every((r) => apps.some((a) => a.name === r.application))).toBe(true);
    expect(apps[2]).toMatchObject({ importPath: 'ray_workloads.serve.traffic_split:build_app', deployments: [{ name: 'TrafficSplitter' }] });
  });

  test('a single version takes all traffic', () => {
    const apps = trafficSplitApplications(Testing.chart(), 'split.versions', split([{ version: 'v1', weight: 100 }]));
    expect(apps[1].args).toEqual({ routes: [{ application: 'embeddings-v1', weight: 100 }] });
  });

  test.each<[string, WeightedVersion[], RegExp]>([
    ['weights under 100', [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 5 }], /split\.versions: weights must sum to 100, got v1=90 \+ v2=5 = 95/],
    ['weights over 100', [{ version: 'v1', weight: 90 }, { version: 'v2', weight: 20 }], /weights must sum to 100, got v1=90 \+ v2=20 = 110/],
    ['a fractional weight', [{ version: 'v1', weight: 89.5 }, { version: 'v2', weight: 10.5 }], /split\.versions\[0\]\.weight: expected a whole number 0\.\.100, got 89\.5/],
    ['a negative weight', [{ version: 'v1', weight: 110 }, { version: 'v2', weight: -10 }], /split\.versions\[0\]\.weight: expected a whole number 0\.\.100, got 110/],
    ['a duplicate version', [{ version: 'v1', weight: 50 }, { version: 'v1', weight: 50 }], /split\.versions\[1\]\.version: 'v1' is used twice/],
    ['a version that is no name', [{ version: 'V_1', weight: 100 }], /split\.versions\[0\]\.version: expected a DNS-1123 label .*, got 'V_1'/],
    ['no versions', [], /split\.versions: at least one version is required/],
  ])('rejects %s', (_, versions, error) => {
    expect(() => trafficSplitApplications(Testing.chart(), 'split.versions', split(versions))).toThrow(error);
  });

  test('the gateway names its prop and construct path in the error', () => {
    const environment = environmentByName('eks');
    expect(() => new ModelGatewayChart(Testing.app(), 'gw', { environment, embeddingVersions: [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 30 }] })).toThrow(
      /^embeddingVersions: weights must sum to 100, got v1=80 \+ v2=30 = 110 \(gw: embeddingVersions\)$/,
    );
  });
});
