import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

/**
 * The import rules of docs/architecture.md, checked on the real import graph of src/ as
 * dependency-cruiser resolves it through tsconfig.json (type-only imports included).
 */

const ROOT = join(__dirname, '..');

/** Folders of the construct library: they build objects and never check them. */
const CONSTRUCT_FOLDERS = ['ray', 'pipeline', 'serving', 'argocd', 'placement', 'charts'];

interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
  readonly cycle?: string[];
}

const RULES = [
  {
    name: 'no-cycle',
    severity: 'error',
    from: { path: '^src/' },
    to: { circular: true },
  },
  {
    name: 'constructs-never-import-validation',
    severity: 'error',
    from: { path: `^src/(${CONSTRUCT_FOLDERS.join('|')})/` },
    to: { path: '^src/validation/' },
  },
  {
    name: 'environment-types-are-a-leaf',
    severity: 'error',
    from: { path: '^src/environments/types\\.ts$' },
    to: { path: '^src/', pathNot: '^src/(k8s/|environments/types\\.ts$)' },
  },
  {
    name: 'bottom-layer-imports-nothing-above-it',
    severity: 'error',
    from: { path: '^src/k8s/' },
    to: { path: '^src/', pathNot: '^src/k8s/' },
  },
  {
    name: 'validation-imports-no-constructs-or-charts',
    severity: 'error',
    from: { path: '^src/validation/' },
    // Read-only facts of what it checks stay allowed: src/argocd/ (layout, waves, platform components),
    // src/placement/ (node capacity, where a pod can land), src/capacity/ (what workloads ask at
    // max scale), src/environments/ (types and their helpers).
    to: { path: '^src/(ray|pipeline|serving|charts|cli|yaml|review)/|^src/(app|synth|synth-argocd)\\.ts$' },
  },
  {
    name: 'capacity-reads-below-validation-and-review',
    severity: 'error',
    from: { path: '^src/capacity/' },
    to: { path: '^src/', pathNot: '^src/(k8s|placement|capacity)/|^src/environments/' },
  },
];

let violations: Violation[] = [];
let cruised = 0;

beforeAll(async () => {
  // dependency-cruiser is an ES module with top-level await: import() it, never require().
  const { cruise } = await import('dependency-cruiser');
  const result = await cruise(
    ['src'],
    {
      baseDir: ROOT,
      tsPreCompilationDeps: true,
      doNotFollow: { path: 'node_modules' },
      ruleSet: { forbidden: RULES },
      validate: true,
    } as never,
    undefined,
    { tsConfig: { fileName: join(ROOT, 'tsconfig.json') } },
  );
  const output = result.output as {
    summary: { totalCruised: number; violations: { rule: { name: string }; from: string; to: string; cycle?: { name: string }[] }[] };
  };
  cruised = output.summary.totalCruised;
  violations = output.summary.violations.map((v) => ({
    rule: v.rule.name,
    from: v.from,
    to: v.to,
    ...(v.cycle && { cycle: v.cycle.map((c) => c.name) }),
  }));
}, 120_000);

const of = (rule: string) => violations.filter((v) => v.rule === rule);

describe('import rules (docs/architecture.md)', () => {
  test('the graph covers src/', () => {
    expect(cruised).toBeGreaterThan(100);
  });

  test('no import cycle in src/, type-only imports included', () => {
    expect(of('no-cycle')).toEqual([]);
  });

  test(`construct folders (${CONSTRUCT_FOLDERS.join(', ')}) never import src/validation/`, () => {
    expect(of('constructs-never-import-validation')).toEqual([]);
  });

  test('environment types import nothing but the bottom layer (no chart, no construct)', () => {
    expect(of('environment-types-are-a-leaf')).toEqual([]);
  });

  test('the bottom layer src/k8s/ imports nothing outside src/k8s/', () => {
    expect(of('bottom-layer-imports-nothing-above-it')).toEqual([]);
  });

  test('src/validation/ imports no construct (ray, pipeline, serving), chart, app or synth code', () => {
    expect(of('validation-imports-no-constructs-or-charts')).toEqual([]);
  });
});
