import { Obj, rayService, withAutoscalerV2 } from './fixtures';
import { RuleCase } from './rule-case';

const service = { fixture: rayService };
const OPTIONS = 'spec.upgradeStrategy.clusterUpgradeOptions';
const GOOD_OPTIONS = { maxSurgePercent: 50, stepSizePercent: 25, intervalSeconds: 30, gatewayClassName: 'istio' };

/** Incremental upgrade on an autoscaling cluster, with `options` merged over valid ones (null: none). */
function incremental(o: Obj, options: Obj | null = {}): Obj {
  withAutoscalerV2(o.spec.rayClusterConfig);
  o.spec.upgradeStrategy = {
    type: 'NewClusterWithIncrementalUpgrade',
    clusterUpgradeOptions: options === null ? undefined : { ...GOOD_OPTIONS, ...options },
  };
  return o;
}

export const RAYSERVICE_CASES: readonly RuleCase[] = [
  {
    rule: 'kuberay/rayservice-head-service-name',
    what: 'a head Service name',
    ...service,
    bad: (o) => (o.spec.rayClusterConfig.headGroupSpec.headService = { metadata: { name: 'serve-head' } }),
    path: 'spec.rayClusterConfig.headGroupSpec.headService.metadata.name',
    good: (o) => (o.spec.rayClusterConfig.headGroupSpec.headService = { metadata: { labels: { team: 'ml' } } }),
  },
  {
    rule: 'kuberay/rayservice-upgrade-strategy-type',
    what: 'an unknown type',
    ...service,
    bad: (o) => (o.spec.upgradeStrategy = { type: 'Recreate' }),
    path: 'spec.upgradeStrategy.type',
    good: (o) => (o.spec.upgradeStrategy = { type: 'NewCluster' }),
  },
  {
    rule: 'kuberay/rayservice-deletion-delay-non-negative',
    what: 'a negative delay',
    ...service,
    bad: (o) => (o.spec.rayClusterDeletionDelaySeconds = -1),
    path: 'spec.rayClusterDeletionDelaySeconds',
    good: (o) => (o.spec.rayClusterDeletionDelaySeconds = 0),
  },
  {
    rule: 'kuberay/rayservice-incremental-upgrade',
    what: 'no autoscaling',
    ...service,
    bad: (o) => delete incremental(o).spec.rayClusterConfig.enableInTreeAutoscaling,
    path: 'spec.rayClusterConfig.enableInTreeAutoscaling',
    good: (o) => incremental(o),
  },
  {
    rule: 'kuberay/rayservice-incremental-upgrade',
    what: 'no clusterUpgradeOptions',
    ...service,
    bad: (o) => incremental(o, null),
    path: OPTIONS,
    good: (o) => incremental(o, {}),
  },
  ...(
    [
      [{ maxSurgePercent: 150 }, 'maxSurgePercent', 'maxSurgePercent 150'],
      [{ stepSizePercent: undefined }, 'stepSizePercent', 'no stepSizePercent'],
      [{ stepSizePercent: 60 }, 'stepSizePercent', 'stepSizePercent above maxSurgePercent'],
      [{ intervalSeconds: 0 }, 'intervalSeconds', 'intervalSeconds 0'],
      [{ gatewayClassName: '' }, 'gatewayClassName', 'no gatewayClassName'],
    ] as const
  ).map(
    ([options, field, what]): RuleCase => ({
      rule: 'kuberay/rayservice-incremental-upgrade',
      what,
      ...service,
      bad: (o) => incremental(o, options),
      path: `${OPTIONS}.${field}`,
      good: (o) => incremental(o, { maxSurgePercent: undefined, stepSizePercent: 100 }),
    }),
  ),
  {
    rule: 'kuberay/rayservice-incremental-upgrade',
    what: 'incomplete options with the gate declared off',
    ...service,
    bad: (o) => incremental(o, { intervalSeconds: undefined }),
    path: `${OPTIONS}.intervalSeconds`,
    good: (o) => incremental(o, { intervalSeconds: undefined }),
    goodGates: { RayServiceIncrementalUpgrade: false },
  },
];
