import { RayEnvironment } from '../../environments/types';
import { Json } from '../../k8s/pod-templates';
import { formatBytes } from '../../k8s/quantity';
import { RayServiceUpgradeStrategy, rayServiceUpgradeType } from '../../k8s/ray-service-upgrade';
import { Allocatable } from '../../placement/node-capacity';
import { PoolDemand, PoolResource, PoolSet, UpgradeShortfall, exceeds, newClusterShortfalls, nodesFor } from '../../capacity/pool-demand';
import { scaleField } from '../../capacity/scale';
import { Finding } from '../finding';
import { Policy, PolicyContext } from './policy';

/** One PoolDemand per environment and object list: every object of a run shares it. */
const cache = new WeakMap<readonly Json[], Map<string, PoolDemand>>();

function demandOf(context: PolicyContext): PoolDemand {
  let byEnv = cache.get(context.objects);
  if (!byEnv) cache.set(context.objects, (byEnv = new Map()));
  let demand = byEnv.get(context.environment.name);
  if (!demand) byEnv.set(context.environment.name, (demand = new PoolDemand(context.environment, context.objects)));
  return demand;
}

/** The objects of each object list as a set: asked once per object checked. */
const members = new WeakMap<readonly Json[], ReadonlySet<Json>>();

function isMember(obj: Json, objects: readonly Json[]): boolean {
  let set = members.get(objects);
  if (!set) members.set(objects, (set = new Set(objects)));
  return set.has(obj);
}

/** `GPUs`, `CPU`, `memory`: a resource as messages name it. */
function resourceName(resource: PoolResource): string {
  return resource === 'gpus' ? 'GPUs' : resource;
}

/** `3 GPUs`, `12.5 CPU`, `40Gi memory`. */
export function amount(resource: PoolResource, value: number): string {
  if (resource === 'memory') return `${formatBytes(value)} memory`;
  if (resource === 'cpu') return `${Math.round(value * 1000) / 1000} CPU`;
  return `${value} GPU${value === 1 ? '' : 's'}`;
}

/** `3 GPUs, 12 CPU` for the resources listed. */
function amounts(resources: readonly PoolResource[], values: Allocatable): string {
  return resources.map((r) => amount(r, values[r])).join(', ');
}

/** `pool 'gpu-a100' (maxNodes 2 × a2-ultragpu-1g, 1 nvidia-a100-80gb GPU each)`. */
export function poolNames(pools: PoolSet): string {
  const list = pools.pools
    .map((p) => `'${p.name}' (maxNodes ${p.maxNodes} × ${p.instanceType}${p.gpus ? `, ${p.gpus.perNode} ${p.gpus.accelerator} GPU${p.gpus.perNode === 1 ? '' : 's'} each` : ''})`)
    .join(', ');
  return `${pools.pools.length === 1 ? 'pool' : 'pools'} ${list}`;
}

/**
 * What to change in the environment so that `pools` hold `missing` more of each resource: nodes per
 * pool (`raise maxNodes of 'gpu-l4' to 4 or ...`), or, where no pool of the set offers a resource
 * at all (GPUs asked of CPU-only pools), a pool that does or a placement that reaches one. In a
 * `singleNode` environment, whose one pool has one node, a bigger node.
 */
function morePools(environment: RayEnvironment, pools: PoolSet, missing: Partial<Allocatable>): string {
  const resources = Object.keys(missing) as PoolResource[];
  if (environment.singleNode) {
    const field = (r: PoolResource) => (r === 'gpus' ? 'gpus.perNode' : `shape.${r}`);
    const more = resources.filter((r) => missing[r]! > 0).map((r) => `${amount(r, missing[r]!)} more (nodePools[0].${field(r)})`);
    return `give the single node ${more.join(' and ')}`;
  }
  const raise = pools.pools
    .map((p) => ({ p, nodes: Math.max(...resources.map((r) => nodesFor(p, r, missing[r]!))) }))
    .filter(({ p, nodes }) => nodes > 0 && resources.every((r) => nodesFor(p, r, missing[r]!) > 0 || missing[r]! <= 0))
    .map(({ p, nodes }) => `maxNodes of '${p.name}' to ${p.maxNodes + nodes}`);
  if (raise.length > 0) return `raise ${raise.join(' or ')}`;
  const lacking = resources.filter((r) => missing[r]! > 0).map(resourceName);
  return `add a node pool that offers ${lacking.join(' and ')} (or let the pods land on one: nodeSelector, affinity, tolerations)`;
}

/** `holds` for one pool, `hold` for several. */
function hold(pools: PoolSet): string {
  return pools.pools.length === 1 ? 'holds' : 'hold';
}

