import { CORE_SCHEMA, YAMLException, load, loadAll } from 'js-yaml';

/** One document of a YAML stream and its position in it. */
export interface YamlDocument {
  /** The document as a plain JSON value (`null` for an empty document). */
  readonly value: unknown;
  /** 1-based position in the stream. */
  readonly document: number;
}

/**
 * Every document of a YAML stream (`---`-separated), empty ones included, as plain JSON values.
 * Reads with the YAML 1.2 core schema, as the `yaml` package the writer uses reads by default:
 * `true`/`false`/`null`/numbers as in YAML 1.2, every other plain scalar a string (no
 * timestamps, no `<<` merge keys). The writer (`src/yaml/yaml-writer.ts`) quotes every string that
 * YAML 1.1 would read otherwise, so the API server (go-yaml, YAML 1.1) reads the same values.
 *
 * js-yaml rather than the `yaml` package: validation parses the text of every file synth writes, and
 * js-yaml's loader is 7-9x faster on our manifests while reading them identically.
 * @param source names the text in errors (a file path)
 * @throws Error `<source>: line <n>: <reason>` on invalid YAML or a duplicate key
 */
export function yamlDocumentsOf(text: string, source = '<yaml>'): YamlDocument[] {
  const documents: YamlDocument[] = [];
  try {
    loadAll(text, (value) => documents.push({ value: value ?? null, document: documents.length + 1 }), { schema: CORE_SCHEMA });
  } catch (error) {
    throw yamlError(error, source);
  }
  return documents;
}

/**
 * The non-empty documents of a YAML stream (see {@link yamlDocumentsOf}).
 * @throws Error `<source>: line <n>: <reason>` on invalid YAML or a duplicate key
 */
export function parseYamlDocuments(text: string, source?: string): unknown[] {
  return yamlDocumentsOf(text, source)
    .map((d) => d.value)
    .filter((value) => value !== null);
}

/**
 * The one document of a YAML text (a manifest or config embedded in a string field), read as
 * {@link yamlDocumentsOf} reads; `undefined` for an empty text.
 * @throws Error `<source>: line <n>: <reason>` on invalid YAML or more than one document
 */
export function parseYamlDocument(text: string, source = '<yaml>'): unknown {
  try {
    return load(text, { schema: CORE_SCHEMA });
  } catch (error) {
    throw yamlError(error, source);
  }
}

/** The parsed document of a YAML text held in a string field, or why it does not parse. */
export type FieldDocument = { readonly value: unknown; readonly problem?: undefined } | { readonly value?: undefined; readonly problem: string };

/** Per holder object and key: the text last parsed and its document. */
const fieldDocuments = new WeakMap<object, Map<string, { readonly text: string; readonly document: FieldDocument }>>();

/**
 * The YAML document in the string field `holder[key]` (a RayService's `serveConfigV2`, a
 * RayJob's `runtimeEnvYAML`), read as {@link parseYamlDocument} reads, parsed once per holder
 * and text however many checks ask for it; `undefined` when the field is not a string.
 * `problem`: `line <n>: <reason>`. The value is shared by every caller: do not change it.
 */
export function yamlField(holder: object, key: string): FieldDocument | undefined {
  const text = (holder as Record<string, unknown>)[key];
  if (typeof text !== 'string') return undefined;
  let byKey = fieldDocuments.get(holder);
  if (!byKey) fieldDocuments.set(holder, (byKey = new Map()));
  let entry = byKey.get(key);
  if (entry?.text !== text) {
    entry = { text, document: documentOf(text) };
    byKey.set(key, entry);
  }
  return entry.document;
}

function documentOf(text: string): FieldDocument {
  try {
    return { value: load(text, { schema: CORE_SCHEMA }) };
  } catch (error) {
    if (error instanceof YAMLException) return { problem: problemOf(error) };
    throw error;
  }
}

/** `line <n>: <reason>`. */
function problemOf(error: YAMLException): string {
  return `${error.mark ? `line ${error.mark.line + 1}: ` : ''}${error.reason}`;
}

function yamlError(error: unknown, source: string): unknown {
  if (!(error instanceof YAMLException)) return error;
  return new Error(`${source}: ${problemOf(error)}`);
}
