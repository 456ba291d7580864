import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderMarkdown } from '../../../src/review/diff/render/markdown';
import { renderText } from '../../../src/review/diff/render/text';
import { EnvironmentStatus, hasChanges, reviewChange } from '../../../src/review/diff/report';
import { configMap, inFile } from '../fixtures';
import { scenario } from './scenario';

const expected = (file: string) => readFileSync(join(__dirname, 'expected', file), 'utf8');

describe('review report', () => {
  test('two versions with known differences: exact text report', () => {
    const { before, after } = scenario();
    expect(renderText(reviewChange('main', before, after))).toBe(expected('scenario.txt'));
  });

  test('two versions with known differences: exact Markdown report', () => {
    const { before, after } = scenario();
    expect(renderMarkdown(reviewChange('main', before, after))).toBe(expected('scenario.md'));
  });

  test('the report does not depend on the order of objects or environments', () => {
    const { before, after } = scenario();
    const reversed = (m: typeof before) => new Map([...m].reverse().map(([env, objects]) => [env, [...objects].reverse()]));
    expect(renderText(reviewChange('main', reversed(before), reversed(after)))).toBe(expected('scenario.txt'));
  });

  test('a rename is matched by content and reports only what changed besides the name', () => {
    // GIVEN a ConfigMap renamed with one of its four data keys changed
    const data = { a: '1', b: '2', c: '3', d: '4' };
    const before = new Map([['gke', inFile('gke', 'demo', configMap('old', data))]]);
    const after = new Map([['gke', inFile('gke', 'demo', configMap('new', { ...data, d: '5' }))]]);
    // WHEN compared
    const env = reviewChange('main', before, after).environments[0];
    // THEN one rename, with the one field
    expect(env.added).toEqual([]);
    expect(env.removed).toEqual([]);
    expect(env.renamed.map((r) => [r.from.name, r.id.name])).toEqual([['old', 'new']]);
    expect(env.renamed[0].fields.map((f) => [f.path, f.before, f.after])).toEqual([['data.d', '4', '5']]);
  });

  test('objects that differ in more than the name are an addition and a removal', () => {
    const before = new Map([['gke', inFile('gke', 'demo', configMap('old', { a: '1', b: '2' }))]]);
    const after = new Map([['gke', inFile('gke', 'demo', configMap('new', { c: '3', d: '4', e: '5' }))]]);
    const env = reviewChange('main', before, after).environments[0];
    expect(env.renamed).toEqual([]);
    expect([env.added.map((o) => o.id.name), env.removed.map((o) => o.id.name)]).toEqual([['new'], ['old']]);
  });

  test('an added and a removed environment', () => {
    const before = new Map([['old-env', inFile('old-env', 'demo', configMap('x', { a: '1' }))]]);
    const after = new Map([['new-env', inFile('new-env', 'demo', configMap('x', { a: '1' }))]]);
    const report = reviewChange('main', before, after);
    expect(report.environments.map((e) => [e.environment, e.status, e.added.length, e.removed.length])).toEqual([
      ['new-env', EnvironmentStatus.ADDED, 1, 0],
      ['old-env', EnvironmentStatus.REMOVED, 0, 1],
    ]);
    expect(renderText(report)).toContain('old-env: 1 removed (environment removed)');
  });

  test('no change: every environment unchanged, one line each', () => {
    const { before } = scenario();
    const report = reviewChange('main', before, before);
    expect(hasChanges(report)).toBe(false);
    expect(renderText(report)).toBe('Changes against main\n\ngke: no changes\nlocal: no changes\n');
  });

  test('the same object twice in one version is an error naming both files', () => {
    const twice = [...inFile('gke', 'a', configMap('x', {})), ...inFile('gke', 'b', configMap('x', {}))];
    expect(() => reviewChange('main', new Map([['gke', twice]]), new Map())).toThrow(
      'base: ConfigMap ray/x is defined twice (dist/gke/a.k8s.yaml, dist/gke/b.k8s.yaml)',
    );
  });
});
