import { describe, expect, test } from 'vitest';
import { checkServeApplication, checkServeConfig } from '../../../src/validation/ray-serve/serve-config';
import cases from '../../fixtures/ray-serve/validator-cases.json';

// Ray's pydantic validators in ray/serve/schema.py (the pinned Ray), which the generated JSON
// Schema leaves out: Serve refuses such a config when KubeRay sends it, so the RayService never
// becomes ready.

const app = (fields: Record<string, unknown> = {}) => ({ name: 'app', route_prefix: '/app', import_path: 'm:app', ...fields });
const deploy = (...applications: Record<string, unknown>[]) => checkServeConfig({ applications });
const paths = (findings: { path: string }[]) => findings.map((f) => f.path);

// The pinned Ray's own ServeDeploySchema refuses exactly the cases with refusedAt paths
// (python/tests/test_serve_validator_cases.py); here each is refused at those paths and only there.
describe('the cases Ray itself judges', () => {
  test.each(cases.map((c) => [c.title, c] as const))('%s', (_title, c) => {
    const findings = checkServeConfig(c.config);
    expect(paths(findings)).toEqual(c.refusedAt);
    for (const f of findings) expect(f).toMatchObject({ rule: 'ray-serve/schema' });
  });
});

describe('import_path (ServeApplicationSchema.import_path_format_valid)', () => {
  test.each(['ray_workloads.serve.app:app', 'm:app', 'module.app', 'a.b.c.d', 'pkg.module:builder'])('%s passes', (importPath) => {
    expect(deploy(app({ import_path: importPath }))).toEqual([]);
  });

  test.each([
    ['a:b:c', 'at most one colon'],
    [':app', 'may not start or end with a colon'],
    ['module:', 'may not start or end with a colon'],
    ['module', 'needs a dot or a colon'],
    ['.module', 'may not start or end with a dot'],
    ['module.', 'may not start or end with a dot'],
  ])('%s is refused: %s', (importPath, reason) => {
    expect(deploy(app({ import_path: importPath }))).toEqual([
      {
        rule: 'ray-serve/schema',
        path: 'applications[0].import_path',
        message: expect.stringMatching(new RegExp(`^expected an import path module\\.attribute or module:attribute .*, got "${importPath.replace('.', '\\.')}": .*${reason}`)),
      },
    ]);
  });

  test('in a single-application config file too', () => {
    expect(paths(checkServeApplication({ import_path: 'module' }))).toEqual(['import_path']);
  });
});

describe('applications (ServeDeploySchema validators)', () => {
  test('names used twice, counting the default name "default"', () => {
    expect(deploy(app(), app({ route_prefix: '/b' }))).toEqual([
      { rule: 'ray-serve/schema', path: 'applications[1].name', message: expect.stringMatching(/^expected a name no other application has, got "app" as applications\[0\] has/) },
    ]);
    expect(paths(deploy({ import_path: 'm:a', route_prefix: '/a' }, { import_path: 'm:b', route_prefix: '/b' }))).toEqual(['applications[1].name']);
  });

  test('an empty name', () => {
    expect(paths(deploy(app({ name: '' })))).toEqual(['applications[0].name']);
  });

  test('route prefixes used twice, "/" where none is given; null is no route and never clashes', () => {
    expect(paths(deploy(app({ name: 'a' }), app({ name: 'b' })))).toEqual(['applications[1].route_prefix']);
    const twoDefaults = deploy({ name: 'a', import_path: 'm:a' }, { name: 'b', import_path: 'm:b' });
    expect(twoDefaults).toEqual([expect.objectContaining({ path: 'applications[1].route_prefix', message: expect.stringMatching(/got "\/" as applications\[0\] has \(the default route prefix\)/) })]);
    expect(deploy(app({ name: 'a', route_prefix: null }), app({ name: 'b', route_prefix: null }))).toEqual([]);
  });

  test('host or port inside an application', () => {
    expect(paths(deploy(app({ host: '0.0.0.0', port: 8000 })))).toEqual(['applications[0].host', 'applications[0].port']);
  });
});

