import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { Json } from '../k8s/pod-templates';

/** One YAML document read from a path given on the command line. */
export interface InputDocument {
  /** The file as given (a folder's files as `<folder>/<relative path>`), or `-` for stdin. */
  readonly file: string;
  /** 1-based line where the document starts. */
  readonly line: number;
  /** The parsed document: a Kubernetes object, or anything else the file held. */
  readonly value: unknown;
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
    return value === null || value === undefined ? [] : [{ file, line: start, value }];
  });
}
