import { rayJob, rayService } from './fixtures';
import { RuleCase } from './rule-case';

const TIMEOUT = 'ray.io/initializing-timeout';

export const METADATA_CASES: readonly RuleCase[] = [
  {
    rule: 'kuberay/name-max-length',
    what: 'a 54-character RayCluster name',
    bad: (o) => (o.metadata.name = 'a'.repeat(54)),
    path: 'metadata.name',
    good: (o) => (o.metadata.name = 'a'.repeat(53)),
  },
  {
    rule: 'kuberay/name-max-length',
    what: 'a 48-character RayJob name',
    fixture: rayJob,
    bad: (o) => (o.metadata.name = 'a'.repeat(48)),
    path: 'metadata.name',
    good: (o) => (o.metadata.name = 'a'.repeat(47)),
  },
  {
    rule: 'kuberay/name-dns1035-label',
    what: 'uppercase and underscore',
    bad: (o) => (o.metadata.name = 'Demo_1'),
    path: 'metadata.name',
    good: (o) => (o.metadata.name = 'demo-1'),
  },
  {
    rule: 'kuberay/name-dns1035-label',
    what: 'a leading digit',
    fixture: rayService,
    bad: (o) => (o.metadata.name = '1serve'),
    path: 'metadata.name',
    good: (o) => (o.metadata.name = 'serve1'),
  },
  ...['0s', '-5m', 'soon', '-30'].map(
    (value): RuleCase => ({
      rule: 'kuberay/initializing-timeout-annotation',
      what: `timeout '${value}'`,
      fixture: rayService,
      bad: (o) => (o.metadata.annotations = { [TIMEOUT]: value }),
      path: `metadata.annotations[${TIMEOUT}]`,
      good: (o) =>
        (o.metadata.annotations = { [TIMEOUT]: value.startsWith('-') || value === 'soon' ? '1h30m' : '300' }),
    }),
  ),
  {
    rule: 'kuberay/unique-worker-group-names',
    what: 'two groups named cpu',
    bad: (o) => (o.spec.workerGroupSpecs[1].groupName = 'cpu'),
    path: 'spec.workerGroupSpecs[1].groupName',
    good: (o) => (o.spec.workerGroupSpecs[1].groupName = 'gpu-l4'),
  },
];