describe('runtime_env URIs (runtime_env_contains_remote_uris)', () => {
  test('remote URIs of the protocols Ray knows pass', () => {
    const runtimeEnv = { working_dir: 's3://bucket/app.zip', py_modules: ['gs://b/m.zip', 'https://example.com/m.whl', 'gcs://_ray_pkg_abc.zip'] };
    expect(deploy(app({ runtime_env: runtimeEnv }))).toEqual([]);
  });

  test('a local path or an unknown protocol, in the application and in a deployment', () => {
    const findings = deploy(
      app({
        runtime_env: { working_dir: './src', py_modules: ['hdfs://x/m.zip'] },
        deployments: [{ name: 'D', ray_actor_options: { runtime_env: { working_dir: '/home/me/app' } } }],
      }),
    );
    expect(paths(findings)).toEqual(['applications[0].runtime_env.py_modules[0]', 'applications[0].runtime_env.working_dir', 'applications[0].deployments[0].ray_actor_options.runtime_env.working_dir']);
    expect(findings[0].message).toMatch(/^expected a remote URI \(abfss:\/\/, .*\), got "hdfs:\/\/x\/m\.zip": Ray knows no protocol 'hdfs'$/);
    expect(findings[1].message).toMatch(/got "\.\/src": a local path/);
  });
});

describe('deployments (DeploymentSchema root validators)', () => {
  const withDeployment = (deployment: Record<string, unknown>) => deploy(app({ deployments: [{ name: 'D', ...deployment }] }));
  const at = 'applications[0].deployments[0]';

  test('num_replicas with autoscaling_config, unless "auto"; a string other than "auto" or a whole number', () => {
    expect(paths(withDeployment({ num_replicas: 2, autoscaling_config: { min_replicas: 1, max_replicas: 4 } }))).toEqual([`${at}.num_replicas`]);
    expect(withDeployment({ num_replicas: 'auto', autoscaling_config: { min_replicas: 1, max_replicas: 4 } })).toEqual([]);
    expect(withDeployment({ num_replicas: null, autoscaling_config: { min_replicas: 1, max_replicas: 4 } })).toEqual([]);
    expect(paths(withDeployment({ num_replicas: 'many' }))).toEqual([`${at}.num_replicas`]);
    expect(withDeployment({ num_replicas: '2' })).toEqual([]);
  });

  test('max_replicas_per_node with placement_group_bundles', () => {
    expect(paths(withDeployment({ max_replicas_per_node: 1, placement_group_bundles: [{ CPU: 1 }] }))).toEqual([`${at}.max_replicas_per_node`]);
    expect(withDeployment({ max_replicas_per_node: 1 })).toEqual([]);
  });

  test('max_queued_requests: -1 or at least 1', () => {
    expect(withDeployment({ max_queued_requests: -1 })).toEqual([]);
    expect(withDeployment({ max_queued_requests: 10 })).toEqual([]);
    expect(withDeployment({ max_queued_requests: 0 })).toEqual([
      { rule: 'ray-serve/schema', path: `${at}.max_queued_requests`, message: 'expected -1 (no limit) or a whole number >= 1, got 0' },
    ]);
  });
});

describe('logging_config (LoggingConfig validators), at every level', () => {
  test('known encodings, levels by name or number, standard record attributes pass', () => {
    const logging = { encoding: 'JSON', log_level: 'WARNING', additional_log_standard_attrs: ['name', 'funcName'] };
    expect(checkServeConfig({ logging_config: logging, applications: [app({ logging_config: { log_level: 10 } })] })).toEqual([]);
  });

  test('what Ray refuses', () => {
    const findings = checkServeConfig({
      logging_config: { encoding: 'YAML' },
      applications: [app({ logging_config: { log_level: 'VERBOSE' }, deployments: [{ name: 'D', logging_config: { log_level: 15, additional_log_standard_attrs: ['hostname'] } }] })],
    });
    expect(paths(findings)).toEqual([
      'logging_config.encoding',
      'applications[0].logging_config.log_level',
      'applications[0].deployments[0].logging_config.log_level',
      'applications[0].deployments[0].logging_config.additional_log_standard_attrs[0]',
    ]);
    expect(findings[0].message).toBe('expected one of TEXT, JSON, got "YAML"');
    expect(findings[1].message).toMatch(/^expected one of CRITICAL, FATAL, ERROR, WARN, WARNING, INFO, DEBUG, NOTSET \(or 0, 10, 20, 30, 40, 50\), got "VERBOSE"$/);
  });
});