/** The sets of `smallestSets`, each with every resource it was found for. */
function bySet(found: readonly { set: number; resource: PoolResource }[]): { set: number; resources: PoolResource[] }[] {
  const sets = new Map<number, PoolResource[]>();
  for (const { set, resource } of found) sets.set(set, [...(sets.get(set) ?? []), resource]);
  return [...sets].map(([set, resources]) => ({ set, resources }));
}

function missing(resources: readonly PoolResource[], needed: Allocatable, available: Allocatable): Partial<Allocatable> {
  return Object.fromEntries(resources.map((r) => [r, needed[r] - available[r]]));
}

/** The sets of pools the workloads together oversubscribe, with the workloads using them. */
interface Oversubscribed {
  readonly set: number;
  readonly resources: PoolResource[];
  /** In object order. */
  readonly users: readonly Json[];
  /** The user that carries the finding: the one that needs the most of the short resources. */
  readonly carrier: Json;
}

/**
 * The user needing the largest share of the pools' capacity of `resources` (summed over them):
 * where lowering what scales it (`scaleField`) or its requests helps most. The first of equals,
 * in object order.
 */
function largestUser(demand: PoolDemand, set: number, resources: readonly PoolResource[], users: readonly Json[]): Json {
  const capacity = demand.poolSet(set).capacity;
  // A resource the pools lack altogether (GPUs of CPU-only pools) counts by amount.
  const shares = users.map((o) => resources.reduce((sum, r) => sum + demand.demandOf(o, set)[r] / (capacity[r] > 0 ? capacity[r] : 1), 0));
  return users[shares.indexOf(Math.max(...shares))];
}

/** Per PoolDemand: the environment-wide sums are judged once, not once per object. */
const oversubscribed = new WeakMap<PoolDemand, readonly Oversubscribed[]>();

function togetherOf(demand: PoolDemand, objects: readonly Json[]): readonly Oversubscribed[] {
  let found = oversubscribed.get(demand);
  if (!found) {
    const someAlone = (set: number, r: PoolResource) => objects.some((o) => exceeds(demand.demandOf(o, set)[r], demand.poolSet(set).capacity[r]));
    const aloneSets = demand.smallestSets(someAlone);
    const together = (set: number, r: PoolResource) =>
      exceeds(demand.totalOf(set)[r], demand.poolSet(set).capacity[r]) &&
      !aloneSets.some((a) => a.resource === r && (a.set & ~set) === 0);
    found = bySet(demand.smallestSets(together)).map(({ set, resources }) => {
      const users = objects.filter((o) => resources.some((r) => demand.demandOf(o, set)[r] > 0));
      return { set, resources, users, carrier: largestUser(demand, set, resources, users) };
    });
    oversubscribed.set(demand, found);
  }
  return found;
}

/** `maxReplicas`, or `maxReplicas, replicas or parallelism`: the fields of `objects`, each once. */
function scaleFields(objects: readonly Json[]): string {
  const fields = [...new Set(objects.map(scaleField))];
  return fields.length === 1 ? fields[0] : `${fields.slice(0, -1).join(', ')} or ${fields[fields.length - 1]}`;
}

function objectLabel(obj: Json): string {
  return `${obj.kind}/${obj.metadata?.name ?? `${obj.metadata?.generateName ?? ''}*`}`;
}

/**
 * The environment's node pools hold its workloads at max scale: every Ray cluster's head and
 * worker groups at `maxReplicas`, every Deployment/StatefulSet at `replicas`, one run of each
 * Argo workflow at its peak, summed per set of pools they can land on (`PoolDemand`) against
 * `maxNodes` × node allocatable, for GPUs (per accelerator: GPU pods land only on their
 * accelerator's pools), CPU and memory.
 *
 * - error: one workload alone needs more than the pools it can land on hold; its pods stay
 *   Pending at max scale whatever else runs (the cloud's node autoscaler stops at `maxNodes`,
 *   https://cloud.google.com/kubernetes-engine/docs/concepts/cluster-autoscaler#minimum_and_maximum_node_pool_size).
 * - warning: the workloads together need more; they fit only while not all of them are at max.
 *   Reported once, at the workload that needs the largest share of what is short.
 * - warning: a RayService with upgradeStrategy `NewCluster` (KubeRay's default) starts a second,
 *   full cluster beside the running one on a cluster-config change and switches traffic only
 *   when it is ready; when the pools have no room for it, its pods stay Pending and the upgrade
 *   never completes (https://github.com/ray-project/kuberay/issues/4239,
 *   https://github.com/ray-project/kuberay/issues/1476).
 */
