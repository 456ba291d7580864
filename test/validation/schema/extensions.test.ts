import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { CrdCatalog, crdSource, SchemaValidator, type UnevaluatedRule } from '../../../src/validation/schema';

// GIVEN a small CRD that uses each Kubernetes schema extension once, so every conversion is
// pinned by a test independent of what upstream CRDs happen to use today.
const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.org' },
  spec: {
    group: 'example.org',
    names: { kind: 'Widget', plural: 'widgets' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              apiVersion: { type: 'string' },
              kind: { type: 'string' },
              metadata: { type: 'object' },
              spec: {
                type: 'object',
                required: ['size', 'replicas'],
                'x-kubernetes-validations': [
                  { rule: 'self.minCount <= self.maxCount', messageExpression: "'minCount ' + string(self.minCount) + ' exceeds maxCount'" },
                  { rule: 'self.size == oldSelf.size', message: 'size is immutable' },
                  { rule: "!has(self.memory) || self.memory.isQuantity()", message: 'memory must be a quantity' },
                  { rule: "!has(self.tags) || self.tags.all(t, t.size() <= 8)", message: 'tags are at most 8 characters', fieldPath: '.tags' },
                ],
                properties: {
                  size: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: '^[0-9]+(Mi|Gi)$' },
                  memory: { type: 'string' },
                  minCount: { type: 'integer', format: 'int32', minimum: 0 },
                  maxCount: { type: 'integer', format: 'int32', minimum: 0, exclusiveMinimum: true },
                  ratio: { type: 'number', nullable: true },
                  tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
                  startedAt: { type: 'string', format: 'date-time' },
                  timeout: { type: 'string', format: 'duration' },
                  labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 5 } },
                  settings: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  empty: { type: 'object' },
                  template: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true },
                  replicas: { type: 'integer', format: 'int32', minimum: 0, default: 1 },
                  mode: { type: 'string', enum: ['Fast', 'Slow'], default: 'Fast' },
                  podTemplate: {
                    type: 'object',
                    properties: {
                      metadata: { type: 'object', properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } } },
                      spec: { type: 'object', properties: { restartPolicy: { type: 'string', default: 'Always' } } },
                    },
                  },
                  certificate: { type: 'string', format: 'byte' },
                },
              },
            },
          },
        },
      },
    ],
  },
};

const dir = mkdtempSync(join(tmpdir(), 'schema-extensions-'));
writeFileSync(join(dir, 'widgets.yaml'), stringify(crd));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const unevaluated: UnevaluatedRule[] = [];
const validator = new SchemaValidator([crdSource({ catalog: new CrdCatalog(dir, undefined), onUnevaluated: (r) => unevaluated.push(r) })]);

function widget(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 1, minCount: 1, maxCount: 2, ...spec } };
}

function problems(spec: Record<string, unknown>): string[] {
  return validator.validate(widget(spec)).map((f) => `${f.path}: ${f.message}`);
}

