import { Obj, rayJob, rayService, withAutoscalerV2 } from './fixtures';
import { RuleCase } from './rule-case';

const HISTORY = { RayClusterHistoryServer: true };
const NETWORK = { RayClusterNetworkPolicy: true };
const MTLS = { RayClusterMTLS: true };

function withHistoryServer(o: Obj, env: Obj[] = [{ name: 'S3_REGION', value: 'us-east-1' }], backend = 'S3'): Obj {
  o.spec.historyServerOptions = {
    collectorOptions: {
      image: 'quay.io/kuberay/history-collector:v1.7.0',
      env: [{ name: 'STORAGE_BACKEND', value: backend }, ...env],
    },
  };
  return o;
}

function collectorEnv(o: Obj): Obj[] {
  return o.spec.historyServerOptions.collectorOptions.env;
}

const HISTORY_CASES: readonly RuleCase[] = [
  {
    rule: 'kuberay/history-server-requires-gate',
    what: 'historyServerOptions with the gate off',
    bad: (o) => withHistoryServer(o),
    path: 'spec.historyServerOptions',
    good: (o) => withHistoryServer(o),
    goodGates: HISTORY,
  },
  {
    rule: 'kuberay/history-collector-required',
    what: 'no collectorOptions',
    gates: HISTORY,
    bad: (o) => (o.spec.historyServerOptions = {}),
    path: 'spec.historyServerOptions.collectorOptions',
    good: (o) => withHistoryServer(o),
  },
  {
    rule: 'kuberay/history-collector-required',
    what: 'no collector image',
    gates: HISTORY,
    bad: (o) => delete withHistoryServer(o).spec.historyServerOptions.collectorOptions.image,
    path: 'spec.historyServerOptions.collectorOptions.image',
    good: (o) => withHistoryServer(o),
  },
  {
    rule: 'kuberay/history-collector-env',
    what: 'operator-managed POD_IP',
    gates: HISTORY,
    bad: (o) => collectorEnv(withHistoryServer(o)).push({ name: 'POD_IP', value: '10.0.0.1' }),
    path: 'spec.historyServerOptions.collectorOptions.env[2]',
    good: (o) => collectorEnv(withHistoryServer(o)).push({ name: 'S3_BUCKET', value: 'ray-history' }),
  },
  {
    rule: 'kuberay/history-collector-env',
    what: 'STORAGE_BACKEND from a secret instead of a literal',
    gates: HISTORY,
    bad: (o) =>
      (collectorEnv(withHistoryServer(o))[0] = {
        name: 'STORAGE_BACKEND',
        valueFrom: { secretKeyRef: { name: 'h', key: 'b' } },
      }),
    path: 'spec.historyServerOptions.collectorOptions.env',
    good: (o) => withHistoryServer(o),
  },
  {
    rule: 'kuberay/history-collector-env',
    what: 'S3 without S3_REGION',
    gates: HISTORY,
    bad: (o) => withHistoryServer(o, []),
    path: 'spec.historyServerOptions.collectorOptions.env',
    good: (o) =>
      withHistoryServer(o, [{ name: 'S3_REGION', valueFrom: { configMapKeyRef: { name: 'aws', key: 'region' } } }]),
  },
  {
    rule: 'kuberay/history-collector-env',
    what: 'AZUREBLOB workload identity without an account URL',
    gates: HISTORY,
    bad: (o) =>
      withHistoryServer(
        o,
        [
          { name: 'AZURE_STORAGE_AUTH_MODE', value: ' Workload_Identity ' },
          { name: 'AZURE_STORAGE_CONNECTION_STRING', value: 'x' },
        ],
        'azureblob',
      ),
    path: 'spec.historyServerOptions.collectorOptions.env',
    good: (o) =>
      withHistoryServer(
        o,
        [
          { name: 'AZURE_STORAGE_AUTH_MODE', value: 'workload_identity' },
          { name: 'AZURE_STORAGE_ACCOUNT_URL', value: 'https://acct.blob.core.windows.net' },
        ],
        'AZUREBLOB',
      ),
  },
  {
    rule: 'kuberay/history-collector-env',
    what: 'ALIYUNOSS without OSS_REGION',
    gates: HISTORY,
    bad: (o) =>
      withHistoryServer(
        o,
        [
          { name: 'OSS_BUCKET', value: 'b' },
          { name: 'OSS_ENDPOINT', value: 'e' },
        ],
        'ALIYUNOSS',
      ),
    path: 'spec.historyServerOptions.collectorOptions.env',
    good: (o) =>
      withHistoryServer(
        o,
        [
          { name: 'OSS_BUCKET', value: 'b' },
          { name: 'OSS_ENDPOINT', value: 'e' },
          { name: 'OSS_REGION', value: 'r' },
        ],
        'ALIYUNOSS',
      ),
  },
  {
    rule: 'kuberay/history-collector-container-name',
    what: 'a worker container named ray-history-collector',
    gates: HISTORY,
    bad: (o) =>
      withHistoryServer(o).spec.workerGroupSpecs[0].template.spec.containers.push({
        name: 'ray-history-collector',
        image: 'x:1',
      }),
    path: 'spec.workerGroupSpecs[0].template.spec.containers[1].name',
    good: (o) =>
      withHistoryServer(o).spec.workerGroupSpecs[0].template.spec.containers.push({
        name: 'log-shipper',
        image: 'x:1',
      }),
  },
];

