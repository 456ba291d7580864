import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseYamlDocument, parseYamlDocuments } from '../../src/k8s/yaml-documents';
import { toYamlDocuments } from '../../src/yaml/yaml-writer';

/** Scalars whose reading depends on the YAML schema, as a manifest may carry them. */
const TRICKY = {
  strings: ['yes', 'no', 'on', 'off', 'y', 'n', 'true', 'null', '~', '', '0o17', '017', '0x1F', '1e3', '.inf', '-.Inf', '.nan', '1_000', '12:30', '2024-01-01', '<<', '0', '-1', '3.14', ' leading', 'trailing ', 'a: b', '- item', '#no comment', "it's", '"quoted"', 'multi\nline\n', 'tab\there', 'ümlaut ✓'],
  numbers: [0, -1, 3.14, 1e21, 65536, -0.5],
  booleans: [true, false],
  nothing: null,
  nested: { list: [{ name: 'A', value: 'yes' }, []], empty: {} },
};

describe('parseYamlDocuments', () => {
  it('reads what synth writes back to the same values, as the yaml package reads them', () => {
    const docs = [TRICKY, { apiVersion: 'v1', kind: 'ConfigMap', data: { on: 'off' } }];
    const text = toYamlDocuments(docs);
    expect(parseYamlDocuments(text)).toEqual(docs);
    expect(parseYamlDocuments(text)).toEqual(parseAllDocuments(text).map((d) => d.toJS()));
  });

  it('leaves out empty documents', () => {
    expect(parseYamlDocuments('---\na: 1\n---\n---\nb: 2\n')).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('reads plain scalars with the YAML 1.2 core schema (no timestamps, no 1.1 booleans)', () => {
    expect(parseYamlDocument('a: 2024-01-01\nb: yes\nc: 0o17\nd: ~\ne: 1.5\n')).toEqual({ a: '2024-01-01', b: 'yes', c: 15, d: null, e: 1.5 });
  });

  it('rejects invalid YAML and duplicate keys, naming the file and line', () => {
    expect(() => parseYamlDocuments('a: 1\na: 2\n', 'x.k8s.yaml')).toThrow(/^x\.k8s\.yaml: line 2: duplicated mapping key$/);
    expect(() => parseYamlDocuments('a: [1\n', 'y.k8s.yaml')).toThrow(/^y\.k8s\.yaml: line 2: /);
    expect(() => parseYamlDocument('a: 1\n---\nb: 2\n')).toThrow(/^<yaml>: .*single document/);
  });
});
