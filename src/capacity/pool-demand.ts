import { NodePool, RayEnvironment } from '../environments/types';
import { Json, PodTemplateRef } from '../k8s/pod-templates';
import { Allocatable, nodeAllocatable, poolAllocatable } from '../placement/node-capacity';
import { landablePools, podGpus, podRequests } from '../placement/scheduling';
import { objectPeak } from './scale';

/** What one pod template asks of the pools, worked out once per PoolDemand. */
interface PodFigures {
  /** Bit mask of the pools it can land on (labels and taints, not capacity). */
  readonly mask: number;
  readonly gpus: number;
  readonly cpu: number;
  readonly memory: number;
}

/** The resources pools are measured in: GPUs, CPU cores, bytes of memory. */
export type PoolResource = keyof Allocatable;

const RESOURCES: readonly PoolResource[] = ['gpus', 'cpu', 'memory'];

/** Below this, a demand is equal to the capacity (float sums of millicores). */
const EPSILON = 1e-6;

/** A set of pools, and what its nodes hold together at `maxNodes`. */
export interface PoolSet {
  /** The pools, in the environment's order. */
  readonly pools: readonly NodePool[];
  /** Their allocatable resources summed at `maxNodes`. */
  readonly capacity: Allocatable;
}

/**
 * What the environment's workloads ask of its node pools at max scale. A workload's pods may
 * land on several pools (spot first, on-demand as fallback; any pool of its accelerator), so
 * the question "do the pools hold it all?" is asked of every set of pools at once, as Hall's
 * condition for a bipartite assignment: the pods that can land only inside a set of pools must
 * fit in that set's capacity. Only the sets that some pods' landable pools make up are looked
 * at (any other set holds more and is asked of no more). Capacity is counted in sums over
 * nodes (a lower bound: packing pods into nodes can need more), as `maxNodes` × node
 * allocatable (`poolAllocatable`).
 */
export class PoolDemand {
  /** Every set of pools some workload can use, as a bit mask over `environment.nodePools`. */
  readonly sets: readonly number[];
  /** Per pod template (`podTemplates` gives the same ref every time): worked out once. */
  private readonly figures = new WeakMap<PodTemplateRef, PodFigures>();
  /** Per object: the landable masks (not 0) of the pods its peak counts, each once. */
  private readonly podMasks = new Map<Json, readonly number[]>();
  /** Per object, then per union of its pod masks inside a set (see `demandOf`). */
  private readonly demands = new Map<Json, Map<number, Allocatable>>();
  /** poolSet and totalOf by set: asked for once per object and set by the policies. */
  private readonly poolSets = new Map<number, PoolSet>();
  private readonly totals = new Map<number, Allocatable>();

  constructor(
    readonly environment: RayEnvironment,
    /** Every object of the environment; an Argo workflow counts one run at its peak. */
    readonly objects: readonly Json[],
  ) {
    const masks = new Set<number>();
    for (const obj of objects) for (const mask of this.masksOf(obj)) masks.add(mask);
    // The unions of the pods' landable sets: the only sets whose demand can exceed their capacity first.
    const unions = new Set<number>();
    for (const mask of masks) {
      for (const u of [...unions]) unions.add(u | mask);
      unions.add(mask);
    }
    this.sets = [...unions].sort((a, b) => popCount(a) - popCount(b) || a - b);
  }

  /** The pools of a bit mask, with their capacity. */
  poolSet(set: number): PoolSet {
    let poolSet = this.poolSets.get(set);
    if (!poolSet) {
      const pools = this.environment.nodePools.filter((_, i) => set & (1 << i));
      poolSet = { pools, capacity: pools.map(poolAllocatable).reduce(addAllocatable, NONE) };
      this.poolSets.set(set, poolSet);
    }
    return poolSet;
  }

  /**
   * What one object needs at its largest of pods that can land only on pools inside `set` (a pod
   * that can land on no pool at all is policy/gpu-placement's and counts nowhere). Which of its
   * pods count depends only on the union of its pod masks inside `set` (a mask is inside `set`
   * exactly when it is inside that union), so the object's peaks are walked once per union, not
   * once per set.
   */
  demandOf(obj: Json, set: number): Allocatable {
    let inside = 0;
    for (const mask of this.masksOf(obj)) if ((mask & ~set) === 0) inside |= mask;
    let byUnion = this.demands.get(obj);
    if (!byUnion) this.demands.set(obj, (byUnion = new Map()));
    let demand = byUnion.get(inside);
    if (!demand) {
      const figuresInside = (pod: PodTemplateRef): PodFigures | undefined => {
        const figures = this.figuresOf(pod);
        return figures.mask !== 0 && (figures.mask & ~inside) === 0 ? figures : undefined;
      };
      demand = {
        gpus: objectPeak(obj, (pod) => figuresInside(pod)?.gpus ?? 0),
        cpu: objectPeak(obj, (pod) => figuresInside(pod)?.cpu ?? 0),
        memory: objectPeak(obj, (pod) => figuresInside(pod)?.memory ?? 0),
      };
      byUnion.set(inside, demand);
    }
    return demand;
  }

