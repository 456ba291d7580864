import { rayCluster, rayJob } from './fixtures';
import { RuleCase } from './rule-case';

export const CLUSTER_SPEC_CASES: readonly RuleCase[] = [
  {
    rule: 'kuberay/head-container-required',
    what: 'no head containers',
    bad: (o) => (o.spec.headGroupSpec.template.spec.containers = []),
    path: 'spec.headGroupSpec.template.spec.containers',
    good: (o) =>
      o.spec.headGroupSpec.template.spec.containers.push({ name: 'log-shipper', image: 'fluent/fluent-bit:3.2.4' }),
  },
  {
    rule: 'kuberay/worker-container-required',
    what: 'no containers in the second worker group',
    bad: (o) => delete o.spec.workerGroupSpecs[1].template.spec.containers,
    path: 'spec.workerGroupSpecs[1].template.spec.containers',
    good: (o) => (o.spec.workerGroupSpecs[1].template.spec.containers[0].name = 'ray'),
  },
  {
    rule: 'kuberay/replicas-non-negative',
    what: 'negative minReplicas',
    bad: (o) => (o.spec.workerGroupSpecs[1].minReplicas = -1),
    path: 'spec.workerGroupSpecs[1].minReplicas',
    good: (o) => (o.spec.workerGroupSpecs[1].minReplicas = 0),
  },
  {
    rule: 'kuberay/replicas-non-negative',
    what: 'negative maxReplicas',
    bad: (o) => Object.assign(o.spec.workerGroupSpecs[1], { minReplicas: -2, maxReplicas: -1, replicas: -1 }),
    path: 'spec.workerGroupSpecs[1].maxReplicas',
    good: (o) => Object.assign(o.spec.workerGroupSpecs[1], { minReplicas: 0, maxReplicas: 0, replicas: 0 }),
  },
  {
    rule: 'kuberay/min-replicas-le-max',
    what: 'minReplicas 3 above maxReplicas 2',
    bad: (o) => Object.assign(o.spec.workerGroupSpecs[1], { minReplicas: 3, maxReplicas: 2, replicas: 2 }),
    path: 'spec.workerGroupSpecs[1].minReplicas',
    good: (o) => Object.assign(o.spec.workerGroupSpecs[1], { minReplicas: 2, maxReplicas: 2, replicas: 2 }),
  },
  {
    rule: 'kuberay/min-replicas-le-max',
    what: 'in a RayJob cluster spec',
    fixture: rayJob,
    bad: (o) => Object.assign(o.spec.rayClusterSpec.workerGroupSpecs[0], { minReplicas: 4, replicas: 4 }),
    path: 'spec.rayClusterSpec.workerGroupSpecs[0].minReplicas',
    good: (o) => Object.assign(o.spec.rayClusterSpec.workerGroupSpecs[0], { minReplicas: 3, replicas: 3 }),
  },
  {
    rule: 'kuberay/group-resources-single-source',
    what: 'num-gpus in rayStartParams and a resources map',
    bad: (o) => (o.spec.workerGroupSpecs[1].rayStartParams['num-gpus'] = '1'),
    path: 'spec.workerGroupSpecs[1].resources',
    good: (o) => {
      o.spec.workerGroupSpecs[1].rayStartParams['num-gpus'] = '1';
      delete o.spec.workerGroupSpecs[1].resources;
    },
  },
  {
    rule: 'kuberay/group-resources-single-source',
    what: 'head num-cpus and a resources map',
    bad: (o) => {
      o.spec.headGroupSpec.rayStartParams['num-cpus'] = '0';
      o.spec.headGroupSpec.resources = { CPU: '0' };
    },
    path: 'spec.headGroupSpec.resources',
    good: (o) => (o.spec.headGroupSpec.resources = { CPU: '0' }),
  },
  {
    rule: 'kuberay/group-labels-not-in-ray-start-params',
    what: 'rayStartParams labels',
    bad: (o) => (o.spec.headGroupSpec.rayStartParams.labels = 'zone=us-east1-b'),
    path: 'spec.headGroupSpec.rayStartParams.labels',
    good: (o) => (o.spec.headGroupSpec.labels = { zone: 'us-east1-b' }),
  },
  {
    rule: 'kuberay/group-labels-valid',
    what: 'a label key with a space',
    bad: (o) => (o.spec.workerGroupSpecs[1].labels['bad key'] = 'x'),
    path: 'spec.workerGroupSpecs[1].labels[bad key]',
    good: (o) => (o.spec.workerGroupSpecs[1].labels['example.com/good-key'] = 'x'),
  },
  {
    rule: 'kuberay/group-labels-valid',
    what: 'a label value too long',
    bad: (o) => (o.spec.workerGroupSpecs[1].labels.zone = 'z'.repeat(64)),
    path: 'spec.workerGroupSpecs[1].labels.zone',
    good: (o) => (o.spec.workerGroupSpecs[1].labels.zone = 'z'.repeat(63)),
  },
  {
    rule: 'kuberay/cluster-upgrade-strategy-type',
    what: 'an unknown type',
    bad: (o) => (o.spec.upgradeStrategy = { type: 'Rolling' }),
    path: 'spec.upgradeStrategy.type',
    good: (o) => (o.spec.upgradeStrategy = { type: 'Recreate' }),
  },
  {
    rule: 'kuberay/cluster-upgrade-strategy-standalone-only',
    what: 'a RayCluster labelled as created by a RayService',
    fixture: rayCluster,
    bad: (o) => {
      o.metadata.labels = { 'ray.io/originated-from-crd': 'RayService' };
      o.spec.upgradeStrategy = { type: 'Recreate' };
    },
    path: 'spec.upgradeStrategy.type',
    good: (o) => (o.spec.upgradeStrategy = { type: 'Recreate' }),
  },
  {
    rule: 'kuberay/cluster-upgrade-strategy-standalone-only',
    what: 'in a RayJob cluster spec',
    fixture: rayJob,
    bad: (o) => (o.spec.rayClusterSpec.upgradeStrategy = { type: 'None' }),
    path: 'spec.rayClusterSpec.upgradeStrategy.type',
    good: (o) => delete o.spec.rayClusterSpec.upgradeStrategy,
  },
];
