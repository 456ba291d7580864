import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CompletedConfig, Definition, SubNodeParser, SubTypeFormatter } from 'ts-json-schema-generator';
import type ts from 'typescript';
import { projectCacheDir, readJsonCache, sha256, writeCacheFile } from './cache-files';

/** A JSON Schema (draft-07, as ts-json-schema-generator writes it). */
export type JsonSchema = Record<string, unknown>;

const ROOT = join(__dirname, '..', '..');
const CACHE_DIR = projectCacheDir('type-schemas');

interface CachedSchema {
  /** sha256 of every repository file the schema was generated from (package-lock.json stands for node_modules). */
  readonly inputs: Record<string, string>;
  readonly schema: JsonSchema;
}

function fileSha256(file: string): string | undefined {
  return existsSync(file) ? sha256(readFileSync(file)) : undefined;
}

function isFresh(cached: CachedSchema): boolean {
  return Object.entries(cached.inputs).every(([file, hash]) => fileSha256(join(ROOT, file)) === hash);
}

function compilerOptions(typescript: typeof ts): ts.CompilerOptions {
  const configFile = join(ROOT, 'tsconfig.json');
  const { config } = typescript.readConfigFile(configFile, typescript.sys.readFile);
  return typescript.parseJsonConfigFileContent(config, typescript.sys, ROOT, undefined, configFile).options;
}

/**
 * Generates the schema with ts-json-schema-generator and the TypeScript compiler, loaded here
 * only (~1 s of module loading), so a process whose schemas are cached never loads them.
 */
function generate(entry: string, type: string): CachedSchema {
  const typescript = require('typescript') as typeof ts;
  const { BaseType, createFormatter, createParser, DEFAULT_CONFIG, SchemaGenerator } = require('ts-json-schema-generator') as typeof import('ts-json-schema-generator');
  /**
   * A class instance in the data (`Size`, `Duration`, `Cpu`): JSON Schema cannot describe it, so
   * it is written as the custom keyword `{ instanceOf: '<class name>' }` that `checkValue` knows.
   */
  class InstanceOfType extends BaseType {
    constructor(public readonly className: string) {
      super();
    }
    getId(): string {
      return `instanceOf-${this.className}`;
    }
  }

  const classParser: SubNodeParser = {
    supportsNode: (node) => typescript.isClassDeclaration(node),
    createType: (node) => new InstanceOfType((node as ts.ClassDeclaration).name?.text ?? 'anonymous class'),
  };

  const classFormatter: SubTypeFormatter = {
    supportsType: (type) => type instanceof InstanceOfType,
    getDefinition: (type) => ({ instanceOf: (type as InstanceOfType).className }) as Definition,
    getChildren: () => [],
  };

  const program = typescript.createProgram([join(ROOT, entry)], { ...compilerOptions(typescript), noEmit: true, incremental: false });
  const config: CompletedConfig & { path: string; type: string } = {
    ...DEFAULT_CONFIG,
    path: join(ROOT, entry),
    type,
    skipTypeCheck: true,
    additionalProperties: false,
    expose: 'export',
    jsDoc: 'extended',
    topRef: true,
  };
  const parser = createParser(program, config, (chain) => chain.addNodeParser(classParser));
  const formatter = createFormatter(config, (chain) => chain.addTypeFormatter(classFormatter));
  const schema = new SchemaGenerator(program, parser, formatter, config).createSchema(type) as JsonSchema;
  const files = program
    .getSourceFiles()
    .map((f) => relative(ROOT, f.fileName))
    .filter((f) => !f.startsWith('node_modules') && !f.startsWith('..'));
  const inputs = Object.fromEntries(['package-lock.json', ...files].sort().map((f) => [f, fileSha256(join(ROOT, f))!]));
  return { inputs, schema };
}

/**
 * The JSON Schema of the exported TypeScript type `type` declared in (or reachable from) the
 * repository file `entry`, generated from the type itself by ts-json-schema-generator, so the
 * TypeScript declaration stays the one home of every field: object types allow no other keys
 * (`additionalProperties: false`), JSDoc tags such as `@minimum` become keywords, and class
 * instances become `{ instanceOf: '<class>' }`. Cached under `.cache/type-schemas/` and
 * regenerated (seconds) only when one of the source files it came from changed; checked once per
 * process, which then returns the same object every call (so its compiled validator is reused).
 */
export function typeSchema(entry: string, type: string): JsonSchema {
  const key = `${entry}#${type}`;
  let schema = loaded.get(key);
  if (!schema) {
    schema = loadTypeSchema(entry, type);
    loaded.set(key, schema);
  }
  return schema;
}

/** Schemas already loaded by this process, by entry file and type. */
const loaded = new Map<string, JsonSchema>();

function loadTypeSchema(entry: string, type: string): JsonSchema {
  const cacheFile = join(CACHE_DIR, `${type}.json`);
  const cached = readJsonCache<CachedSchema>(cacheFile);
  if (cached && isFresh(cached)) return cached.schema;
  const generated = generate(entry, type);
  writeCacheFile(cacheFile, JSON.stringify(generated));
  return generated.schema;
}