const AUTH_CASES: readonly RuleCase[] = [
  ...[
    ['2.51.0', 'too old'],
    [undefined, 'unset'],
    ['latest', 'unparsable'],
  ].map(
    ([version, why]): RuleCase => ({
      rule: 'kuberay/auth-token-ray-version',
      what: `token mode with rayVersion ${why}`,
      bad: (o) => Object.assign(o.spec, { rayVersion: version, authOptions: { mode: 'token' } }),
      path: 'spec.rayVersion',
      good: (o) => Object.assign(o.spec, { rayVersion: '2.52.0', authOptions: { mode: 'token' } }),
    }),
  ),
  {
    rule: 'kuberay/k8s-token-auth',
    what: 'enableK8sTokenAuth without token mode',
    bad: (o) => (o.spec.authOptions = { mode: 'disabled', enableK8sTokenAuth: true }),
    path: 'spec.authOptions.enableK8sTokenAuth',
    good: (o) =>
      Object.assign(o.spec, { rayVersion: '2.55.0', authOptions: { mode: 'token', enableK8sTokenAuth: true } }),
  },
  {
    rule: 'kuberay/k8s-token-auth',
    what: 'enableK8sTokenAuth with Ray 2.54',
    bad: (o) =>
      Object.assign(o.spec, { rayVersion: '2.54.1', authOptions: { mode: 'token', enableK8sTokenAuth: true } }),
    path: 'spec.rayVersion',
    good: (o) =>
      Object.assign(o.spec, { rayVersion: '2.55.0', authOptions: { mode: 'token', enableK8sTokenAuth: true } }),
  },
  {
    rule: 'kuberay/k8s-token-auth',
    what: 'enableK8sTokenAuth with a secretName',
    bad: (o) =>
      Object.assign(o.spec, {
        rayVersion: '2.55.0',
        authOptions: { mode: 'token', enableK8sTokenAuth: true, secretName: 'tok' },
      }),
    path: 'spec.authOptions.secretName',
    good: (o) => Object.assign(o.spec, { rayVersion: '2.55.0', authOptions: { mode: 'token', secretName: 'tok' } }),
  },
  ...[
    [rayJob, 'rayClusterSpec'],
    [rayService, 'rayClusterConfig'],
  ].map(
    ([fixture, key]): RuleCase => ({
      rule: 'kuberay/k8s-token-auth-unsupported',
      what: `enableK8sTokenAuth in a ${key}`,
      fixture: fixture as () => Obj,
      bad: (o) =>
        Object.assign(o.spec[key as string], {
          rayVersion: '2.55.0',
          authOptions: { mode: 'token', enableK8sTokenAuth: true },
        }),
      path: `spec.${key}.authOptions.enableK8sTokenAuth`,
      good: (o) => Object.assign(o.spec[key as string], { rayVersion: '2.55.0', authOptions: { mode: 'token' } }),
    }),
  ),
];

