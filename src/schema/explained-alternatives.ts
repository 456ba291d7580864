import type { ErrorObject } from 'ajv';

/**
 * ajv's errors (with `allErrors`) less the noise of unions a specific error explains. A field
 * that is a model or `null` (`anyOf: [model, {type: null}]`), `int > 0`, a string or `null`, or
 * `GpuRequest | false` fails every branch; when one branch's complaint is specific (a key inside
 * the model, a bound), the junctor and the other branches' type mismatches ("must be null",
 * "must be boolean" with that branch's `const: false`) are noise. ajv reports a junctor after its
 * branches' errors; a `$ref`'d model's errors do not share its schema path, so branches are told
 * by instance path (the value itself or anything inside it), and a branch that fails on the
 * value's type by its `type` error: its other errors at the same place (`const`, `enum`) are
 * mismatches of that branch too.
 */
export function withoutExplainedAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const junctor = (e: ErrorObject) => e.keyword === 'anyOf' || e.keyword === 'oneOf';
  const branchesOf = (j: ErrorObject) =>
    errors.slice(0, errors.indexOf(j)).filter((e) => e.instancePath === j.instancePath || e.instancePath.startsWith(`${j.instancePath}/`));
  const schemaParent = (e: ErrorObject) => e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/'));
  const typeMismatches = errors.filter((e) => e.keyword === 'type');
  const ofWrongTypeBranch = (e: ErrorObject) => typeMismatches.some((t) => t.instancePath === e.instancePath && schemaParent(t) === schemaParent(e));
  const alternative = (e: ErrorObject, j: ErrorObject) => e.instancePath === j.instancePath && (e.keyword === 'type' || junctor(e) || ofWrongTypeBranch(e));
  const dropped = new Set<ErrorObject>();
  for (const j of errors.filter(junctor)) {
    const branches = branchesOf(j);
    if (branches.some((e) => !alternative(e, j) && !junctor(e))) {
      dropped.add(j);
      for (const e of branches) if (alternative(e, j)) dropped.add(e);
    }
  }
  return errors.filter((e) => !dropped.has(e));
}
