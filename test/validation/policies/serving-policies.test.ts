import { describe, expect, test } from 'vitest';
import { ENVIRONMENTS, environmentByName } from '../../../src/environments';
import { PrerequisiteKind, RayEnvironment } from '../../../src/environments/types';
import { Json } from '../../../src/k8s/pod-templates';
import { noPlaintextSecrets } from '../../../src/validation/policies/no-plaintext-secrets';
import { referencedObjects } from '../../../src/validation/policies/referenced-objects';
import { serviceTargetPorts } from '../../../src/validation/policies/service-target-ports';
import { environmentCharts } from '../../serving/support';

const local = environmentByName('local');

const deployment = (name: string, labels: Record<string, string>, spec: Json): Json => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec } },
});
const service = (selector: Record<string, string>, targetPort: string | number): Json => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'svc' },
  spec: { selector, ports: [{ name: 'http', port: 80, targetPort }] },
});
const app = deployment('app', { app: 'web' }, { containers: [{ name: 'web', ports: [{ name: 'http', containerPort: 8080 }] }] });
const check = (policy: typeof serviceTargetPorts, obj: Json, objects: Json[] = [obj], environment: RayEnvironment = local) =>
  policy.check(obj, { environment, objects }).map((f) => `${f.path}: ${f.message}`);

describe('policy/service-target-ports', () => {
  test('a port the selected pods declare, by name or number, passes', () => {
    expect(check(serviceTargetPorts, service({ app: 'web' }, 'http'), [app])).toEqual([]);
    expect(check(serviceTargetPorts, service({ app: 'web' }, 8080), [app])).toEqual([]);
  });

  test('a port the pods lack is named with the pod and its ports', () => {
    expect(check(serviceTargetPorts, service({ app: 'web' }, 'metrics'), [app])).toEqual([
      "spec.ports[0].targetPort: port 'http' targets port name 'metrics', which Deployment/app does not declare (its ports: http=8080)",
    ]);
  });

  test('a selector that matches no pod of the environment is a finding', () => {
    expect(check(serviceTargetPorts, service({ app: 'wbe' }, 'http'), [app])).toEqual([
      'spec.selector: selector {"app":"wbe"} matches no pod any object of the environment creates',
    ]);
  });

  test('Ray pods carry the labels KubeRay adds; a RayService worker serves on KubeRay\'s default serve port', () => {
    const cluster = {
      headGroupSpec: { template: { metadata: { labels: { tier: 'ray' } }, spec: { containers: [{ name: 'ray-head', ports: [{ name: 'serve', containerPort: 8000 }] }] } } },
      workerGroupSpecs: [{ groupName: 'cpu', template: { metadata: { labels: { tier: 'ray' } }, spec: { containers: [{ name: 'ray-worker', ports: [{ name: 'metrics', containerPort: 8080 }] }] } } }],
    };
    const rayService = { apiVersion: 'ray.io/v1', kind: 'RayService', metadata: { name: 'rs' }, spec: { rayClusterConfig: cluster } };
    expect(check(serviceTargetPorts, service({ tier: 'ray', 'ray.io/serve': 'true' }, 8000), [rayService])).toEqual([]);
    const rayCluster = { apiVersion: 'ray.io/v1', kind: 'RayCluster', metadata: { name: 'rc' }, spec: cluster };
    expect(check(serviceTargetPorts, service({ 'ray.io/cluster': 'rc', 'ray.io/node-type': 'worker' }, 8000), [rayCluster])).toEqual([
      "spec.ports[0].targetPort: port 'http' targets port 8000, which RayCluster/rc cpu does not declare (its ports: metrics=8080)",
    ]);
  });

  test("a RayService's serveService must target a port of its head", () => {
    const [chart] = environmentCharts(environmentByName('aks')).filter((c) => c.chart === 'text-generation');
    const rs = structuredClone(chart.objects.find((o) => o.kind === 'RayService')!);
    rs.spec.serveService.spec.ports[0].targetPort = 9000;
    expect(check(serviceTargetPorts, rs)[0]).toMatch(/^spec\.serveService\.spec\.ports\[0\]\.targetPort: port 'serve' targets port 9000, which RayService\/text-generation head does not declare/);
  });
});