const NETWORK_CASES: readonly RuleCase[] = [
  {
    rule: 'kuberay/network-policy-requires-gate',
    what: 'networkPolicy with the gate off',
    bad: (o) => (o.spec.networkPolicy = { mode: 'DenyAllIngress' }),
    path: 'spec.networkPolicy',
    good: (o) => (o.spec.networkPolicy = { mode: 'DenyAllIngress' }),
    goodGates: NETWORK,
  },
  {
    rule: 'kuberay/network-policy-group-names',
    what: 'an uppercase group name',
    gates: NETWORK,
    bad: (o) => (Object.assign(o.spec, { networkPolicy: {} }).workerGroupSpecs[1].groupName = 'GPU'),
    path: 'spec.workerGroupSpecs[1].groupName',
    good: (o) => (Object.assign(o.spec, { networkPolicy: {} }).workerGroupSpecs[1].groupName = '4gpu'),
  },
  {
    rule: 'kuberay/network-policy-rules-match-mode',
    what: 'head ingressRules with DenyAllEgress',
    gates: NETWORK,
    bad: (o) =>
      (o.spec.networkPolicy = { mode: 'DenyAllEgress', head: { ingressRules: [{ ports: [{ port: 8265 }] }] } }),
    path: 'spec.networkPolicy.head.ingressRules',
    good: (o) =>
      (o.spec.networkPolicy = { mode: 'DenyAllEgress', head: { egressRules: [{ ports: [{ port: 443 }] }] } }),
  },
  {
    rule: 'kuberay/network-policy-rules-match-mode',
    what: 'worker group egressRules with DenyAllIngress',
    gates: NETWORK,
    bad: (o) =>
      (o.spec.networkPolicy = { mode: 'DenyAllIngress', workerGroups: [{ groupName: 'gpu', egressRules: [{}] }] }),
    path: 'spec.networkPolicy.workerGroups[0].egressRules',
    good: (o) =>
      (o.spec.networkPolicy = { workerGroups: [{ groupName: 'gpu', egressRules: [{}], ingressRules: [{}] }] }),
  },
  {
    rule: 'kuberay/network-policy-worker-groups-exist',
    what: 'rules for an unknown group',
    gates: NETWORK,
    bad: (o) => (o.spec.networkPolicy = { workerGroups: [{ groupName: 'cpu' }, { groupName: 'tpu' }] }),
    path: 'spec.networkPolicy.workerGroups[1].groupName',
    good: (o) => (o.spec.networkPolicy = { workerGroups: [{ groupName: 'cpu' }, { groupName: 'gpu' }] }),
  },
];

const TLS_CASES: readonly RuleCase[] = [
  {
    rule: 'kuberay/tls-requires-gate',
    what: 'tlsOptions with the gate off',
    bad: (o) => (o.spec.tlsOptions = { enabled: true }),
    path: 'spec.tlsOptions',
    good: (o) => (o.spec.tlsOptions = { enabled: true }),
    goodGates: MTLS,
  },
  {
    rule: 'kuberay/tls-managed-settings',
    what: 'RAY_USE_TLS in a worker',
    gates: MTLS,
    bad: (o) => {
      o.spec.tlsOptions = { enabled: true };
      o.spec.workerGroupSpecs[0].template.spec.containers[0].env.push({ name: 'RAY_USE_TLS', value: '1' });
    },
    path: 'spec.workerGroupSpecs[0].template.spec.containers[0].env[1]',
    good: (o) => {
      o.spec.tlsOptions = { enabled: false };
      o.spec.workerGroupSpecs[0].template.spec.containers[0].env.push({ name: 'RAY_USE_TLS', value: '1' });
    },
  },
  {
    rule: 'kuberay/tls-managed-settings',
    what: 'a head mount at /etc/ray/tls',
    gates: MTLS,
    bad: (o) => {
      o.spec.tlsOptions = { enabled: true };
      o.spec.headGroupSpec.template.spec.containers[0].volumeMounts.push({ name: 'certs', mountPath: '/etc/ray/tls' });
    },
    path: 'spec.headGroupSpec.template.spec.containers[0].volumeMounts[1]',
    good: (o) => {
      o.spec.tlsOptions = { enabled: true };
      o.spec.headGroupSpec.template.spec.containers[0].volumeMounts.push({ name: 'certs', mountPath: '/etc/certs' });
    },
  },
  {
    rule: 'kuberay/tls-managed-settings',
    what: 'an autoscaler mount named ray-tls',
    gates: MTLS,
    bad: (o) => {
      withAutoscalerV2(o.spec).tlsOptions = { enabled: true };
      o.spec.autoscalerOptions.volumeMounts = [{ name: 'ray-tls', mountPath: '/certs' }];
    },
    path: 'spec.autoscalerOptions.volumeMounts[0]',
    good: (o) => (withAutoscalerV2(o.spec).tlsOptions = { enabled: true }),
  },
];

export const GATED_FEATURE_CASES: readonly RuleCase[] = [
  ...HISTORY_CASES,
  ...AUTH_CASES,
  ...NETWORK_CASES,
  ...TLS_CASES,
];
