import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { _, type KeywordDefinition, type Options, type SchemaObject, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';

const ROOT = join(__dirname, '..', '..');
/** Where compiled validators are kept between runs. */
const CACHE_DIR = join(ROOT, '.cache', 'validators');
const AJV_VERSION: string = require('ajv/package.json').version;

/**
 * The name under which generated code reads {@link ValidatorKind.externals}: formats as
 * `externals.formats.<name>`, anything a keyword's code names as `externals.<key>`.
 */
export const EXTERNALS = _`externals`;

/** One way of compiling schemas: ajv's options and what the generated code needs at run time. */
export interface ValidatorKind {
  /** Names the kind in the cache key, e.g. `k8s` (change it when `externals` change meaning). */
  readonly name: string;
  /** ajv options (besides these, `code.source` is set and formats are read from {@link EXTERNALS}). */
  readonly options: Omit<Options, 'keywords' | 'formats'>;
  /** Keywords beyond JSON Schema; a keyword's `code` may read run-time values through {@link EXTERNALS}. */
  readonly keywords?: readonly KeywordDefinition[];
  /**
   * Run-time values the generated code reads: `formats` (ajv's formats by name), and whatever
   * the keywords name.
   * @default {}
   */
  readonly externals?: { readonly formats?: Options['formats'] } & Record<string, unknown>;
}

/** Validators loaded by this process, by cache key. */
const loaded = new Map<string, ValidateFunction>();
/** The same, by schema object and kind: a schema asked for again is not hashed again. */
const bySchema = new WeakMap<SchemaObject, Map<ValidatorKind, ValidateFunction>>();

/**
 * The ajv validator of `schema`, compiled once and kept across runs: ajv's standalone code is
 * written to `.cache/validators/<sha256>.js` (keyed by the ajv version, the kind's name and
 * options, and the schema) and loaded with `require`, so a later process skips ajv's compile
 * (seconds for the CRDs of KubeRay and Argo Workflows). The generated code is what
 * `ajv.compile` runs, so a cached validator judges and reports exactly as a fresh one.
 * @throws when ajv rejects the schema (as `ajv.compile` does)
 */
export function compiledValidator(kind: ValidatorKind, schema: SchemaObject): ValidateFunction {
  const known = bySchema.get(schema)?.get(kind);
  if (known) return known;
  const key = createHash('sha256')
    .update(JSON.stringify([AJV_VERSION, kind.name, kind.options, (kind.keywords ?? []).map((k) => k.keyword), schema]))
    .digest('hex');
  let validate = loaded.get(key);
  if (!validate) {
    const file = join(CACHE_DIR, `${key}.js`);
    if (!existsSync(file)) writeStandalone(file, kind, schema);
    const factory = require(file) as (externals: object) => ValidateFunction;
    validate = factory(kind.externals ?? {});
    loaded.set(key, validate);
  }
  if (!bySchema.has(schema)) bySchema.set(schema, new Map());
  bySchema.get(schema)!.set(kind, validate);
  return validate;
}

function writeStandalone(file: string, kind: ValidatorKind, schema: SchemaObject): void {
  const ajv = new Ajv({
    ...kind.options,
    formats: kind.externals?.formats,
    keywords: [...(kind.keywords ?? [])],
    code: { ...kind.options.code, source: true, formats: _`${EXTERNALS}.formats` },
  });
  const code = standaloneCode(ajv, ajv.compile(schema));
  // A factory, so the module's values come from this process: (externals) => validate.
  const module = `module.exports = (function (${EXTERNALS}) {\nconst module = { exports: {} };\n${code}\nreturn module.exports;\n});\n`;
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, module);
  renameSync(tmp, file);
}
