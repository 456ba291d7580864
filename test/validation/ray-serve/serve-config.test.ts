import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { RAY_VERSION } from '../../../src/environments/ray-runtime';
import { RayService } from '../../../src/ray/ray-service';
import { ServeDeployment } from '../../../src/ray/serve-config';
import { REPLACED_SERVE_KEYS } from '../../../src/validation/ray-serve/replaced-keys';
import { checkServeConfig, checkServeConfigV2, SERVE_SCHEMA_RAY_VERSION } from '../../../src/validation/ray-serve/serve-config';
import schema from '../../../src/validation/ray-serve/serve-config.schema.json';
import { validateManifests } from '../../../src/validation/validate';
import { gke } from '../../support/environments';

const repo = join(__dirname, '../../..');

/** A RayService whose one deployment `D` has the YAML lines `deployment` (indented 8). */
const service = (deployment: string) => ({
  apiVersion: 'ray.io/v1',
  kind: 'RayService',
  metadata: { name: 's' },
  spec: { serveConfigV2: `applications:\n  - name: app\n    import_path: m:app\n    deployments:\n      - name: D\n${deployment}` },
});
const at = 'spec.serveConfigV2.applications[0].deployments[0]';

describe('Serve config keys Ray removed or never had', () => {
  test.each([
    ['        max_concurrent_queries: 5\n', `${at}.max_concurrent_queries`, 'max_ongoing_requests'],
    ['        num_replica: 2\n', `${at}.num_replica`, 'num_replicas'],
    ['        autoscaling_config:\n          target_num_ongoing_requests_per_replica: 2\n', `${at}.autoscaling_config.target_num_ongoing_requests_per_replica`, 'target_ongoing_requests'],
  ])('one finding naming the field and its replacement: %s', (deployment, path, instead) => {
    const findings = checkServeConfigV2(service(deployment));
    expect(findings).toEqual([{ rule: 'policy/serve-config-keys', path, message: expect.stringMatching(new RegExp(`: use ${instead}; Ray ignores it, so it has no effect$`)) }]);
  });

  test('an unknown key lists the allowed ones and guesses the intended one', () => {
    const [finding, ...rest] = checkServeConfigV2(service('        ray_actor_options:\n          num_cpu: 1\n'));
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: 'policy/serve-config-keys', path: `${at}.ray_actor_options.num_cpu` });
    expect(finding.message).toMatch(/^unknown field "num_cpu" \(did you mean "num_cpus"\? allowed: accelerator_type, memory, num_cpus, num_gpus, resources, runtime_env\)/);
  });

  test("where Ray's own model forbids extra keys (LoggingConfig), an unknown key is Ray's rejection", () => {
    expect(checkServeConfigV2(service('        logging_config:\n          log_levl: INFO\n'))).toEqual([
      { rule: 'ray-serve/schema', path: `${at}.logging_config.log_levl`, message: expect.stringMatching(/did you mean "log_level"\?.*; Ray rejects the config$/) },
    ]);
  });

  test('current keys, nulls where Ray takes None, and free-form maps pass', () => {
    const deployment = [
      'max_ongoing_requests: 5', 'num_replicas: auto', 'user_config: {anything: [1, 2]}',
      'ray_actor_options: {num_cpus: null, resources: {custom: 1}, runtime_env: {env_vars: {A: "1"}}}',
      'request_router_config: {request_router_class: my.module:Router}',
    ].map((line) => `        ${line}\n`).join('');
    expect(checkServeConfigV2(service(deployment))).toEqual([]);
  });

  test.each(Object.entries(REPLACED_SERVE_KEYS).flatMap(([model, keys]) => Object.entries(keys).map(([key, instead]) => [model, key, instead])))(
    '%s: %s is not in the generated schema, %s is',
    (model, key, instead) => {
      const properties = Object.keys((schema.definitions as Record<string, { properties?: object }>)[model].properties ?? {});
      expect(properties).not.toContain(key);
      expect(properties).toContain(instead);
    },
  );
});

