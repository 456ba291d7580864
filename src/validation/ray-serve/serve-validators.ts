import { formatPath, type Segment } from '../../k8s/field-path';
import { Json, objectItems, objectOrUndefined } from '../../k8s/json';
import { Finding } from '../finding';
import { show } from '../schema/messages';
import schema from './serve-config.schema.json';

// Source: ray/serve/schema.py of the pinned Ray (x-ray-version of serve-config.schema.json):
// the pydantic `@validator`/`@root_validator` methods of ServeDeploySchema,
// ServeApplicationSchema, DeploymentSchema, RayActorOptionsSchema and LoggingConfig, which a JSON
// Schema cannot express. Serve runs them when KubeRay sends `serveConfigV2` (`PUT
// /api/serve/applications/`) and when `serve run`/`serve deploy` read a file; a config one of them
// rejects never deploys, so the RayService never becomes ready. The values they accept
// (`x-ray-validator-facts`) are generated from Ray with the schema.

/** The values Ray's validators accept, generated from the pinned Ray (`python/scripts/serve_config_schema.py`). */
const FACTS = schema['x-ray-validator-facts'];
/** ServeApplicationSchema's defaults: an application without them is named and routed so. */
const APPLICATION_DEFAULTS = schema.definitions.ServeApplicationSchema.properties;

/** Reports a finding at a path inside the config. */
type Report = (at: readonly Segment[], message: string) => void;

/**
 * What Ray's Serve validators reject in a multi-application config (`ServeDeploySchema`: what
 * `serveConfigV2` holds): application names empty or used twice, two applications on one
 * route prefix (`/` where none is given), `host`/`port` inside an application, and in each
 * application what {@link serveApplicationValidatorFindings} finds. Values of the wrong type are
 * the schema's and are passed over here.
 * @param rule the rule id of the findings (Ray rejects the config: an error)
 * @param prefix path of the config in its object, e.g. `spec.serveConfigV2`
 */
export function serveDeployValidatorFindings(config: unknown, rule: string, prefix: readonly Segment[] = []): Finding[] {
  const findings: Finding[] = [];
  const report: Report = (at, message) => findings.push({ rule, path: formatPath([...prefix, ...at]), message });
  const root = objectOrUndefined(config);
  if (!root) return findings;
  checkLogging(root.logging_config, ['logging_config'], report);
  const apps = objectItems(root.applications);
  const names = new Map<unknown, number>();
  const routes = new Map<unknown, number>();
  for (const { item: app, index } of apps) {
    const at = ['applications', index];
    // Without them, ServeApplicationSchema's defaults (name "default", route_prefix "/"); a null route prefix is no HTTP route.
    const name = app.name ?? APPLICATION_DEFAULTS.name.default;
    if (name === '') report([...at, 'name'], 'expected a non-empty application name, got "" (Ray: "Application names must be nonempty.")');
    else if (names.has(name)) report([...at, 'name'], `expected a name no other application has, got ${show(name)} as applications[${names.get(name)}] has (Ray: "Found multiple configs for application")`);
    else names.set(name, index);
    const routeGiven = 'route_prefix' in app;
    const route = routeGiven ? app.route_prefix : APPLICATION_DEFAULTS.route_prefix.default;
    if (route !== null && routes.has(route)) {
      report(
        [...at, 'route_prefix'],
        `expected a route prefix no other application has, got ${show(route)} as applications[${routes.get(route)}] has${routeGiven ? '' : ' (the default route prefix)'} (Ray: "Found duplicate applications for route prefix")`,
      );
    } else if (route !== null) routes.set(route, index);
    for (const key of ['host', 'port'] as const) {
      if (key in app) report([...at, key], `expected no ${key} in an application (it is set once for all of them, in http_options), got ${show(app[key])}`);
    }
    checkApplication(app, at, report);
  }
  return findings;
}

/**
 * What Ray's Serve validators reject in one application (`ServeApplicationSchema`, also a
 * single-application config file): an `import_path` that is not `module.attr` or
 * `module:attr`; a runtime_env `working_dir` or `py_modules` entry that is a local path or a URI
 * of an unknown protocol (the application's, and each deployment's `ray_actor_options`); per
 * deployment, `num_replicas` set with `autoscaling_config` or neither a whole number nor
 * `auto`, `max_replicas_per_node` with `placement_group_bundles`, `max_queued_requests` below
 * 1 other than -1; `logging_config` values Ray does not know.
 * @param rule the rule id of the findings (Ray rejects the config: an error)
 */
export function serveApplicationValidatorFindings(config: unknown, rule: string): Finding[] {
  const findings: Finding[] = [];
  const app = objectOrUndefined(config);
  if (app) checkApplication(app, [], (at, message) => findings.push({ rule, path: formatPath(at), message }));
  return findings;
}

function checkApplication(app: Json, at: readonly Segment[], report: Report): void {
  if (typeof app.import_path === 'string') {
    const problem = importPathProblem(app.import_path);
    if (problem) report([...at, 'import_path'], `expected an import path module.attribute or module:attribute (e.g. ray_workloads.serve.app:app), got ${show(app.import_path)}: ${problem}`);
  }
  checkRuntimeEnv(app.runtime_env, [...at, 'runtime_env'], report);
  checkLogging(app.logging_config, [...at, 'logging_config'], report);
  for (const { item: deployment, index } of objectItems(app.deployments)) checkDeployment(deployment, [...at, 'deployments', index], report);
}

