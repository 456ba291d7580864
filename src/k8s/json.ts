/** Kubernetes JSON of any shape, as written or read back; readers treat it defensively. */
export type Json = Record<string, any>;

/** `value` if it is a JSON object (not an array, not null), else `undefined`. */
export function objectOrUndefined(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/**
 * `value` if it is a JSON array, else empty: a list of the wrong type (the schema check reports
 * it) reads as absent, so readers never call array methods on a string, number or object.
 */
export function arrayOrEmpty(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * The JSON objects among the items of the list `value` (`[]` if it is not a list), each with its
 * index in the list, so paths name the item as written. Items of the wrong type (the schema check
 * reports them) are skipped.
 */
export function objectItems(value: unknown): { readonly item: Json; readonly index: number }[] {
  const out: { item: Json; index: number }[] = [];
  arrayOrEmpty(value).forEach((v, index) => {
    const item = objectOrUndefined(v);
    if (item) out.push({ item, index });
  });
  return out;
}
