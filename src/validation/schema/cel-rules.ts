import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import { childSchema, type K8sSchema, type ValidationRule } from './k8s-schema';

/** A rule the validator did not evaluate, and why (see `SchemaValidator.unevaluatedRules`). */
export interface UnevaluatedRule {
  readonly kind: string;
  readonly rule: string;
  readonly reason: string;
}

/** The outcome of one rule on one value. */
export type RuleOutcome =
  | { readonly status: 'passed' }
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'unevaluated'; readonly reason: string };

const PASSED: RuleOutcome = { status: 'passed' };
/** A transition rule compares with the object already in the cluster, which we don't have. */
const TRANSITION: RuleOutcome = { status: 'unevaluated', reason: 'transition rule (uses oldSelf): needs the object already in the cluster' };
/** Errors that mean the library lacks a function the API server has, not that the value is bad. */
const MISSING_FUNCTION = /no matching overload|unknown function|is not a function|not supported/i;

/**
 * Evaluates `x-kubernetes-validations` rules with @marcbachmann/cel-js, `self` bound to the
 * value at the rule's schema node, converted as Kubernetes does: integers (`type: integer`,
 * int-or-string, and whole numbers in schemaless parts) become CEL `int`, other numbers
 * `double`, objects maps, arrays lists.
 *
 * Not evaluated, and reported as such rather than guessed: transition rules (`oldSelf`), and
 * rules that call a function of Kubernetes' CEL libraries the package lacks (quantity, url,
 * ip, ... - none of the CRDs in use needs one today). A rule that fails to evaluate for any
 * other reason fails, as on the API server.
 */
export class CelRules {
  private readonly env = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });
  private readonly programs = new Map<string, ParseResult | Error>();

  /**
   * The outcome of each of `rules` (a schema node's `x-kubernetes-validations`) on `self`, the
   * value at that node, which is converted to CEL once for all of them.
   */
  evaluateAll(rules: readonly ValidationRule[], self: unknown, schema: K8sSchema): RuleOutcome[] {
    let context: { self: unknown } | undefined;
    return rules.map((rule) => this.evaluate(rule, () => (context ??= { self: toCel(self, schema) })));
  }

  private evaluate(rule: ValidationRule, contextOf: () => { self: unknown }): RuleOutcome {
    if (/\boldSelf\b/.test(rule.rule)) return TRANSITION;
    const program = this.program(rule.rule);
    if (program instanceof Error) return { status: 'unevaluated', reason: `does not parse: ${firstLine(program)}` };
    const context = contextOf();
    let result: unknown;
    try {
      result = program(context);
    } catch (error) {
      if (MISSING_FUNCTION.test(String(error))) return { status: 'unevaluated', reason: firstLine(error) };
      return { status: 'failed', message: `${messageOf(rule)} (rule could not be evaluated: ${firstLine(error)})` };
    }
    if (result === true) return PASSED;
    return { status: 'failed', message: this.messageFor(rule, context) };
  }

  private messageFor(rule: ValidationRule, context: Record<string, unknown>): string {
    if (rule.messageExpression) {
      const program = this.program(rule.messageExpression);
      try {
        const message = program instanceof Error ? undefined : program(context);
        if (typeof message === 'string' && message.trim() !== '') return message;
      } catch {
        // The API server also falls back to `message` when messageExpression fails.
      }
    }
    return messageOf(rule);
  }

  private program(expression: string): ParseResult | Error {
    let program = this.programs.get(expression);
    if (!program) {
      try {
        program = this.env.parse(expression);
      } catch (error) {
        program = error as Error;
      }
      this.programs.set(expression, program);
    }
    return program;
  }
}

function messageOf(rule: ValidationRule): string {
  return rule.message ?? `failed rule: ${rule.rule}`;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}

/** The CEL value for a JSON value under `schema` (see the class comment). */
function toCel(value: unknown, schema: K8sSchema | undefined): unknown {
  if (typeof value === 'number') {
    const integral = schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'] || (!schema?.type && Number.isInteger(value));
    return integral && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => toCel(item, schema?.items));
  if (value !== null && typeof value === 'object') {
    // Object.fromEntries(Object.entries(value)...) without the arrays: own keys in the same order, each defined as a data property (`__proto__` too).
    const converted: Record<string, unknown> = {};
    for (const k in value) {
      if (!Object.hasOwn(value, k)) continue;
      const v = toCel((value as Record<string, unknown>)[k], schema && childSchema(schema, k));
      if (k === '__proto__') Object.defineProperty(converted, k, { value: v, enumerable: true, writable: true, configurable: true });
      else converted[k] = v;
    }
    return converted;
  }
  return value;
}
