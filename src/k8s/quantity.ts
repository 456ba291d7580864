import { Size, SizeRoundingBehavior } from 'cdk8s';

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/;

/**
 * The value of a Kubernetes quantity (`500m` → 0.5, `2Gi` → 2147483648), or undefined when
 * the string is not a quantity (the schema check reports those).
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  const [, number, exponent, suffix] = match;
  return Number(number) * (exponent ? 10 ** Number(exponent.slice(1)) : SUFFIX[suffix ?? '']);
}

/** Bytes as a short human string for messages: `12.5Gi`, or `512Mi` below 1Gi (where Gi would round to 0). */
export function formatBytes(bytes: number): string {
  const [unit, size] = Math.abs(bytes) < 2 ** 30 ? ['Mi', 2 ** 20] : ['Gi', 2 ** 30];
  return `${Math.round((bytes / size) * 100) / 100}${unit}`;
}

/** A cdk8s Size in bytes, exactly (no rounding, so any Size converts). */
export function sizeBytes(size: Size): number {
  return size.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) * 2 ** 20;
}
