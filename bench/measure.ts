/** Wall time of one call, in milliseconds. */
export function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The median of `values` (the upper middle one for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Medians of a baseline and a candidate timed in alternation, `runs` times each after one warm-up
 * of both: on a shared machine, load that comes and goes then hits both sides alike.
 */
export function pairedMedians(runs: number, baseline: () => void, candidate: () => void): { baseline: number; candidate: number } {
  baseline();
  candidate();
  const b: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < runs; i++) {
    b.push(time(baseline));
    c.push(time(candidate));
  }
  return { baseline: median(b), candidate: median(c) };
}
