import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TSC = require.resolve('typescript/bin/tsc');

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
 * Starts the TypeScript compiler on the synth entry graph (`tsconfig.synth.json`: src/cli/synth.ts
 * and every module it loads, environment files included) in child processes, so it runs beside
 * synthesis on another core: tsx does not type-check, and a misspelt key or a wrong type must stop
 * synth as cdk8s's ts-node does. Two steps, both incremental (state in `.cache/`):
 * 1. `tsc -b tsconfig.imports.json`: the generated CRD bindings (imports/, ~14 MB) checked and
 *    turned into comment-free declaration files (`.cache/imports-dts/`, ~4 MB); a no-op (~0.5 s)
 *    unless imports/ changed, ~20 s on a fresh clone;
 * 2. `tsc -p tsconfig.synth.json`: the app, reading imports/ through those declarations (project
 *    references), so an edit costs parsing ~4 MB of declarations instead of ~14 MB of sources.
 * Resolves to the diagnostics, one per error, paths relative to the repository; empty when clean.
 */
export function startTypeCheck(): { readonly result: Promise<string[]>; stop(): void } {
  let stopped = false;
  let stopCurrent = (): void => {};
  const started = (stop: () => void): void => {
    stopCurrent = stop;
  };
  const result = (async (): Promise<string[]> => {
    let run = await tsc(['-b', 'tsconfig.imports.json'], started);
    if (run.code === 0 && !stopped) run = await tsc(['-p', 'tsconfig.synth.json'], started);
    if (run.code === 0) return [];
    // tsc --pretty false: `src/x.ts(12,3): error TS2353: …`, continuation lines indented.
    const diagnostics = run.output
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.replace(/^(\S+?)\((\d+),(\d+)\): /, '$1:$2:$3: '));
    return diagnostics.length > 0 ? diagnostics : [`tsc exited with ${run.code}`];
  })();
  return {
    result,
    stop: () => {
      stopped = true;
      stopCurrent();
    },
  };
}
