/**
 * Go's `time.ParseDuration` grammar, enough to know whether KubeRay accepts a duration string
 * and whether it is positive: `[-+]?` then `0` alone, or one or more `<number><unit>` with units
 * ns, us, µs, μs, ms, s, m, h ("1h30m", "1.5s", ".5m").
 */
const GO_DURATION = /^([-+]?)(?:0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;
const NUMBER = /[0-9]*\.?[0-9]*/g;

/**
 * `undefined` if Go rejects the string, else whether the duration is greater than zero (a
 * sub-nanosecond fraction such as `0.1ns`, which Go truncates to zero, counts as positive here).
 */
export function goDurationIsPositive(value: string): boolean | undefined {
  const match = GO_DURATION.exec(value);
  if (match === null) return undefined;
  const hasNonZeroDigit = (value.match(NUMBER) ?? []).some((part) => /[1-9]/.test(part));
  return match[1] !== '-' && hasNonZeroDigit;
}