describe('policy/referenced-objects', () => {
  const pod = deployment('app', { app: 'web' }, {
    containers: [{ name: 'web', env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }] }],
    volumes: [
      { name: 'cfg', configMap: { name: 'app-config' } },
      { name: 'data', persistentVolumeClaim: { claimName: 'app-data' } },
      { name: 'opt', secret: { secretName: 'maybe', optional: true } },
    ],
  });
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config' }, data: { 'a.yaml': '' } };
  const claim = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'app-data' } };
  const withSecret = (keys?: string[]): RayEnvironment => ({
    ...local,
    externalPrerequisites: [{ kind: PrerequisiteKind.SECRET, name: 'db', keys, purpose: 'database credentials' }],
  });

  test('objects created by charts or declared as prerequisites pass; optional ones are not required', () => {
    expect(check(referencedObjects, pod, [pod, configMap, claim], withSecret(['password']))).toEqual([]);
    expect(check(referencedObjects, pod, [pod, configMap, claim], withSecret())).toEqual([]);
  });

  test('anything else is named with its path', () => {
    expect(check(referencedObjects, pod, [pod], { ...local, externalPrerequisites: [] })).toEqual([
      "spec.template.spec.volumes[0].configMap.name: ConfigMap 'app-config' is created by no chart of environment 'local' and is not among its externalPrerequisites",
      "spec.template.spec.volumes[1].persistentVolumeClaim.claimName: PersistentVolumeClaim 'app-data' is created by no chart of environment 'local' and is not among its externalPrerequisites",
      "spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: Secret 'db' is created by no chart of environment 'local' and is not among its externalPrerequisites",
    ]);
  });

  test('a key the prerequisite does not declare is a finding', () => {
    expect(check(referencedObjects, pod, [pod, configMap, claim], withSecret(['username']))).toEqual([
      "spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef: Secret 'db' has no key 'password' (keys: username)",
    ]);
  });

  test("the Redis password of a Ray cluster's GCS fault tolerance counts", () => {
    const [chart] = environmentCharts(environmentByName('aks')).filter((c) => c.chart === 'text-generation');
    const rs = chart.objects.find((o) => o.kind === 'RayService')!;
    expect(check(referencedObjects, rs, [rs], { ...environmentByName('aks'), externalPrerequisites: [] })).toEqual([
      "spec.rayClusterConfig.gcsFaultToleranceOptions.redisPassword.valueFrom.secretKeyRef: Secret 'ray-redis' is created by no chart of environment 'aks' and is not among its externalPrerequisites",
    ]);
  });
});

describe('policy/no-plaintext-secrets', () => {
  test.each<[string, Json, string]>([
    ['a Secret with data', { kind: 'Secret', metadata: { name: 's' }, stringData: { token: 'x' } }, 'stringData'],
    ['a literal password env var', deployment('d', {}, { containers: [{ name: 'c', env: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }] }), 'spec.template.spec.containers[0].env[0].value'],
    ['a password in a URL', deployment('d', {}, { containers: [{ name: 'c', args: ['--db=postgresql://mlflow:hunter2@db:5432/mlflow'] }] }), 'spec.template.spec.containers[0].args[0]'],
    ['a literal Redis password', { kind: 'RayCluster', spec: { gcsFaultToleranceOptions: { redisPassword: { value: 'hunter2' } } } }, 'spec.gcsFaultToleranceOptions.redisPassword'],
    ['a redis-password start param', { kind: 'RayCluster', spec: { headGroupSpec: { rayStartParams: { 'redis-password': 'hunter2' } } } }, 'spec.headGroupSpec.rayStartParams.redis-password'],
    ['a private key', { kind: 'ConfigMap', data: { key: '-----BEGIN RSA PRIVATE KEY-----\nMIIE' } }, 'data.key'],
    ['an AWS access key', { kind: 'ConfigMap', data: { env: 'AWS_ID=AKIAIOSFODNN7EXAMPLE' } }, 'data.env'],
    [
      "a literal token in a Serve application's runtime_env.env_vars",
      { kind: 'RayService', spec: { serveConfigV2: 'applications:\n  - name: a\n    runtime_env:\n      env_vars:\n        HF_TOKEN: hf_abc\n' } },
      'spec.serveConfigV2.applications[0].runtime_env.env_vars.HF_TOKEN',
    ],
    ["a literal password in a RayJob's runtimeEnvYAML", { kind: 'RayJob', spec: { runtimeEnvYAML: 'env_vars:\n  DB_PASSWORD: hunter2\n' } }, 'spec.runtimeEnvYAML.env_vars.DB_PASSWORD'],
  ])('flags %s', (_, obj, path) => {
    const findings = noPlaintextSecrets.check(obj);
    expect(findings.map((f) => f.path)).toContain(path);
  });

  test('references and $(VAR) expansions are fine', () => {
    const obj = deployment('d', {}, {
      containers: [
        {
          name: 'c',
          args: ['--db=postgresql://$(DB_USER):$(DB_PASSWORD)@db:5432/mlflow'],
          env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }, { name: 'API_TOKEN', value: '$(TOKEN)' }],
        },
      ],
    });
    expect(noPlaintextSecrets.check(obj)).toEqual([]);
  });

  test.each(ENVIRONMENTS.map((e) => [e.name]))('no object of %s carries a credential', (name) => {
    const env = environmentByName(name);
    const charts = environmentCharts(env);
    const objects = charts.flatMap((c) => c.objects);
    const findings = objects.flatMap((obj) => noPlaintextSecrets.check(obj).map((f) => `${obj.kind}/${obj.metadata?.name} ${f.path}: ${f.message}`));
    expect(findings).toEqual([]);
    // The scan did look at the Secret-backed database URL (local and gke run MLflow).
    if (env.workloads.embeddingService?.mlflow) {
      expect(JSON.stringify(objects)).toContain('postgresql://$(DB_USER):$(DB_PASSWORD)@');
    }
  });
});
