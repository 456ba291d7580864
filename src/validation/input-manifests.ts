import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Document, LineCounter, Node, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { parsePath, type Segment } from '../k8s/field-path';
import { Json } from '../k8s/pod-templates';

/** One YAML document read from a path given on the command line. */
export interface InputDocument {
  /** The file as given (a folder's files as `<folder>/<relative path>`), or `-` for stdin. */
  readonly file: string;
  /** 1-based line where the document starts. */
  readonly line: number;
  /** The parsed document: a Kubernetes object, or anything else the file held. */
  readonly value: unknown;
  /**
   * 1-based line of the field at `path` (kubectl's notation, `src/k8s/field-path.ts`): its key's
   * line in a mapping, its item's in a list; for a path the document does not have all of (a
   * missing field, a path into YAML embedded in a string), the line of the deepest part it has.
   */
  readonly lineOf: (path: string) => number;
}

/** A path that could not be read or parsed: a usage/I/O problem, not a finding. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Whether a parsed document looks like a Kubernetes object (a mapping with apiVersion and kind). */
export function isKubernetesObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'kind' in value && 'apiVersion' in value;
}

/**
 * Every YAML document of `paths`: a file, a folder (every `*.yaml` / `*.yml` below it, sorted),
 * or `-` for stdin (`readStdin`). Empty documents are dropped. Throws InputError naming the
 * file (and line) for a path that does not exist, cannot be read or is not valid YAML.
 */
export function readInputDocuments(paths: readonly string[], readStdin: () => string): InputDocument[] {
  return paths.flatMap((path) => {
    if (path === '-') return parseDocuments('-', readStdin());
    return inputFiles(path).flatMap((file) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new InputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      return parseDocuments(file, text);
    });
  });
}

function inputFiles(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new InputError(`${path}: no such file or folder`);
  }
  if (!isDirectory) return [path];
  const files = yamlFilesBelow(path);
  if (files.length === 0) throw new InputError(`${path}: no *.yaml or *.yml file in this folder or below it`);
  return files;
}

function yamlFilesBelow(path: string): string[] {
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return yamlFilesBelow(child);
      return /\.ya?ml$/.test(entry.name) ? [child] : [];
    });
}

function parseDocuments(file: string, text: string): InputDocument[] {
  const lines = new LineCounter();
  return parseAllDocuments(text, { lineCounter: lines }).flatMap((doc) => {
    const start = lines.linePos(doc.range[0]).line;
    const [error] = doc.errors;
    if (error) {
      // The yaml package ends its first line with ` at line <n>, column <m>:` before a snippet: said here as file:line:column.
      const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      const at = error.linePos ? `${error.linePos[0].line}:${error.linePos[0].col}` : String(start);
      throw new InputError(`${file}:${at}: not valid YAML: ${reason}`);
    }
    const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    const lineOf = (path: string) => fieldLine(doc, lines, parsePath(path)) ?? start;
    return value === null || value === undefined ? [] : [{ file, line: start, value, lineOf }];
  });
}

/**
 * The line of the deepest part of `segments` that `doc` has (a mapping key, a list item). A path
 * that goes on into YAML embedded in a literal block scalar (`serveConfigV2: |`, an Argo
 * `resource.manifest: |`) is followed into it: the embedded document's line, counted from the
 * line after the scalar's `|`.
 */
function fieldLine(doc: Document, lines: LineCounter, segments: readonly Segment[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const [i, segment] of segments.entries()) {
    let next: Node | null | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      next = pair.value as Node | null | undefined;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment] as Node | undefined;
      if (!next) break;
      offset = next.range?.[0] ?? offset;
    } else {
      break;
    }
    if (isScalar(next) && next.type === 'BLOCK_LITERAL' && typeof next.value === 'string' && i < segments.length - 1 && next.range) {
      const inner = embeddedLine(next.value, segments.slice(i + 1));
      if (inner !== undefined) return lines.linePos(next.range[0]).line + inner;
    }
    node = next;
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

/** The line (1-based) of `segments` inside YAML `text`, if it parses and has any of them. */
function embeddedLine(text: string, segments: readonly Segment[]): number | undefined {
  const lines = new LineCounter();
  const [doc] = parseAllDocuments(text, { lineCounter: lines });
  if (!doc || !(doc instanceof Document) || doc.errors.length > 0) return undefined;
  return fieldLine(doc, lines, segments);
}
