import { distance } from 'fastest-levenshtein';

/**
 * The candidate nearest to `name` by edit distance (Levenshtein, case-insensitive), if one is
 * within `maxDistance` edits: the name a typo most likely meant (`replicass` → `replicas`,
 * `cloud.google.com/gke-acclerator` → `cloud.google.com/gke-accelerator`). The first of equally
 * near candidates; `undefined` when none is near enough.
 * @param maxDistance edits allowed at most
 * @default maxDistance 2
 */
export function nearestName(name: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
