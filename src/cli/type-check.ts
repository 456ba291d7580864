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

/**
 * Starts the TypeScript compiler (TypeScript 7) on the synth entry graph (`tsconfig.synth.json`:
 * src/cli/synth.ts and every module it loads, environment files and the ~14 MB of generated CRD
 * bindings in imports/ included) in a child process, so it runs beside synthesis on another core:
 * tsx does not type-check, and a misspelt key or a wrong type must stop synth as cdk8s's ts-node
 * does. Incremental (state in `.cache/`): about 1 s after an edit, a few seconds on a fresh clone.
 * Resolves to the diagnostics, one per error, paths relative to the repository; empty when clean.
 */
export function startTypeCheck(): { readonly result: Promise<string[]>; stop(): void } {
  const child = spawn(process.execPath, [TSC, '-p', 'tsconfig.synth.json', '--pretty', 'false'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const result = new Promise<string[]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) return resolve([]);
      // tsc --pretty false: `src/x.ts(12,3): error TS2353: …`, continuation lines indented.
      const diagnostics = output
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => line.replace(/^(\S+?)\((\d+),(\d+)\): /, '$1:$2:$3: '));
      resolve(diagnostics.length > 0 ? diagnostics : [`tsc exited with ${code}`]);
    });
  });
  return { result, stop: () => child.kill() };
}
