import { describe, expect, it } from 'vitest';
import { compiledValidator } from '../../../src/schema/compiled-validators';
import { K8S_VALIDATOR } from '../../../src/validation/schema/k8s-ajv';
import { shareRepeatedSubschemas } from '../../../src/validation/schema/shared-subschemas';

// GIVEN a schema that repeats large subschemas (as controller-gen CRDs repeat PodSpec)
const container = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: Object.fromEntries(
    ['name', 'image', 'command', 'args', 'workingDir', 'imagePullPolicy', 'terminationMessagePath', 'terminationMessagePolicy'].map((f) => [f, { type: 'string', minLength: 1 }]),
  ),
};
const schema = {
  type: 'object',
  properties: {
    head: { type: 'object', properties: { containers: { type: 'array', items: container } } },
    worker: { type: 'object', properties: { containers: { type: 'array', items: container } } },
  },
};

describe('shareRepeatedSubschemas', () => {
  const shared = shareRepeatedSubschemas(structuredClone(schema));

  it('moves the repeated subschemas into definitions and refers to them', () => {
    const resolve = (node: any): any => (node.$ref ? resolve(shared.definitions[node.$ref.split('/').pop()]) : node);
    const head = resolve(shared.properties.head);
    const worker = resolve(shared.properties.worker);
    expect(shared.properties.head).toEqual(shared.properties.worker);
    expect(shared.properties.head).toHaveProperty('$ref');
    expect(resolve(resolve(head.properties.containers).items)).toEqual(container);
    expect(resolve(resolve(worker.properties.containers).items)).toEqual(container);
  });

  it('leaves validation results unchanged', () => {
    const plain = compiledValidator(K8S_VALIDATOR, schema);
    const compact = compiledValidator(K8S_VALIDATOR, shared);
    const values = [
      { head: { containers: [{ name: 'a' }] }, worker: { containers: [{ name: 'b', image: 'i' }] } },
      { head: { containers: [{ image: 'i' }] } },
      { worker: { containers: [{ name: 'b', imagePolicy: 'x' }] } },
      { worker: { containers: [{ name: '' }] } },
    ];
    for (const value of values) {
      expect(compact(value)).toBe(plain(value));
      expect(compact.errors?.map((e) => [e.instancePath, e.keyword])).toEqual(plain.errors?.map((e) => [e.instancePath, e.keyword]));
    }
  });
});
