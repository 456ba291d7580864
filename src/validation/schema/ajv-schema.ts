import type { SchemaObject } from 'ajv';
import type { K8sSchema } from './k8s-schema';

/** Formats the API server checks that ajv knows under the same name (see `k8s-ajv.ts`). */
export type FormatFilter = (format: string) => boolean;

/** Value checks that mean the same in OpenAPI v3.0 and JSON Schema draft-07. */
const COPIED = [
  'enum', 'pattern', 'minimum', 'maximum', 'multipleOf', 'minLength', 'maxLength', 'minItems',
  'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'required',
] as const;

/** Fields the API server accepts on every embedded resource and on every object's root. */
const TYPE_META: Record<string, SchemaObject> = { apiVersion: { type: 'string' }, kind: { type: 'string' } };

/**
 * Turns a CRD structural schema into a JSON Schema (draft-07) for ajv that is as strict as the
 * API server with `fieldValidation=Strict`, which is how Argo CD applies:
 * - an unknown field is an error wherever the schema fixes the fields (`properties`, or an
 *   object with neither `properties` nor `additionalProperties`, which the server prunes to
 *   `{}`), unless `x-kubernetes-preserve-unknown-fields` is set;
 * - `x-kubernetes-int-or-string` accepts an integer or a string (a quantity's `pattern` then
 *   applies to the string form only, as in Kubernetes);
 * - `nullable` admits `null`; OpenAPI's boolean `exclusiveMinimum/Maximum` become draft-07's
 *   numeric ones; `x-kubernetes-list-type: set` becomes `uniqueItems`;
 * - `x-kubernetes-embedded-resource` admits `apiVersion`, `kind` and `metadata` (ObjectMeta is
 *   checked by `object-meta.ts`, as is the root object's `metadata`, whose CRD schema the
 *   server ignores);
 * - a `format` ajv does not know is dropped (`acceptsFormat`), as the server ignores formats it
 *   does not know.
 * `x-kubernetes-list-type: map` and `x-kubernetes-validations` need the value and its schema
 * together and are checked by `schema-walk.ts`, not by ajv.
 */
export function toAjvSchema(root: K8sSchema, acceptsFormat: FormatFilter): SchemaObject {
  const converted = convert(root, acceptsFormat, false);
  converted.properties = { ...converted.properties, ...TYPE_META, metadata: {} };
  return converted;
}

function convert(node: K8sSchema, acceptsFormat: FormatFilter, inJunctor: boolean): SchemaObject {
  const out: SchemaObject = {};
  for (const key of COPIED) if (node[key] !== undefined) out[key] = node[key];
  if (node.exclusiveMinimum && node.minimum !== undefined) {
    out.exclusiveMinimum = node.minimum;
    delete out.minimum;
  }
  if (node.exclusiveMaximum && node.maximum !== undefined) {
    out.exclusiveMaximum = node.maximum;
    delete out.maximum;
  }
  if (node.format && acceptsFormat(node.format)) out.format = node.format;
  const types = typesOf(node);
  if (types) out.type = node.nullable ? [...types, 'null'] : types.length === 1 ? types[0] : types;
  if (node['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;
  if (node.items) out.items = convert(node.items, acceptsFormat, inJunctor);
  for (const junctor of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = node[junctor];
    // The int-or-string `anyOf: [{type: integer}, {type: string}]` is already in `type`.
    if (branches && !node['x-kubernetes-int-or-string']) out[junctor] = branches.map((b) => convert(b, acceptsFormat, true));
  }
  if (node.not) out.not = convert(node.not, acceptsFormat, true);

  const properties: Record<string, SchemaObject> = {};
  for (const [name, child] of Object.entries(node.properties ?? {})) properties[name] = convert(child, acceptsFormat, inJunctor);
  if (node['x-kubernetes-embedded-resource']) Object.assign(properties, TYPE_META, { metadata: { type: 'object' } });
  if (Object.keys(properties).length > 0) out.properties = properties;

  if (typeof node.additionalProperties === 'object') {
    out.additionalProperties = convert(node.additionalProperties, acceptsFormat, inJunctor);
  } else if (typeof node.additionalProperties === 'boolean') {
    out.additionalProperties = node.additionalProperties;
  } else if (!inJunctor && node.type === 'object' && !node['x-kubernetes-preserve-unknown-fields']) {
    // Junctor branches only add value checks to the node they sit on; its fields are fixed
    // there, not in the branch.
    out.additionalProperties = false;
  }
  return out;
}

function typesOf(node: K8sSchema): string[] | undefined {
  if (node['x-kubernetes-int-or-string']) return ['integer', 'string'];
  return node.type ? [node.type] : undefined;
}