describe('Kubernetes schema extensions', () => {
  it('accepts a widget that uses every field', () => {
    expect(
      problems({
        size: '10Gi',
        ratio: null,
        tags: ['a', 'b'],
        startedAt: '2026-08-01T10:00:00',
        timeout: '1h30m',
        labels: { a: 'b' },
        settings: { anything: { goes: [1, 2] } },
        empty: {},
        template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { x: 'y' } },
      }),
    ).toEqual([]);
  });

  it('int-or-string: takes an integer or a string matching the pattern, nothing else', () => {
    expect(problems({ size: 3 })).toEqual([]);
    expect(problems({ size: '10G' })).toEqual(['spec.size: must match pattern ^[0-9]+(Mi|Gi)$ (got "10G")']);
    expect(problems({ size: 1.5 })).toEqual(['spec.size: must be integer or string (got 1.5)']);
  });

  it('nullable admits null only where declared: a null list item of a non-nullable type is an error', () => {
    expect(problems({ ratio: null })).toEqual([]);
    expect(problems({ tags: ['a', null] })).toEqual(['spec.tags[1]: must be string (got null)']);
  });

  it('formats: int32 range and lenient date-time are checked, a Go duration is not misjudged', () => {
    expect(problems({ minCount: 2 ** 31, maxCount: 2 ** 31 + 1 })).toEqual([
      'spec.minCount: must be a valid int32 (got 2147483648)',
      'spec.maxCount: must be a valid int32 (got 2147483649)',
    ]);
    expect(problems({ startedAt: 'yesterday' })).toEqual(['spec.startedAt: must be a valid date-time (got "yesterday")']);
  });

  it("OpenAPI's boolean exclusiveMinimum is honoured", () => {
    expect(problems({ minCount: 0, maxCount: 0 })).toEqual(['spec.maxCount: must be > 0 (got 0)']);
  });

  it('list-type set rejects duplicates', () => {
    expect(problems({ tags: ['a', 'a'] })).toEqual(['spec.tags: must not contain duplicate items (items 0 and 1 are equal)']);
  });

  it('additionalProperties schemas check map values; preserve-unknown-fields keeps anything', () => {
    expect(problems({ labels: { a: 'toolong' } })).toEqual(['spec.labels.a: must NOT have more than 5 characters (got "toolong")']);
    expect(problems({ settings: { x: 1 } })).toEqual([]);
  });

  it('an object schema without fields accepts no fields', () => {
    expect(problems({ empty: { x: 1 } })).toEqual(['spec.empty.x: unknown field "x" (this object takes no fields)']);
  });

  it('an embedded resource gets ObjectMeta checks on its metadata', () => {
    expect(problems({ template: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name', nme: 'x' } } })).toEqual([
      expect.stringMatching(/^spec\.template\.metadata\.nme: unknown field "nme" \(did you mean "name"\?/),
      expect.stringMatching(/^spec\.template\.metadata\.name: must be a DNS-1123 subdomain/),
    ]);
  });

  it('required fields are required', () => {
    const obj = widget({});
    delete (obj.spec as Record<string, unknown>).size;
    expect(validator.validate(obj).map((f) => `${f.path}: ${f.message}`)).toEqual(['spec.size: required field is missing']);
  });
});

// The API server prunes and defaults a custom resource before it validates it
// (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting: PruneNonNullableNullsWithoutDefaults, Default).
describe('API server semantics before validation', () => {
  it('a field both required and defaulted may be left out: defaulting runs before required', () => {
    const obj = widget({});
    delete (obj.spec as Record<string, unknown>).replicas;
    expect(validator.validate(obj)).toEqual([]);
  });

  it('a null non-nullable field with a default takes the default', () => {
    expect(problems({ replicas: null, mode: null })).toEqual([]);
  });

  it('a null non-nullable field without a default is pruned (a pod template with `metadata:` left empty)', () => {
    expect(problems({ memory: null, podTemplate: { metadata: null, spec: { restartPolicy: 'Never' } } })).toEqual([]);
  });

  it('does not change the object it validates', () => {
    const obj = widget({ memory: null });
    delete (obj.spec as Record<string, unknown>).replicas;
    validator.validate(obj);
    expect(obj.spec).toEqual({ size: 1, minCount: 1, maxCount: 2, memory: null });
  });

  it("format byte is Go's base64: line breaks every 76 columns are skipped, bad characters and padding are not", () => {
    const pem = Buffer.from('-----BEGIN CERTIFICATE-----\n'.repeat(6)).toString('base64');
    const wrapped = pem.replace(/.{76}/g, '$&\n');
    expect(wrapped).toContain('\n');
    expect(problems({ certificate: wrapped })).toEqual([]);
    expect(problems({ certificate: 'not base64!' })).toEqual(['spec.certificate: must be a valid byte (got "not base64!")']);
    expect(problems({ certificate: 'YWJj\nZA' })).toEqual(['spec.certificate: must be a valid byte (got "YWJj\\nZA")']);
  });
});

describe('CEL rules', () => {
  it('reports messageExpression when it evaluates', () => {
    expect(problems({ minCount: 3, maxCount: 2 })).toEqual(['spec: minCount 3 exceeds maxCount']);
  });

  it('reports at the rule fieldPath', () => {
    expect(problems({ tags: ['short', 'much-too-long'] })).toEqual(['spec.tags: tags are at most 8 characters']);
  });

  it('lists transition rules and rules using functions the library lacks as not evaluated', () => {
    problems({ memory: '1Gi' });
    expect(unevaluated).toContainEqual({ kind: 'Widget', rule: 'self.size == oldSelf.size', reason: expect.stringContaining('oldSelf') });
    expect(unevaluated).toContainEqual({ kind: 'Widget', rule: "!has(self.memory) || self.memory.isQuantity()", reason: expect.stringContaining('isQuantity') });
  });
});

describe('the parsed-CRD cache', () => {
  it('lives in $RAY_GITOPS_CACHE/crd-schemas, the folder that holds the Python virtualenv too', () => {
    const cache = mkdtempSync(join(tmpdir(), 'ray-gitops-cache-'));
    const before = process.env.RAY_GITOPS_CACHE;
    process.env.RAY_GITOPS_CACHE = cache;
    try {
      expect(new CrdCatalog(dir).versionsOf('example.org', 'Widget').map((v) => v.version)).toEqual(['v1']);
    } finally {
      if (before === undefined) delete process.env.RAY_GITOPS_CACHE;
      else process.env.RAY_GITOPS_CACHE = before;
    }
    // The parsed versions and the kinds the file defines, keyed by the file's hash.
    expect(readdirSync(join(cache, 'crd-schemas')).map((f) => f.replace(/^[0-9a-f]{64}/, '<sha256>')).sort()).toEqual(['<sha256>.json', '<sha256>.kinds.json']);
    rmSync(cache, { recursive: true, force: true });
  });
});
