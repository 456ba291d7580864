/**
 * How Go's decoders, which the API server uses, read values that JSON Schema tools judge
 * differently.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Whether `value` decodes with Go's `base64.StdEncoding`, which the API server uses for
 * `format: byte` and for `[]byte` fields such as a Secret's `data`: padded standard base64, with
 * `\r` and `\n` anywhere skipped (so PEM-style text wrapped at 76 columns, as `base64` prints it,
 * is valid).
 * @see https://pkg.go.dev/encoding/base64#Encoding.Decode ("New line characters (\r and \n) are ignored")
 */
export function isGoBase64(value: unknown): boolean {
  return typeof value === 'string' && BASE64.test(value.replace(/[\r\n]/g, ''));
}

/**
 * `value` as Go's `encoding/json` reads it into a typed struct (how the API server decodes core
 * kinds): an object field or map value that is `null` leaves the field at its zero value, as if
 * it were absent. The input is not changed: an object or list with a `null` field inside is
 * copied (shallowly, with its changed children), the rest is shared with the input, so neither
 * may be changed afterwards.
 */
export function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = withoutNulls(value[i]);
      if (next !== value[i]) (copy ??= [...value])[i] = next;
    }
    return copy ?? value;
  }
  const obj = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  // for-in, which V8 reads values through faster than by key from Object.keys, less inherited keys: the same keys in the same order.
  for (const key in obj) {
    if (!Object.hasOwn(obj, key)) continue;
    const child = obj[key];
    if (child === null) {
      copy ??= { ...obj };
      delete copy[key];
      continue;
    }
    const next = withoutNulls(child);
    if (next !== child) (copy ??= { ...obj })[key] = next;
  }
  return copy ?? obj;
}
