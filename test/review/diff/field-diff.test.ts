import { describe, expect, test } from 'vitest';
import { fieldChanges } from '../../../src/review/diff/field-diff';

const lines = (before: unknown, after: unknown) => fieldChanges(before, after).map((f) => [f.path, f.before, f.after]);

describe('field changes', () => {
  test('an item inserted into a named list is one added item, not a shifted list', () => {
    const c = (name: string) => ({ name, image: `${name}:1` });
    expect(lines({ containers: [c('a'), c('b')] }, { containers: [c('new'), c('a'), c('b')] })).toEqual([
      ['containers[name=new].image', undefined, 'new:1'],
      ['containers[name=new].name', undefined, 'new'],
    ]);
  });

  test('a list without unique keys is compared by index', () => {
    expect(lines({ args: ['a', 'b'] }, { args: ['a', 'c'] })).toEqual([['args[1]', 'b', 'c']]);
  });

  test('keys that are not identifiers are quoted', () => {
    expect(lines({ limits: { 'nvidia.com/gpu': 1 } }, { limits: { 'nvidia.com/gpu': 2 } })).toEqual([['limits["nvidia.com/gpu"]', 1, 2]]);
  });

  test('a YAML string field is compared as YAML', () => {
    const serve = (n: number) => `applications:\n  - name: app\n    route_prefix: /x\n    num_replicas: ${n}\n`;
    expect(lines({ serveConfigV2: serve(1) }, { serveConfigV2: serve(2) })).toEqual([['serveConfigV2(yaml).applications[name=app].num_replicas', 1, 2]]);
  });

  test('a changed script lists its changed lines', () => {
    const [change] = fieldChanges({ source: 'set -e\necho one\ndone\n' }, { source: 'set -e\necho two\ndone\n' });
    expect(change.lines).toEqual([
      { op: '-', text: 'echo one' },
      { op: '+', text: 'echo two' },
    ]);
  });

  test('an added subtree is listed leaf by leaf, sorted by path', () => {
    expect(lines({}, { b: { y: 1, x: [] }, a: 'z' })).toEqual([
      ['a', undefined, 'z'],
      ['b.x', undefined, []],
      ['b.y', undefined, 1],
    ]);
  });

  test('a value that changes shape: old leaves out, new leaves in', () => {
    expect(lines({ v: 'plain' }, { v: { k: 1 } })).toEqual([
      ['v', 'plain', undefined],
      ['v.k', undefined, 1],
    ]);
  });
});