/** `ServeApplicationSchema.import_path_format_valid`, its reasons. */
function importPathProblem(path: string): string | undefined {
  if (path.includes(':')) {
    if (path.indexOf(':') !== path.lastIndexOf(':')) return 'an import path may have at most one colon';
    if (path.startsWith(':') || path.endsWith(':')) return 'an import path may not start or end with a colon';
    return undefined;
  }
  if (!path.includes('.')) return 'an import path needs a dot or a colon between the module and the application';
  if (path.startsWith('.') || path.endsWith('.')) return 'an import path may not start or end with a dot';
  return undefined;
}

/** `runtime_env_contains_remote_uris`: `working_dir` and each `py_modules` entry go through Ray's `parse_uri`. */
function checkRuntimeEnv(runtimeEnv: unknown, at: readonly Segment[], report: Report): void {
  const env = objectOrUndefined(runtimeEnv);
  if (!env) return;
  const uris: { value: unknown; at: Segment[] }[] = [
    ...(Array.isArray(env.py_modules) ? env.py_modules.map((value: unknown, i: number) => ({ value, at: [...at, 'py_modules', i] })) : []),
    ...('working_dir' in env ? [{ value: env.working_dir, at: [...at, 'working_dir'] }] : []),
  ];
  for (const uri of uris) {
    if (typeof uri.value !== 'string') continue;
    const problem = uriProblem(uri.value);
    if (problem) report(uri.at, `expected a remote URI (${FACTS.runtime_env_uri_protocols.map((p) => `${p}://`).join(', ')}), got ${show(uri.value)}: ${problem}`);
  }
}

/** Python's `urlparse` scheme: letters, digits, `+-.`, starting with a letter, before the first `:`. */
const URI_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/** Why Ray's `parse_uri` refuses `uri` on Linux (where `is_path` is "no scheme"), if it does. */
function uriProblem(uri: string): string | undefined {
  const scheme = URI_SCHEME.exec(uri)?.[1].toLowerCase();
  if (scheme === undefined) return 'a local path, which the Serve config cannot carry (package it and upload it, or bake it into the image)';
  if (!FACTS.runtime_env_uri_protocols.includes(scheme)) return `Ray knows no protocol '${scheme}'`;
  return undefined;
}

/** A positive whole number as pydantic v1 reads `PositiveInt` from a string (`"2"`). */
const WHOLE_NUMBER = /^\s*\+?\d+\s*$/;

function checkDeployment(deployment: Json, at: readonly Segment[], report: Report): void {
  const replicas = deployment.num_replicas;
  const autoscaling = deployment.autoscaling_config;
  const isInteger = Number.isInteger(replicas) || (typeof replicas === 'string' && WHOLE_NUMBER.test(replicas) && Number(replicas) > 0);
  if (isInteger && autoscaling !== undefined && autoscaling !== null) {
    report([...at, 'num_replicas'], `expected no num_replicas with autoscaling_config (or num_replicas "auto"), got ${show(replicas)} (Ray: "Manually setting num_replicas is not allowed when autoscaling_config is provided.")`);
  } else if (typeof replicas === 'string' && !isInteger && replicas !== 'auto') {
    report([...at, 'num_replicas'], `expected a whole number or "auto", got ${show(replicas)}`);
  }
  const perNode = deployment.max_replicas_per_node;
  const bundles = deployment.placement_group_bundles;
  if (perNode !== undefined && perNode !== null && bundles !== undefined && bundles !== null) {
    report([...at, 'max_replicas_per_node'], `expected no max_replicas_per_node with placement_group_bundles, got ${show(perNode)} (Ray: "Setting max_replicas_per_node is not allowed when placement_group_bundles is provided.")`);
  }
  const queued = deployment.max_queued_requests;
  if (typeof queued === 'number' && queued < 1 && queued !== -1) report([...at, 'max_queued_requests'], `expected -1 (no limit) or a whole number >= 1, got ${queued}`);
  checkRuntimeEnv(objectOrUndefined(deployment.ray_actor_options)?.runtime_env, [...at, 'ray_actor_options', 'runtime_env'], report);
  checkLogging(deployment.logging_config, [...at, 'logging_config'], report);
}

/** `LoggingConfig`'s validators: `encoding`, `log_level` (a name or number of Python's logging levels), `additional_log_standard_attrs`. */
function checkLogging(config: unknown, at: readonly Segment[], report: Report): void {
  const logging = objectOrUndefined(config);
  if (!logging) return;
  const { encoding, log_level: level, additional_log_standard_attrs: attrs } = logging;
  if (typeof encoding === 'string' && !FACTS.log_encodings.includes(encoding)) report([...at, 'encoding'], `expected one of ${FACTS.log_encodings.join(', ')}, got ${show(encoding)}`);
  const knownLevel = typeof level === 'number' ? FACTS.log_level_numbers.includes(level) : typeof level !== 'string' || FACTS.log_level_names.includes(level);
  if (!knownLevel) report([...at, 'log_level'], `expected one of ${FACTS.log_level_names.join(', ')} (or ${FACTS.log_level_numbers.join(', ')}), got ${show(level)}`);
  if (Array.isArray(attrs)) {
    attrs.forEach((attr: unknown, i: number) => {
      if (typeof attr === 'string' && !FACTS.log_record_attributes.includes(attr)) {
        report([...at, 'additional_log_standard_attrs', i], `expected a standard log record attribute (${FACTS.log_record_attributes.join(', ')}), got ${show(attr)}`);
      }
    });
  }
}
