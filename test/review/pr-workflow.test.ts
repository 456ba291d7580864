import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const workflow = parse(readFileSync(join(ROOT, '.github', 'workflows', 'pr-review.yaml'), 'utf8'));
const scripts: Record<string, string> = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
const steps: { run?: string; uses?: string; with?: Record<string, unknown> }[] = workflow.jobs.review.steps;
const runs = steps.map((s) => s.run ?? '').join('\n');

describe('pull-request workflow', () => {
  test('is a GitHub Actions workflow for pull requests', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request']);
    expect(workflow.jobs.review['runs-on']).toMatch(/^ubuntu-/);
  });

  test('every npm script it runs exists', () => {
    const called = [...runs.matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((m) => m[1]);
    expect([...new Set(called)].sort()).toEqual(['diagram', 'diff', 'synth']);
    for (const name of called) expect(scripts, `npm run ${name}`).toHaveProperty(name);
  });

  test('checks the synth output and the pictures, and posts the Markdown diff against the base', () => {
    expect(runs).toContain('git status --porcelain -- dist argocd');
    expect(runs).toContain('npm run -s diagram -- --check');
    expect(runs).toMatch(/npm run -s diff -- --base "origin\/\$\{\{ github\.base_ref \}\}" --format markdown > review\.md/);
    expect(runs).toContain('--body-file review.md');
  });

  test('checks out the history the base worktree needs', () => {
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with?.['fetch-depth']).toBe(0);
  });
});
