import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Document, LineCounter, Node, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { parsePath } from '../k8s/field-path';
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
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return inputFiles(child);
      return /\.ya?ml$/.test(entry.name) ? [child] : [];
    });
}

function parseDocuments(file: string, text: string): InputDocument[] {
  const lines = new LineCounter();
  return parseAllDocuments(text, { lineCounter: lines }).flatMap((doc) => {
    const start = lines.linePos(doc.range[0]).line;
    const [error] = doc.errors;
    if (error) throw new InputError(`${file}:${error.linePos?.[0].line ?? start}: not valid YAML: ${error.message.split('\n')[0]}`);
    const value = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    const lineOf = (path: string) => lines.linePos(fieldOffset(doc, path) ?? doc.range[0]).line;
    return value === null || value === undefined ? [] : [{ file, line: start, value, lineOf }];
  });
}

/** Where the deepest part of `path` that `doc` has starts (a mapping key, a list item), if any. */
function fieldOffset(doc: Document, path: string): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const segment of parsePath(path)) {
    let next: Node | null | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
      offset = (pair?.key as Node | undefined)?.range?.[0] ?? offset;
      next = pair?.value as Node | null | undefined;
      if (!pair) break;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment] as Node | undefined;
      if (!next) break;
      offset = next.range?.[0] ?? offset;
    } else {
      break;
    }
    node = next;
  }
  return offset;
}
