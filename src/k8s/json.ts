/** Kubernetes JSON of any shape, as written or read back; readers treat it defensively. */
export type Json = Record<string, any>;

/** `value` if it is a JSON object (not an array, not null), else `undefined`. */
export function objectOrUndefined(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}