export const poolCapacity: Policy = {
  id: 'policy/pool-capacity',
  description: "the environment's node pools (maxNodes × allocatable) hold its workloads at max scale, and a NewCluster RayService upgrade's second cluster",
  severity: 'warning',
  check(obj, context) {
    // Objects inside a workflow's `resource` templates are counted with their workflow.
    if (!isMember(obj, context.objects)) return [];
    const demand = demandOf(context);
    // No pod of it lands on a pool (a ConfigMap, a Service): it needs nothing, so no finding can be its.
    if (!demand.landsAnywhere(obj)) return [];
    const env = `environment '${context.environment.name}'`;
    const findings: Finding[] = [];
    const alone = (set: number, r: PoolResource) => exceeds(demand.demandOf(obj, set)[r], demand.poolSet(set).capacity[r]);
    for (const { set, resources } of bySet(demand.smallestSets(alone))) {
      const pools = demand.poolSet(set);
      const needed = demand.demandOf(obj, set);
      findings.push({
        rule: this.id,
        severity: 'error',
        path: 'spec',
        message:
          `${env}: ${objectLabel(obj)} alone at max scale needs more than ${poolNames(pools)} ${hold(pools)} (${pools.pools.length === 1 ? 'the only pool' : 'the pools'} its pods can land on); ` +
          `expected at most ${amounts(resources, pools.capacity)}, got ${amounts(resources, needed)}: ` +
          `${morePools(context.environment, pools, missing(resources, needed, pools.capacity))}, or lower its ${scaleField(obj)} or requests`,
      });
    }
    // Together: reported once, at the workload that needs the most, where no workload is too big alone.
    for (const { set, resources, users, carrier } of togetherOf(demand, context.objects)) {
      if (carrier !== obj) continue;
      const pools = demand.poolSet(set);
      const needed = demand.totalOf(set);
      const list = users.map((o) => `${objectLabel(o)} ${amounts(resources, demand.demandOf(o, set))}`).join('; ');
      findings.push({
        rule: this.id,
        path: 'spec',
        message:
          `${env}: the workloads that can land only on ${poolNames(pools)} need more at max scale than ${pools.pools.length === 1 ? 'that pool holds' : 'those pools hold'} (${list}); ` +
          `expected at most ${amounts(resources, pools.capacity)}, got ${amounts(resources, needed)}: ` +
          `${morePools(context.environment, pools, missing(resources, needed, pools.capacity))}, or lower ${scaleFields(users)}; else pods stay Pending whenever all of them scale up at once`,
      });
    }
    if (obj.kind === 'RayService' && rayServiceUpgradeType(obj) === RayServiceUpgradeStrategy.NEW_CLUSTER) {
      for (const shortfall of newClusterShortfalls(demand, obj)) {
        findings.push({ rule: this.id, path: 'spec.upgradeStrategy', message: upgradeStallMessage(context.environment, shortfall) });
      }
    }
    return findings;
  },
};

/**
 * What a NewCluster upgrade that finds no room does, and what to change:
 * `environment '<env>': a NewCluster upgrade ... expected at most <free>, got <needed>: raise ...`.
 */
export function upgradeStallMessage(environment: RayEnvironment, shortfall: UpgradeShortfall): string {
  const { pools, resources, needed, free } = shortfall;
  const short = resources.filter((r) => free[r] < 0);
  const room: Allocatable = { gpus: Math.max(free.gpus, 0), cpu: Math.max(free.cpu, 0), memory: Math.max(free.memory, 0) };
  const they = pools.pools.length === 1 ? 'that pool' : 'those pools';
  const state =
    short.length > 0
      ? `${they} ${pools.pools.length === 1 ? 'is' : 'are'} short of ${amounts(short, { gpus: -free.gpus, cpu: -free.cpu, memory: -free.memory })} with every workload at max scale already`
      : `with every workload at max scale ${they} ${pools.pools.length === 1 ? 'has' : 'have'} ${amounts(resources, free)} free`;
  return (
    `environment '${environment.name}': a NewCluster upgrade (on a cluster-config change) starts a second cluster on ${poolNames(pools)} while this one still runs; ` +
    `${state}, so the new cluster's pods stay Pending and the upgrade never completes; ` +
    `expected at most ${amounts(resources, room)}, got ${amounts(resources, needed)}: ` +
    `${morePools(environment, pools, missing(resources, needed, free))}, make the cluster smaller, or set upgradeStrategy.type to None (the environment's gitops.rayServiceUpgradeStrategy)`
  );
}
