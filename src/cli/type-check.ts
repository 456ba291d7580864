import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** TypeScript 7's compiler (native): `typescript-7` is `typescript@7` under another name, beside TypeScript 5, whose JS API the schema code uses. */
const TSC = join(dirname(require.resolve('typescript-7/package.json')), 'bin', 'tsc');

/** The app does not type-check; each line is `file:line:col - error TSnnnn: message`. */
export class TypeCheckError extends Error {
  constructor(public readonly diagnostics: readonly string[]) {
    super(`type errors (tsc -p tsconfig.synth.json):\n${diagnostics.join('\n')}`);
    this.name = 'TypeCheckError';
  }
}

/** Runs tsc with `args` in the repository; resolves to its exit code and output. */
function tsc(args: readonly string[], started: (stop: () => void) => void): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [TSC, ...args, '--pretty', 'false'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  started(() => child.kill());
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/**
 * Starts the TypeScript compiler (TypeScript 7) on the synth entry graph (`tsconfig.synth.json`:
 * src/cli/synth.ts and every module it loads, environment files and the ~14 MB of generated CRD
 * bindings in imports/ included) in a child process, so it runs beside synthesis on another core:
 * tsx does not type-check, and a misspelt key or a wrong type must stop synth as cdk8s's ts-node
 * does. Incremental (state in `.cache/`): about 1 s after an edit, a few seconds on a fresh clone.
 * Resolves to the diagnostics, one per error, paths relative to the repository; empty when clean.
 */
export function startTypeCheck(): { readonly result: Promise<string[]>; stop(): void } {
  let stopCurrent = (): void => {};
  const started = (stop: () => void): void => {
    stopCurrent = stop;
  };
  const result = (async (): Promise<string[]> => {
    const run = await tsc(['-p', 'tsconfig.synth.json'], started);
    if (run.code === 0) return [];
    // tsc --pretty false: `src/x.ts(12,3): error TS2353: …`, continuation lines indented.
    const diagnostics = run.output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.replace(/^(\S+?)\((\d+),(\d+)\): /, '$1:$2:$3: '));
    return diagnostics.length > 0 ? diagnostics : [`tsc exited with ${run.code}`];
  })();
  return { result, stop: () => stopCurrent() };
}
