import type { ErrorObject } from 'ajv';
import type { Finding } from '../finding';
import { formatPath, pointerSegments, type Segment, valueAt } from '../../k8s/field-path';
import { patternMessage, quantityMessage, show, unknownFieldMessage } from './messages';

/** The field names an object at `segments` may have, for "unknown field" messages. */
export type AllowedFields = (segments: readonly Segment[]) => readonly string[];

/**
 * Turns ajv's errors into findings with kubectl paths and messages that say what was expected.
 *
 * ajv reports an `anyOf`/`oneOf` failure once for the junctor and once per failed branch
 * ("must be number", "must match format quantity", "must match exactly one schema"). A user
 * needs one line: the branch whose type fits the value, if one does (its complaint is the real
 * one), else "must be number or string".
 */
export function ajvFindings(
  errors: readonly ErrorObject[],
  data: unknown,
  rule: string,
  allowed: AllowedFields,
  prefix: readonly Segment[] = [],
): Finding[] {
  const findings = new Map<string, Finding>();
  const add = (path: string, message: string) => findings.set(`${path}\n${message}`, { rule, path, message });

  const junctors = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  // A branch error sits inside the junctor's schema; in standalone code (kubernetes-models)
  // branches are separate functions whose schemaPath restarts at `#/`, so an earlier error on
  // the very same value counts too.
  const inBranch = (e: ErrorObject, j: ErrorObject) =>
    e !== j &&
    (e.schemaPath.startsWith(`${j.schemaPath}/`)
      ? e.instancePath.startsWith(j.instancePath)
      : e.instancePath === j.instancePath && errors.indexOf(e) < errors.indexOf(j));
  const branchErrors = new Set(errors.filter((e) => junctors.some((j) => inBranch(e, j))));

  for (const error of errors) {
    if (branchErrors.has(error)) continue;
    const segments = pointerSegments(error.instancePath, data);
    const value = valueAt(data, segments);
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      const branches = errors.filter((e) => inBranch(e, error));
      const specific = branches.filter((e) => e.keyword !== 'type' && e.keyword !== error.keyword);
      if (specific.length > 0) {
        for (const e of specific) add(...describe(e, data, allowed, prefix));
      } else {
        const types = [...new Set(branches.filter((e) => e.keyword === 'type').map((e) => String(e.params.type)))];
        add(formatPath([...prefix, ...segments]), types.length > 0 ? `must be ${types.join(' or ')} (got ${show(value)})` : `${error.message}`);
      }
      continue;
    }
    add(...describe(error, data, allowed, prefix));
  }
  return [...findings.values()];
}

function describe(error: ErrorObject, data: unknown, allowed: AllowedFields, prefix: readonly Segment[]): [string, string] {
  const segments = pointerSegments(error.instancePath, data);
  const value = valueAt(data, segments);
  const here = formatPath([...prefix, ...segments]);
  const got = `(got ${show(value)})`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      return [formatPath([...prefix, ...segments, name]), unknownFieldMessage(name, allowed(segments))];
    }
    case 'required':
      return [formatPath([...prefix, ...segments, String(params.missingProperty)]), 'required field is missing'];
    case 'type':
      return [here, `must be ${String(params.type).split(',').join(' or ')} ${got}`];
    case 'enum':
      return [here, `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} ${got}`];
    case 'pattern':
      return [here, patternMessage(String(params.pattern), value)];
    case 'format':
      return [here, params.format === 'quantity' ? quantityMessage(value) : `must be a valid ${params.format} ${got}`];
    case 'uniqueItems': {
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return [here, `must not contain duplicate items (items ${first} and ${second} are equal)`];
    }
    default:
      return [here, `${error.message} ${got}`];
  }
}
