import type { ErrorObject, SchemaObject } from 'ajv';
import { formatPath, pointerSegments, type Segment } from '../../k8s/field-path';
import { Json } from '../../k8s/pod-templates';
import { yamlField } from '../../k8s/yaml-documents';
import { compiledValidator, type ValidatorKind } from '../../schema/compiled-validators';
import { Finding } from '../finding';
import { ajvFindings } from '../schema/ajv-findings';
import { unknownFieldMessage } from '../schema/messages';
import { withoutExplainedAlternatives } from '../../schema/explained-alternatives';
import { REPLACED_SERVE_KEYS } from './replaced-keys';
import { serveApplicationValidatorFindings, serveDeployValidatorFindings } from './serve-validators';
import schema from './serve-config.schema.json';

/**
 * What Ray's own Serve models reject: a wrong type, range or enum value, a missing required key,
 * an unknown key where the model forbids extras (`LoggingConfig`), YAML that does not parse.
 * Types are JSON's: pydantic v1 would also coerce a numeric string such as `"5"`.
 */
export const RAY_SERVE_SCHEMA_RULE = 'ray-serve/schema';

/**
 * An unknown key where Ray's model ignores extras (most of them; see `x-ray-extra` in the
 * schema): Ray accepts the config and drops the key, so a removed or misspelt setting silently
 * has no effect. Stricter than Ray on purpose, hence a policy.
 */
export const SERVE_CONFIG_KEYS_RULE = 'policy/serve-config-keys';

/** The Ray release whose models `serve-config.schema.json` was generated from. */
export const SERVE_SCHEMA_RAY_VERSION: string = schema['x-ray-version'];

/**
 * How the Serve schema is compiled (`compiledValidator`: once per process, kept across runs):
 * all errors; verbose, so each error carries its schema, whose `x-ray-extra` and `properties`
 * the messages need; no strict-mode complaints about pydantic's annotations (`title`, `x-ray-*`).
 */
const RAY_SERVE_VALIDATOR: ValidatorKind = { name: 'ray-serve', options: { allErrors: true, strict: false, verbose: true } };

/**
 * Checks a parsed Serve config (Ray's `ServeDeploySchema`: what `serveConfigV2` holds and what
 * `serve run`/`serve deploy` read) against the schema generated from the pinned Ray's models
 * (`python/scripts/serve_config_schema.py`) and Ray's validators the schema cannot express
 * (`serve-validators.ts`). Unknown keys are findings everywhere: a key Ray
 * removed or never had names what to write instead. Paths are `prefix` plus the key path
 * inside the config, e.g. `spec.serveConfigV2.applications[0].deployments[1].max_concurrent_queries`.
 */
export function checkServeConfig(config: unknown, prefix: readonly Segment[] = []): Finding[] {
  return [...checkAgainst(schema as SchemaObject, config, prefix), ...serveDeployValidatorFindings(config, RAY_SERVE_SCHEMA_RULE, prefix)];
}

/**
 * Ray's `ServeApplicationSchema` alone, from the same generated file: the single-application
 * config `serve run config.yaml` also reads (a mapping with `import_path` at the top).
 */
const APPLICATION_SCHEMA: SchemaObject = {
  $schema: schema.$schema,
  $ref: '#/definitions/ServeApplicationSchema',
  definitions: schema.definitions,
};

/**
 * Checks a single-application Serve config file (Ray's `ServeApplicationSchema`: `import_path`,
 * `deployments`, ... at the top) like {@link checkServeConfig} checks a multi-application one.
 */
export function checkServeApplication(config: unknown): Finding[] {
  return [...checkAgainst(APPLICATION_SCHEMA, config, []), ...serveApplicationValidatorFindings(config, RAY_SERVE_SCHEMA_RULE)];
}

function checkAgainst(model: SchemaObject, config: unknown, prefix: readonly Segment[]): Finding[] {
  const validate = compiledValidator(RAY_SERVE_VALIDATOR, model);
  if (validate(config)) return [];
  const errors = withoutExplainedAlternatives(validate.errors ?? []);
  return [
    ...errors.filter((e) => e.keyword === 'additionalProperties').map((e) => unknownKeyFinding(e, config, prefix)),
    ...ajvFindings(errors.filter((e) => e.keyword !== 'additionalProperties'), config, RAY_SERVE_SCHEMA_RULE, () => [], prefix),
  ];
}

function unknownKeyFinding(error: ErrorObject, config: unknown, prefix: readonly Segment[]): Finding {
  const key = String(error.params.additionalProperty);
  const model = error.parentSchema as SchemaObject;
  const path = formatPath([...prefix, ...pointerSegments(error.instancePath, config), key]);
  const instead = REPLACED_SERVE_KEYS[model.title]?.[key];
  const what = instead
    ? `"${key}" is not a key of Ray ${SERVE_SCHEMA_RAY_VERSION}'s ${model.title} (Ray removed it or never had it): use ${instead}`
    : unknownFieldMessage(key, Object.keys(model.properties ?? {}));
  if (model['x-ray-extra'] === 'forbid') return { rule: RAY_SERVE_SCHEMA_RULE, path, message: `${what}; Ray rejects the config` };
  return { rule: SERVE_CONFIG_KEYS_RULE, path, message: `${what}; Ray ignores it, so it has no effect` };
}

/**
 * A RayService's `serveConfigV2` (a YAML string) checked by {@link checkServeConfig}, with paths
 * under `spec.serveConfigV2`. Other objects, and a RayService without one, have no findings here.
 */
export function checkServeConfigV2(obj: Json): Finding[] {
  const document = obj.kind === 'RayService' && obj.spec ? yamlField(obj.spec, 'serveConfigV2') : undefined;
  if (!document) return [];
  if (document.problem !== undefined) {
    return [{ rule: RAY_SERVE_SCHEMA_RULE, path: 'spec.serveConfigV2', message: `is not valid YAML: ${document.problem}` }];
  }
  return checkServeConfig(document.value, ['spec', 'serveConfigV2']);
}
