/**
 * Ray version comparison as KubeRay does it (`version.ParseGeneric` from k8s.io/apimachinery):
 * an optional `v`, at least two dot-separated numbers, anything after them ignored
 * (`2.52.0rc1` reads as 2.52.0), no leading zero on the major number.
 */
const GENERIC_VERSION = /^\s*v?([0-9]+(?:\.[0-9]+)*)(.*)$/s;

/** The numeric components, or `undefined` when KubeRay could not parse the string. */
export function parseRayVersion(value: string): number[] | undefined {
  const match = GENERIC_VERSION.exec(value);
  if (match === null) return undefined;
  const parts = match[1].split('.');
  if (parts.length < 2 || (parts[0].length > 1 && parts[0].startsWith('0'))) return undefined;
  return parts.map(Number);
}

/** Negative, zero or positive as `a` is older than, equal to or newer than `b` (missing parts are 0). */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * Why `rayVersion` does not meet `minimum` for `feature`, or `undefined` when it does. Mirrors
 * KubeRay's three failures: unset, unparsable, too old.
 */
export function rayVersionShortfall(
  rayVersion: string | undefined,
  minimum: string,
  feature: string,
): string | undefined {
  if (rayVersion === undefined || rayVersion === '') {
    return `${feature} needs Ray ${minimum} or later, but rayVersion is not set`;
  }
  const parsed = parseRayVersion(rayVersion);
  if (parsed === undefined) {
    return `${feature} needs Ray ${minimum} or later, but rayVersion '${rayVersion}' is not a version KubeRay can parse (expected e.g. '${minimum}')`;
  }
  const required = parseRayVersion(minimum) ?? [];
  return compareVersions(parsed, required) < 0
    ? `${feature} needs Ray ${minimum} or later, got rayVersion '${rayVersion}'`
    : undefined;
}
