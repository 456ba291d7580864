import { existsSync, readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { join } from 'node:path';
import Ajv, { _, type KeywordDefinition, type Options, type SchemaObject, type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { projectCacheDir, sha256, writeCacheFile } from './cache-files';

/** Where compiled validators are kept between runs. */
const CACHE_DIR = projectCacheDir('validators');
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

/**
 * A schema made from something else by a pure function, named by what it is made from: a cached
 * validator is then found without making the schema (converting a CRD's schema and hashing the
 * result costs more than loading its validator).
 */
export interface DerivedSchema {
  /**
   * Everything the schema depends on, as a string: e.g. the SHA-256 of the source document, the
   * part taken from it, and the SHA-256 of the code that converts it. Two different schemas
   * must never have the same `derivedFrom`.
   */
  readonly derivedFrom: string;
  /** Makes the schema; called only when no validator for `derivedFrom` is cached. */
  readonly schema: () => SchemaObject;
}

/** Validators loaded by this process, by cache key. */
const loaded = new Map<string, ValidateFunction>();
/** The same, by schema object and kind: a schema asked for again is not hashed again. */
const bySchema = new WeakMap<SchemaObject, Map<ValidatorKind, ValidateFunction>>();

/**
 * The ajv validator of `schema`, compiled once and kept across runs: ajv's standalone code is
 * written to `.cache/validators/<sha256>.js` (keyed by the ajv version, the kind's name and
 * options, and the schema, or for a {@link DerivedSchema} what it is derived from) and loaded
 * with `require`, so a later process skips ajv's compile (seconds for the CRDs of KubeRay and
 * Argo Workflows). The generated code is what `ajv.compile` runs, so a cached validator judges
 * and reports exactly as a fresh one.
 * @throws when ajv rejects the schema (as `ajv.compile` does)
 */
export function compiledValidator(kind: ValidatorKind, schema: SchemaObject | DerivedSchema): ValidateFunction {
  const derived = isDerived(schema);
  const known = derived ? undefined : bySchema.get(schema)?.get(kind);
  if (known) return known;
  const key = sha256(JSON.stringify([AJV_VERSION, kind.name, kind.options, (kind.keywords ?? []).map((k) => k.keyword), derived ? { derivedFrom: schema.derivedFrom } : schema]));
  let validate = loaded.get(key);
  if (!validate) {
    const file = join(CACHE_DIR, `${key}.js`);
    const code = existsSync(file) ? undefined : standaloneModule(kind, derived ? schema.schema() : schema);
    if (code !== undefined) writeCacheFile(file, code);
    validate = loadModule(file, code)(kind.externals ?? {});
    loaded.set(key, validate);
  }
  if (!derived) {
    if (!bySchema.has(schema)) bySchema.set(schema, new Map());
    bySchema.get(schema)!.set(kind, validate);
  }
  return validate;
}

function isDerived(schema: SchemaObject | DerivedSchema): schema is DerivedSchema {
  return typeof schema.derivedFrom === 'string' && typeof schema.schema === 'function';
}

/** What {@link standaloneModule} exports. */
type ValidatorFactory = (externals: object) => ValidateFunction;

/**
 * Runs the module `code` (read from `file` when not given) with V8's code cache kept beside it
 * (`<key>.v8cache`): the generated validators are megabytes of JavaScript, and a process that
 * finds V8's cached compile of them skips most of the parsing (about 6x faster loading). V8
 * rejects a cache made by another V8 version or for other code; it is then made again.
 */
function loadModule(file: string, code: string = readFileSync(file, 'utf8')): ValidatorFactory {
  const cacheFile = file.replace(/\.js$/, '.v8cache');
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new Script(`(function (module, require) {${code}\n})`, { filename: file, cachedData });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (module: object, load: NodeRequire) => void)(module, require);
  if (!cachedData || script.cachedDataRejected) writeCacheFile(cacheFile, script.createCachedData());
  return module.exports as ValidatorFactory;
}

/** ajv's standalone code of `schema` as a CommonJS module exporting a {@link ValidatorFactory}. */
function standaloneModule(kind: ValidatorKind, schema: SchemaObject): string {
  const ajv = new Ajv({
    ...kind.options,
    formats: kind.externals?.formats,
    keywords: [...(kind.keywords ?? [])],
    code: { ...kind.options.code, source: true, formats: _`${EXTERNALS}.formats` },
  });
  const code = standaloneCode(ajv, ajv.compile(schema));
  // A factory, so the module's values come from this process: (externals) => validate.
  return `module.exports = (function (${EXTERNALS}) {\nconst module = { exports: {} };\n${code}\nreturn module.exports;\n});\n`;
}
