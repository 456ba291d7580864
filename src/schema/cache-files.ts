import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root: project caches live in its `.cache/` (ignored by git, kept by CI between runs). */
const ROOT = join(__dirname, '..', '..');

/** `.cache/<name>/` of this clone: what is cached there depends on this clone's node_modules and sources. */
export function projectCacheDir(name: string): string {
  return join(ROOT, '.cache', name);
}

/** Hex SHA-256 of a text or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Per process: the files a cache depends on do not change while it runs. */
const filesHashes = new Map<string, string>();

/**
 * One SHA-256 over the contents of `files` (absolute paths), in order: what a cache entry is
 * derived from besides its own input (the code that makes it, package-lock.json standing for
 * node_modules), so that changing any of them gives new keys. Read and hashed once per process.
 */
export function sha256OfFiles(files: readonly string[]): string {
  const key = files.join('\n');
  let hash = filesHashes.get(key);
  if (hash === undefined) {
    hash = sha256(files.map((file) => sha256(readFileSync(file))).join('\n'));
    filesHashes.set(key, hash);
  }
  return hash;
}

/**
 * The parsed JSON of a cache file; `undefined` when it is absent or unreadable (a file
 * half-written by a killed process cannot exist, see {@link writeCacheFile}, but a corrupt one
 * only costs the work again).
 */
export function readJsonCache<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * Writes a cache file atomically (a temporary file renamed into place), so parallel processes
 * (test workers) never read half of it. A folder that cannot be written (a read-only home) is no
 * error: the next run does the work again.
 */
export function writeCacheFile(file: string, text: string | Uint8Array): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}.tmp`;
    writeFileSync(partial, text);
    renameSync(partial, file);
  } catch {
    // Only the next run's time is lost.
  }
}
