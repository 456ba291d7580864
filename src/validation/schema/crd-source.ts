import { join } from 'node:path';
import type { Finding } from '../finding';
import { ajvFindings } from './ajv-findings';
import { toAjvSchema } from './ajv-schema';
import { CelRules, type UnevaluatedRule } from './cel-rules';
import { CrdCatalog } from './crd-catalog';
import type { Segment } from '../../k8s/field-path';
import { K8S_VALIDATOR, isCheckedFormat } from './k8s-ajv';
import { sha256OfFiles } from '../../schema/cache-files';
import { compiledValidator } from '../../schema/compiled-validators';
import { childSchema, type K8sSchema } from './k8s-schema';
import { objectMetaSchemaFindings } from './kubernetes-models-source';
import { type KindValidator, type SchemaSource, splitApiVersion } from './schema-source';
import { walkFindings } from './schema-walk';
import { serverDefaulted } from './server-defaults';
import { shareRepeatedSubschemas } from './shared-subschemas';

/** Options for {@link crdSource}. */
export interface CrdSourceOptions {
  /**
   * Where the CRDs come from.
   * @default - every CRD under `crdsDir()`
   */
  readonly catalog?: CrdCatalog;
  /**
   * Told about each rule that was not evaluated.
   * @default - ignored
   */
  readonly onUnevaluated?: (rule: UnevaluatedRule) => void;
}

/**
 * SHA-256 of the modules that turn a CRD's schema into the JSON Schema ajv compiles, so that a
 * cached validator is found by the CRD file's hash without converting its schema again (about
 * half a second for the carried CRDs), and a change to the conversion never finds a stale one.
 */
function conversionSources(): string {
  return sha256OfFiles(['ajv-schema.ts', 'shared-subschemas.ts', 'k8s-ajv.ts'].map((file) => join(__dirname, file)));
}

/** Fields every object has beside its schema's, and every embedded resource too. */
const TYPE_META_FIELDS = ['apiVersion', 'kind', 'metadata'];

/**
 * Validates custom resources against the `openAPIV3Schema` of the CRD version they name, as the
 * API server does: after pruning non-nullable nulls and applying structural defaults
 * (`server-defaults.ts`), strictly (see `ajv-schema.ts`), plus `metadata` as ObjectMeta,
 * map-list keys and CEL rules (see `schema-walk.ts`). A kind is compiled when it is first asked for.
 */
export function crdSource(options: CrdSourceOptions = {}): SchemaSource {
  const catalog = options.catalog ?? new CrdCatalog();
  const cel = new CelRules();
  const onUnevaluated = options.onUnevaluated ?? (() => undefined);

  return {
    name: 'CRDs',
    validatorFor(apiVersion: string, kind: string): KindValidator | undefined {
      const { group, version } = splitApiVersion(apiVersion);
      const served = catalog.versionsOf(group, kind);
      if (served.length === 0) return undefined;
      const crd = served.find((v) => v.version === version);
      if (!crd) {
        const message = `${kind} is not served as ${apiVersion}; its CRD (${served[0].file}) serves ${served.map((v) => `${group}/${v.version}`).join(', ')}`;
        return () => [{ rule: 'crd-schema', path: 'apiVersion', message }];
      }
      const validate = compiledValidator(K8S_VALIDATOR, {
        derivedFrom: JSON.stringify([conversionSources(), crd.sha256, crd.group, crd.kind, crd.version]),
        schema: () => shareRepeatedSubschemas(toAjvSchema(crd.schema, isCheckedFormat)),
      });
      const walkContext = { kind, cel, embeddedMeta: objectMetaSchemaFindings, unevaluated: onUnevaluated };
      return (input) => {
        const obj = serverDefaulted(crd.schema, input) as Record<string, unknown>;
        const findings: Finding[] = [];
        if (!validate(obj)) {
          findings.push(...ajvFindings(validate.errors ?? [], obj, 'crd-schema', (at) => allowedFields(crd.schema, at)));
        }
        findings.push(...objectMetaSchemaFindings(obj.metadata, kind));
        findings.push(...walkFindings(crd.schema, obj, walkContext));
        return findings;
      };
    },
  };
}

/** The field names the schema allows on the object at `at`. */
function allowedFields(root: K8sSchema, at: readonly Segment[]): string[] {
  let node: K8sSchema | undefined = root;
  for (const segment of at) {
    node = typeof segment === 'number' ? node?.items : node && childSchema(node, segment);
  }
  const fields = Object.keys(node?.properties ?? {});
  return node === root || node?.['x-kubernetes-embedded-resource'] ? [...new Set([...fields, ...TYPE_META_FIELDS])] : fields;
}
