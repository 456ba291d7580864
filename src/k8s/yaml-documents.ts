import { CORE_SCHEMA, load, loadAll } from 'js-yaml';

/**
 * The documents of a YAML stream (`---`-separated), as plain JSON values; empty documents are
 * left out. Reads with the YAML 1.2 core schema, the schema the `yaml` package that cdk8s writes
 * with uses by default: `true`/`false`/`null`/numbers as in YAML 1.2, every other plain scalar a
 * string (no timestamps, no `<<` merge keys).
 *
 * js-yaml rather than the `yaml` package that writes: validation reads back every file synth
 * writes, and js-yaml's loader is 7-9x faster on our manifests while reading them identically.
 * @throws YAMLException on invalid YAML or a duplicate key, naming `source`, line and column
 */
export function parseYamlDocuments(text: string, source?: string): unknown[] {
  const documents: unknown[] = [];
  loadAll(text, (doc) => {
    if (doc !== null && doc !== undefined) documents.push(doc);
  }, { schema: CORE_SCHEMA, filename: source });
  return documents;
}

/**
 * The one document of a YAML text (a manifest or config embedded in a string field), read as
 * {@link parseYamlDocuments} reads; `undefined` for an empty text.
 * @throws YAMLException on invalid YAML or more than one document
 */
export function parseYamlDocument(text: string, source?: string): unknown {
  return load(text, { schema: CORE_SCHEMA, filename: source });
}
