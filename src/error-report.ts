import { relative, join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Errors whose message already says what the user got wrong and where; printed as they are. */
const USER_ERRORS = new Set(['EnvironmentError', 'EnvironmentErrors', 'ConfigError', 'SynthError', 'TypeCheckError', 'UnknownEnvironmentError']);

/**
 * Where in the repository an error was thrown: the first stack frame in a repository source
 * file (not node_modules), as `src/environments/local.ts:30:55` (tsx maps frames to the
 * TypeScript source). Tells which environment file failed while its module loaded, e.g. on
 * `Size.gibibytes(-1)`, where no field path exists yet.
 */
export function thrownAt(error: Error): string | undefined {
  for (const line of (error.stack ?? '').split('\n').slice(1)) {
    const match = /\(?((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!match) continue;
    const file = relative(ROOT, match[1].replace(/^file:\/\//, ''));
    if (!file.startsWith('..') && !file.startsWith('node_modules')) return `${file}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

/**
 * The one report a CLI prints for an error, never a stack trace: a user error's own message
 * (environment, field, expected, got); anything else as its message and the repository line
 * that threw it.
 */
export function errorReport(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (USER_ERRORS.has(error.name)) return error.message;
  const at = thrownAt(error);
  return at ? `${at}: ${error.message}` : error.message;
}
