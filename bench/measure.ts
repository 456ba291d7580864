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

/** How many alternating runs {@link pairedMedians} makes. */
export interface Runs {
  /** Runs of each side at least. */
  readonly min: number;
  /** More runs, up to `max`, until each side has run this long in total (ms): small workloads get enough samples for a stable median. */
  readonly forMs: number;
  /** Runs of each side at most. */
  readonly max: number;
}

/**
 * A baseline and a candidate timed in alternation after one warm-up of both: on a shared
 * machine, load that comes and goes then hits both sides alike.
 * @returns the medians of each side (ms), the median of the per-pair ratios (candidate over the
 * baseline run just before it: a host that changes speed between pairs moves both runs of a
 * pair, so this is steadier than the ratio of the medians), and how many runs each side had
 */
export function pairedMedians(runs: Runs, baseline: () => void, candidate: () => void): { baseline: number; candidate: number; ratio: number; runs: number } {
  baseline();
  candidate();
  const b: number[] = [];
  const c: number[] = [];
  const total = (values: number[]) => values.reduce((sum, v) => sum + v, 0);
  while (b.length < runs.min || (b.length < runs.max && Math.min(total(b), total(c)) < runs.forMs)) {
    b.push(time(baseline));
    c.push(time(candidate));
  }
  return { baseline: median(b), candidate: median(c), ratio: median(c.map((value, i) => value / b[i])), runs: b.length };
}