describe("values Ray's models reject", () => {
  test.each([
    ['        max_ongoing_requests: 0\n', `${at}.max_ongoing_requests`, 'must be > 0 (got 0)'],
    ['        num_replicas: 0\n', `${at}.num_replicas`, 'must be > 0 (got 0)'],
    ['        autoscaling_config:\n          min_replicas: two\n', `${at}.autoscaling_config.min_replicas`, 'must be integer (got "two")'],
    ['        ray_actor_options:\n          num_gpus: -1\n', `${at}.ray_actor_options.num_gpus`, 'must be >= 0 (got -1)'],
  ])('one finding at the field: %s', (deployment, path, message) => {
    expect(checkServeConfigV2(service(deployment))).toEqual([{ rule: 'ray-serve/schema', path, message }]);
  });

  test('a config without applications, a proxy location Ray does not know', () => {
    expect(checkServeConfig({ proxy_location: 'Everywhere' }, ['spec', 'serveConfigV2'])).toEqual([
      { rule: 'ray-serve/schema', path: 'spec.serveConfigV2.applications', message: 'required field is missing' },
      { rule: 'ray-serve/schema', path: 'spec.serveConfigV2.proxy_location', message: 'must be one of "Disabled", "HeadOnly", "EveryNode" (got "Everywhere")' },
    ]);
  });

  test('serveConfigV2 that is not YAML', () => {
    const obj = { ...service(''), spec: { serveConfigV2: 'applications: [\n' } };
    expect(checkServeConfigV2(obj)).toEqual([{ rule: 'ray-serve/schema', path: 'spec.serveConfigV2', message: expect.stringMatching(/^is not valid YAML: /) }]);
  });
});

describe('what we write', () => {
  const dist = join(repo, 'dist');
  const environments = readdirSync(dist);

  test.each(environments)('%s: every RayService serveConfigV2 and every serve-configs/ file passes', (env) => {
    const files = readdirSync(join(dist, env)).filter((f) => f.endsWith('.k8s.yaml'));
    const services = files.flatMap((f) =>
      parseAllDocuments(readFileSync(join(dist, env, f), 'utf8')).map((d) => d.toJS()).filter((o) => o?.kind === 'RayService'),
    );
    const configs = readdirSync(join(dist, env, 'serve-configs')).map((f) => parse(readFileSync(join(dist, env, 'serve-configs', f), 'utf8')));
    expect(services.length).toBeGreaterThan(0);
    expect(configs).toHaveLength(services.length);
    expect(services.flatMap(checkServeConfigV2)).toEqual([]);
    expect(configs.flatMap((c) => checkServeConfig(c))).toEqual([]);
  });

  const cluster = { workerGroups: [{ groupName: 'cpu', resources: { cpu: Cpu.units(4), memory: Size.gibibytes(8) }, minReplicas: 1, maxReplicas: 2 }] };
  const synthFindings = (deployment: ServeDeployment, ...patches: JsonPatch[]) => {
    const chart = Testing.chart();
    const svc = new RayService(chart, 's', { environment: gke(), name: 'text', cluster, applications: [{ name: 'app', importPath: 'm:app', deployments: [deployment] }] });
    ApiObject.of(svc).addJsonPatch(...patches);
    return validateManifests(Testing.synth(chart), undefined).filter((f) => f.rule.startsWith('ray-serve/') || f.rule === 'policy/serve-config-keys');
  };

  test('a typed RayService whose Serve config Ray would reject fails synth validation at the field', () => {
    expect(synthFindings({ name: 'D', numReplicas: 0 })).toEqual([
      expect.objectContaining({ kind: 'RayService', rule: 'ray-serve/schema', path: `${at}.num_replicas`, severity: 'error' }),
    ]);
    expect(synthFindings({ name: 'D', numReplicas: 1 })).toEqual([]);
  });

  test('a removed key patched into serveConfigV2 fails synth validation, naming the replacement', () => {
    const patched = 'applications:\n  - name: app\n    import_path: m:app\n    deployments:\n      - name: D\n        max_concurrent_queries: 8\n';
    expect(synthFindings({ name: 'D' }, JsonPatch.replace('/spec/serveConfigV2', patched))).toEqual([
      expect.objectContaining({ rule: 'policy/serve-config-keys', path: `${at}.max_concurrent_queries`, severity: 'error', message: expect.stringMatching(/use max_ongoing_requests/) }),
    ]);
  });
});

describe('the generated schema', () => {
  test('comes from the pinned Ray: the version in src/ and in python/requirements.txt', () => {
    const pinned = /^ray\[[^\]]*\]==(\S+)$/m.exec(readFileSync(join(repo, 'python/requirements.txt'), 'utf8'))?.[1];
    expect(SERVE_SCHEMA_RAY_VERSION).toBe(RAY_VERSION);
    expect(SERVE_SCHEMA_RAY_VERSION).toBe(pinned);
  });
});
