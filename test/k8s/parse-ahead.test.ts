import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readManifestFiles } from '../../src/k8s/manifests';
import { ManifestParseAhead } from '../../src/k8s/parse-ahead';
import { toYamlDocuments } from '../../src/yaml/yaml-writer';

/** Values whose reading depends on the YAML schema or that a copy between threads could change. */
const TRICKY = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'tricky' },
  data: { on: 'off', yes: 'no', '1': 'one', null: '~', when: '2024-01-01', octal: '0o17', unicode: 'ümlaut ✓', multi: 'a\nb\n' },
  numbers: [0, -1, 3.14, 1e21, 65536, -0.5, 12345678901234567890],
  nothing: null,
  nested: { list: [{ name: 'A', value: 'yes' }, []], empty: {} },
};

/** Reading the same folder through a ManifestParseAhead and through readManifestFiles. */
function bothWays(dir: string): { ahead: () => unknown; direct: () => unknown } {
  const parser = new ManifestParseAhead();
  parser.readAhead(dir);
  return { ahead: () => parser.reader()(dir), direct: () => readManifestFiles(dir) };
}

describe('ManifestParseAhead', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parse-ahead-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers a folder with the files, texts and objects readManifestFiles reads, sub-folders included', () => {
    mkdirSync(join(dir, 'apps'));
    writeFileSync(join(dir, 'b.k8s.yaml'), toYamlDocuments([TRICKY, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ray' } }]));
    writeFileSync(join(dir, 'apps', 'a.k8s.yaml'), '---\n---\napiVersion: v1\nkind: Secret\n__proto__: {polluted: true}\nb: -0.0\nc: .nan\nd: -.inf\n');
    writeFileSync(join(dir, 'notes.yaml'), 'not: a manifest\n');
    const { ahead, direct } = bothWays(dir);
    const files = ahead() as ReturnType<typeof readManifestFiles>;
    expect(files).toEqual(direct());
    expect(files.map((f) => f.file)).toEqual(['apps/a.k8s.yaml', 'b.k8s.yaml']);
    expect(JSON.stringify(files)).toEqual(JSON.stringify(direct()));
    const secret = files[0].objects[0] as Record<string, unknown>;
    expect(Object.hasOwn(secret, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(secret)).toBe(Object.prototype);
    expect([Object.is(secret.b, -0), Number.isNaN(secret.c), secret.d]).toEqual([true, true, -Infinity]);
  });

  it('throws what readManifestFiles throws for a file that is not YAML or not a Kubernetes object', () => {
    writeFileSync(join(dir, 'a.k8s.yaml'), 'kind: ConfigMap\nkind: Secret\n');
    const duplicate = bothWays(dir);
    expect(duplicate.ahead).toThrow(/^a\.k8s\.yaml: line 2: duplicated mapping key$/);
    expect(duplicate.direct).toThrow(/^a\.k8s\.yaml: line 2: duplicated mapping key$/);

    writeFileSync(join(dir, 'a.k8s.yaml'), 'kind: ConfigMap\n---\n- a list\n');
    const notAnObject = bothWays(dir);
    expect(notAnObject.ahead).toThrow(/^a\.k8s\.yaml: document 2 is not a Kubernetes object/);
    expect(notAnObject.direct).toThrow(/^a\.k8s\.yaml: document 2 is not a Kubernetes object/);
  });

  it('answers a folder from the bytes it held when it was read ahead, once; other folders go to the reader given', () => {
    writeFileSync(join(dir, 'a.k8s.yaml'), 'kind: ConfigMap\nmetadata: {name: before}\n');
    const parser = new ManifestParseAhead();
    parser.readAhead(dir);
    writeFileSync(join(dir, 'a.k8s.yaml'), 'kind: ConfigMap\nmetadata: {name: after}\n');
    const asked: string[] = [];
    const read = parser.reader((folder) => {
      asked.push(folder);
      return readManifestFiles(folder);
    });
    expect(read(dir)[0].objects[0].metadata.name).toBe('before');
    expect(read(dir)[0].objects[0].metadata.name).toBe('after');
    expect(read(join(dir, 'missing'))).toEqual([]);
    expect(asked).toEqual([dir, join(dir, 'missing')]);
  });
});
