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
 * js-yaml rather than the `yaml` package: validation reads back every file synth writes, and
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

function yamlError(error: unknown, source: string): unknown {
  if (!(error instanceof YAMLException)) return error;
  const line = error.mark ? `line ${error.mark.line + 1}: ` : '';
  return new Error(`${source}: ${line}${error.reason}`);
}
