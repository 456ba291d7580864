/**
 * Lets every valid map key through cdk8s 2.70's serialization. cdk8s resolves and sanitizes
 * each object with `result[key] = value` (cdk8s `src/resolve.ts` `resolve()`, `src/_util.ts`
 * `sanitizeValue()`): a label, annotation or `rayStartParams` key `__proto__` then sets the
 * prototype instead of a field and vanishes, and a key `constructor` makes `obj.constructor.name`
 * fail ("can't render non-simple object of type 'undefined'"). Both functions are replaced here,
 * once, by copies that tell a plain object by its prototype and define keys as own fields;
 * everything else is as upstream. Imported for its effect by every module that builds apps.
 */
import { App } from 'cdk8s';
// Deep imports on purpose: these two functions are what ApiObject.toJson() calls through.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const util = require('cdk8s/lib/_util') as { sanitizeValue: Sanitize };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resolveModule = require('cdk8s/lib/resolve') as {
  resolve: Resolve;
  ResolutionContext: new (obj: unknown, key: string[], value: unknown) => { replaced: boolean; replacedValue: unknown };
};

interface SanitizeOptions {
  readonly filterEmptyArrays?: boolean;
  readonly filterEmptyObjects?: boolean;
  readonly sortKeys?: boolean;
}
type Sanitize = (obj: unknown, options?: SanitizeOptions) => unknown;
type Resolve = (key: string[], value: unknown, apiObject: Parameters<typeof App.of>[0]) => unknown;

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const sanitizeValue: Sanitize = (obj, options = {}) => {
  if (obj == null) return undefined;
  if (typeof obj !== 'object') return obj;
  if (Array.isArray(obj)) {
    if (options.filterEmptyArrays && obj.length === 0) return undefined;
    return obj.map((x) => sanitizeValue(x, options));
  }
  if (!isPlainObject(obj)) {
    throw new Error(`can't render non-simple object of type '${(Object.getPrototypeOf(obj) as { constructor?: { name?: string } }).constructor?.name}'`);
  }
  const result: Record<string, unknown> = {};
  const keys = (options.sortKeys ?? true) ? Object.keys(obj).sort() : Object.keys(obj);
  for (const key of keys) {
    const value = sanitizeValue((obj as Record<string, unknown>)[key], options);
    if (value != null) setField(result, key, value);
  }
  if (options.filterEmptyObjects && Object.keys(result).length === 0) return undefined;
  return result;
};

const resolve: Resolve = (key, value, apiObject) => {
  if (value == null) return value;
  const context = new resolveModule.ResolutionContext(apiObject, key, value);
  for (const resolver of App.of(apiObject).resolvers) {
    resolver.resolve(context as never);
    if (context.replaced) return resolve(key, context.replacedValue, apiObject);
  }
  if (Array.isArray(value)) return value.map((x, i) => resolve([...key, `${i}`], x, apiObject));
  if (typeof value === 'object' && isPlainObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setField(result, k, resolve([...key, k], v, apiObject));
    return result;
  }
  return value;
};

util.sanitizeValue = sanitizeValue;
resolveModule.resolve = resolve;
