import { _, type ErrorObject, type KeywordCxt } from 'ajv';
import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { formatPath, pointerSegments } from '../k8s/field-path';
import { describeValue } from '../k8s/describe-value';
import { EXTERNALS, compiledValidator, type ValidatorKind } from './compiled-validators';
import { withoutExplainedAlternatives } from './explained-alternatives';
import { JsonSchema } from './type-schema';

/**
 * The classes environment data and props hold by value, with how a user writes one: the
 * `instanceOf` keyword of a generated schema names one of them.
 */
// Constructors are private in cdk8s (instances come from factories), hence `Function`.
const CLASSES: Record<string, { readonly type: Function; readonly example: string }> = {
  Size: { type: Size, example: 'Size.gibibytes(4)' },
  Duration: { type: Duration, example: 'Duration.minutes(10)' },
  Cpu: { type: Cpu, example: 'Cpu.units(2) or Cpu.millis(500)' },
};

/** One field that does not match its TypeScript type. */
export interface ValueProblem {
  /** The field as the user wrote it, e.g. `workloads.sandbox.maxCpuWorkers`. */
  readonly path: string;
  /** `expected …, got …`. */
  readonly message: string;
}

/**
 * How type schemas compile: all errors, verbose (messages quote the schema and the value), and
 * the `instanceOf` keyword, which reads the classes from the process (`externals.classes`).
 */
const TYPE_VALIDATOR: ValidatorKind = {
  name: 'type-schema',
  options: { allErrors: true, strict: false, verbose: true },
  keywords: [
    {
      keyword: 'instanceOf',
      schemaType: 'string',
      code: (cxt: KeywordCxt) => {
        const className = cxt.schema as string;
        if (!CLASSES[className]) throw new Error(`instanceOf: no runtime class registered for '${className}' (add it to CLASSES)`);
        cxt.fail(_`!(${cxt.data} instanceof ${EXTERNALS}.classes[${className}])`);
      },
    },
  ],
  externals: { classes: Object.fromEntries(Object.entries(CLASSES).map(([name, { type }]) => [name, type])) },
};

function expectation(error: ErrorObject): string {
  switch (error.keyword) {
    case 'instanceOf': {
      const className = error.schema as string;
      return `a ${className} (${CLASSES[className].example})`;
    }
    case 'enum':
      return `one of ${(error.schema as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return JSON.stringify(error.schema);
    case 'type':
      return ({ integer: 'a whole number', number: 'a number', string: 'a string', boolean: 'true or false', array: 'a list', object: 'an object' } as Record<string, string>)[error.params.type as string] ?? String(error.params.type);
    default:
      return error.message?.replace(/^must (be )?/, '') ?? error.keyword;
  }
}

function problem(error: ErrorObject, value: unknown): ValueProblem {
  const segments = pointerSegments(error.instancePath, value);
  if (error.keyword === 'additionalProperties') {
    const key = error.params.additionalProperty as string;
    const known = Object.keys(((error.parentSchema as JsonSchema).properties as object | undefined) ?? {});
    return {
      path: formatPath([...segments, key]),
      message: `expected no such field (known fields: ${known.join(', ') || 'none'}), got ${describeValue((error.data as Record<string, unknown>)[key])}`,
    };
  }
  if (error.keyword === 'required') {
    return { path: formatPath([...segments, error.params.missingProperty as string]), message: 'expected a value (required), got nothing' };
  }
  return { path: formatPath(segments), message: `expected ${expectation(error)}, got ${describeValue(error.data)}` };
}

/**
 * Checks `value` against a schema from `typeSchema()`: every field that is unknown, missing or
 * of the wrong type, in the user's notation (`workloads.sandbox.head.cpu`); of a union, only the
 * branch's specific complaint where one has it (`withoutExplainedAlternatives`). Empty when it matches.
 */
export function checkValue(schema: JsonSchema, value: unknown): ValueProblem[] {
  const validate = compiledValidator(TYPE_VALIDATOR, schema);
  if (validate(value)) return [];
  const seen = new Set<string>();
  return withoutExplainedAlternatives(validate.errors ?? [])
    .map((e) => problem(e, value))
    .filter((p) => {
      const key = `${p.path}\0${p.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
}