  /** Whether some pod the object's peak counts can land on a pool (else it needs nothing of any set). */
  landsAnywhere(obj: Json): boolean {
    return this.masksOf(obj).length > 0;
  }

  /** The distinct landable masks (not 0) of the pods an object's peak counts, found by one walk. */
  private masksOf(obj: Json): readonly number[] {
    let masks = this.podMasks.get(obj);
    if (!masks) {
      const found = new Set<number>();
      objectPeak(obj, (pod) => {
        const { mask } = this.figuresOf(pod);
        if (mask !== 0) found.add(mask);
        return 0;
      });
      this.podMasks.set(obj, (masks = [...found]));
    }
    return masks;
  }

  /** What all objects need at once, at their largest, of pods that can land only inside `set`. */
  totalOf(set: number): Allocatable {
    let total = this.totals.get(set);
    if (!total) {
      total = this.objects.map((obj) => this.demandOf(obj, set)).reduce(addAllocatable, NONE);
      this.totals.set(set, total);
    }
    return total;
  }

  /**
   * The smallest sets of pools (no subset also qualifies) where `exceeds(set, resource)`, for
   * each resource: the pools a message should name.
   */
  smallestSets(exceeds: (set: number, resource: PoolResource) => boolean): { set: number; resource: PoolResource }[] {
    return RESOURCES.flatMap((resource) => {
      const found: number[] = [];
      for (const set of this.sets) {
        if (found.some((f) => (f & ~set) === 0)) continue;
        if (exceeds(set, resource)) found.push(set);
      }
      return found.map((set) => ({ set, resource }));
    });
  }

  /** The pools a pod can land on (as a bit mask) and what it asks of them. */
  private figuresOf(pod: PodTemplateRef): PodFigures {
    let figures = this.figures.get(pod);
    if (!figures) {
      const pools = new Set(landablePools(this.environment, pod));
      const mask = this.environment.nodePools.reduce((m, pool, i) => (pools.has(pool) ? m | (1 << i) : m), 0);
      figures = { mask, gpus: podGpus(pod), ...podRequests(pod) };
      this.figures.set(pod, figures);
    }
    return figures;
  }
}

/** Where a second copy of a RayService's cluster (a NewCluster upgrade) finds no room. */
export interface UpgradeShortfall {
  /** The smallest set of pools that lacks room, with its capacity. */
  readonly pools: PoolSet;
  /** The resources it lacks. */
  readonly resources: readonly PoolResource[];
  /** What the new cluster needs there at max scale. */
  readonly needed: Allocatable;
  /**
   * What those pools have free with every workload of the environment at max scale: negative
   * where `cluster` alone is too big for them, so that `needed - free` is what the pools lack for
   * the upgrade in any case.
   */
  readonly free: Allocatable;
}

/**
 * Where the pools do not hold a second copy of `cluster` beside every workload at max scale
 * (`objects` of `demand`, `cluster` among them): the peak of a NewCluster upgrade, where KubeRay
 * runs the old and the new cluster at once until the new one is ready. Sets that are short
 * already are policy/pool-capacity's other findings and are left out, except where `cluster`
 * alone is too big for them: then what its upgrade needs is told at once, not only after the
 * pools have grown to hold one copy.
 */
export function newClusterShortfalls(demand: PoolDemand, cluster: Json): UpgradeShortfall[] {
  const capacity = (set: number) => demand.poolSet(set).capacity;
  const stalls = (set: number, r: PoolResource) => {
    const own = demand.demandOf(cluster, set)[r];
    const total = demand.totalOf(set)[r];
    return exceeds(total + own, capacity(set)[r]) && (!exceeds(total, capacity(set)[r]) || exceeds(own, capacity(set)[r]));
  };
  const found = new Map<number, PoolResource[]>();
  for (const { set, resource } of demand.smallestSets(stalls)) found.set(set, [...(found.get(set) ?? []), resource]);
  return [...found].map(([set, resources]) => {
    const total = demand.totalOf(set);
    const cap = capacity(set);
    return {
      pools: demand.poolSet(set),
      resources,
      needed: demand.demandOf(cluster, set),
      free: { gpus: cap.gpus - total.gpus, cpu: cap.cpu - total.cpu, memory: cap.memory - total.memory },
    };
  });
}

/** Whether `needed` is more than `available`, beyond rounding. */
export function exceeds(needed: number, available: number): boolean {
  return needed > available + EPSILON;
}

const NONE: Allocatable = { gpus: 0, cpu: 0, memory: 0 };

function addAllocatable(a: Allocatable, b: Allocatable): Allocatable {
  return { gpus: a.gpus + b.gpus, cpu: a.cpu + b.cpu, memory: a.memory + b.memory };
}

function popCount(mask: number): number {
  let n = 0;
  for (let m = mask; m; m &= m - 1) n++;
  return n;
}

/** Nodes to add to `pool` so that it holds `missing` more of `resource` (0 when its nodes have none of it). */
export function nodesFor(pool: NodePool, resource: PoolResource, missing: number): number {
  const perNode = nodeAllocatable(pool)[resource];
  return perNode > 0 ? Math.ceil(missing / perNode - EPSILON) : 0;
}
