/**
 * Read-only accessors over plain JSON as synthesized. The schema step reports wrong types; these
 * rules only need to not trip over them, so every accessor answers `undefined`/empty instead of
 * throwing.
 */
export type JsonObject = { readonly [key: string]: unknown };

/** `value` as an object, or `undefined` for anything else (arrays and null included). */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** `value` as an array; anything else reads as empty. */
export { arrayOrEmpty as asArray } from '../../k8s/json';

/** `value` if it is a string. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `value` if it is a number. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** Follows `keys` through nested objects; `undefined` as soon as one is missing. */
export function dig(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) current = asObject(current)?.[key];
  return current;
}

/** A string-to-string map (annotations, labels, rayStartParams); non-string values are dropped. */
export function asStringMap(value: unknown): Readonly<Record<string, string>> {
  const entries = Object.entries(asObject(value) ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  return Object.fromEntries(entries);
}

/** True when the object exists and has at least one key. */
export function isNonEmptyObject(value: unknown): boolean {
  return Object.keys(asObject(value) ?? {}).length > 0;
}
