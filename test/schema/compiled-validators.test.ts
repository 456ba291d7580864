import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { compiledValidator, type ValidatorKind } from '../../src/schema/compiled-validators';
import { toAjvSchema } from '../../src/validation/schema/ajv-schema';
import { CrdCatalog } from '../../src/validation/schema/crd-catalog';
import { K8S_VALIDATOR, isCheckedFormat } from '../../src/validation/schema/k8s-ajv';
import { rayCluster } from '../validation/schema/objects';

const ROOT = join(__dirname, '..', '..');

/** What a report is made of: where, which check, and its parameters. */
const summary = (errors: readonly { instancePath: string; schemaPath: string; keyword: string; params: object }[] | null | undefined) =>
  (errors ?? []).map(({ instancePath, schemaPath, keyword, params }) => ({ instancePath, schemaPath, keyword, params }));

describe('compiledValidator: ajv standalone code kept across runs', () => {
  // GIVEN the RayCluster CRD's schema as the CRD source turns it into JSON Schema
  const crd = new CrdCatalog().versionsOf('ray.io', 'RayCluster').find((v) => v.version === 'v1')!;
  const schema = toAjvSchema(crd.schema, isCheckedFormat);

  it('judges and reports like a fresh ajv.compile of the same schema', () => {
    const fresh = new Ajv({ ...K8S_VALIDATOR.options, formats: K8S_VALIDATOR.externals!.formats }).compile(schema);
    const cached = compiledValidator(K8S_VALIDATOR, schema);
    const valid = rayCluster();
    const broken = rayCluster();
    broken.spec.workerGroupSpecs[0].replicass = 2;
    broken.spec.workerGroupSpecs[0].minReplicas = 'one';
    broken.spec.headGroupSpec.template.spec.containers[0].resources = { limits: { cpu: '2 cores' } };
    for (const obj of [valid, broken]) {
      expect(cached(obj)).toBe(fresh(obj));
      expect(summary(cached.errors)).toEqual(summary(fresh.errors));
    }
    expect(summary(cached.errors).length).toBeGreaterThanOrEqual(3);
  });

  it('is the same function for the same kind and schema within a process', () => {
    expect(compiledValidator(K8S_VALIDATOR, schema)).toBe(compiledValidator(K8S_VALIDATOR, structuredClone(schema)));
  });

  it('reads formats and keyword values from this process (externals), not from the cache file', () => {
    const seen: string[] = [];
    const kind = (name: string): ValidatorKind => ({
      name,
      options: { allErrors: true },
      externals: { formats: { shout: (value: string) => (seen.push(`${name}:${value}`), value === value.toUpperCase()) } },
    });
    const shout = { type: 'string', format: 'shout' };
    expect(compiledValidator(kind('loud-a'), shout)('HEY')).toBe(true);
    expect(compiledValidator(kind('loud-b'), shout)('hey')).toBe(false);
    expect(seen).toEqual(['loud-a:HEY', 'loud-b:hey']);
  });

  it('a later process loads the validator from .cache/validators/ (no ajv compile)', () => {
    compiledValidator(K8S_VALIDATOR, schema);
    // A fresh process whose ajv cannot compile: only the cached code can answer.
    const script = `
      const Ajv = require('ajv').default;
      Ajv.prototype.compile = () => { throw new Error('compiled'); };
      const { compiledValidator } = require('./src/schema/compiled-validators');
      const { toAjvSchema } = require('./src/validation/schema/ajv-schema');
      const { CrdCatalog } = require('./src/validation/schema/crd-catalog');
      const { K8S_VALIDATOR, isCheckedFormat } = require('./src/validation/schema/k8s-ajv');
      const crd = new CrdCatalog().versionsOf('ray.io', 'RayCluster').find((v) => v.version === 'v1');
      const validate = compiledValidator(K8S_VALIDATOR, toAjvSchema(crd.schema, isCheckedFormat));
      console.log(validate({ apiVersion: 'ray.io/v1', kind: 'RayCluster', spec: { bogus: 1 } }), validate.errors.length);
    `;
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toMatch(/^false [1-9]\d*$/);
  });
});
