import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { gpusPerNode, rayAcceleratorResource } from '../environments/accelerators';
import { nodeAllocatable, reserveNote, wholeNode } from './node-capacity';
import { Accelerator, ContainerImage, NodePool, NodeTaint, RayEnvironment, SpotPolicy } from '../environments/types';
import { ComputeResources, NodeRequest, cpuCores } from '../k8s/compute-resources';
import { formatBytes, sizeBytes } from '../k8s/quantity';
import { ConfigError } from '../ray/config-error';

/** Where a pod runs and what it must carry to get there: the answer to a NodeRequest. */
export interface NodePlacement {
  /** The pools the pod may land on, preferred first (spot before on-demand); never empty. */
  readonly pools: readonly NodePool[];
  /** GPUs per pod (0 on CPU pools). */
  readonly gpus: number;
  /**
   * The accelerator every pool of `pools` has.
   * @default - none: a CPU pod, or GPU pools of several accelerators
   */
  readonly accelerator?: Accelerator;
  /** Ray image matching the pools (the CUDA variant for GPUs). */
  readonly image: ContainerImage;
  /**
   * `nodeSelector` of the pod: the pool's selector when there is exactly one pool.
   * @default - none (a single unlabelled pool, or several pools: see `affinity`)
   */
  readonly nodeSelector?: Record<string, string>;
  /**
   * `affinity` of the pod when it may land on several pools: a required node affinity with one
   * term per pool, plus a preferred affinity for the spot pools when on-demand ones are allowed too.
   * @default - none
   */
  readonly affinity?: k8s.Affinity;
  /** `tolerations` of the pod: exactly the taints of `pools`, nothing else. */
  readonly tolerations?: k8s.Toleration[];
  /**
   * Custom Ray resources a node of the pools offers, for the group's `resources` map:
   * `accelerator_type:<Ray name>` when all pools share one accelerator, so tasks can ask for it
   * and the autoscaler knows which group provides it before any pod runs.
   */
  readonly rayResources: Record<string, string>;
}

/** The toleration that matches one taint (value-less taints are tolerated with `Exists`). */
export function tolerationFor(taint: NodeTaint): k8s.Toleration {
  return taint.value === undefined
    ? { key: taint.key, operator: 'Exists', effect: taint.effect }
    : { key: taint.key, operator: 'Equal', value: taint.value, effect: taint.effect };
}

/** A required node affinity term that matches exactly the nodes of one pool (its nodeSelector). */
export function poolSelectorTerm(pool: NodePool): k8s.NodeSelectorTerm {
  return {
    matchExpressions: Object.entries(pool.nodeSelector).map(([key, value]) => ({ key, operator: 'In', values: [value] })),
  };
}

/**
 * The one place that turns what a pod needs ("N GPUs of accelerator X, or any GPU", "CPU only",
 * spot allowed or not) into Kubernetes scheduling for the environment's node pools:
 *
 * - the pools that offer it: CPU-only pods go to the pools without GPUs, GPU pods to the pools
 *   of their accelerator (any GPU pool without one) whose nodes have at least `gpus` GPUs,
 *   filtered by the spot policy and ordered spot first;
 * - `nodeSelector` for one pool, else a required node affinity over all of them plus a
 *   preferred affinity for the spot pools (spot first, on-demand as fallback);
 * - tolerations for exactly those pools' taints, so no pod tolerates a pool it is not meant for;
 * - the image variant (CUDA for GPUs) and the Ray accelerator resource.
 *
 * The caller puts `gpus` in both the container's `nvidia.com/gpu` requests = limits and Ray's
 * `GPU` resource, so the Ray autoscaler sees the GPUs Kubernetes schedules. Users never write
 * a selector or toleration by hand.
 *
 * @param request what the pod needs; with `cpu` and `memory` (ComputeResources: the container's
 *   requests), they must fit one node of every pool the pod may land on
 * @param propPath where the request is in the construct's props (e.g. `workerGroups[0].resources`);
 *   errors name `<propPath>.gpus`, `.accelerator`, `.spot`, `.cpu` or `.memory` and the environment.
 * @throws ConfigError when no pool of the environment offers the request: an accelerator no pool
 *   has, more GPUs per pod than a node of those pools has, spot required without a spot pool, or
 *   only spot pools where spot is not allowed; and when `cpu` or `memory` is more than a node of
 *   one of those pools allocates (the pod would stay Pending there, as policy/fits-node reports of
 *   the manifests: this names the environment's field instead).
 */
export function placeOnNodes(scope: IConstruct, env: RayEnvironment, request: NodeRequest | ComputeResources, propPath: string): NodePlacement {
  const pools = eligiblePools(scope, env, request, propPath);
  if ('cpu' in request && 'memory' in request) checkFitsNodes(scope, request, pools, propPath);
  const gpus = request.gpus ?? 0;
  const accelerators = [...new Set(pools.map((p) => p.gpus?.accelerator))];
  const accelerator = gpus > 0 && accelerators.length === 1 ? accelerators[0] : undefined;
  const taints = uniqueTaints(pools.flatMap((p) => p.taints));
  return {
    pools,
    gpus,
    accelerator,
    image: gpus > 0 ? env.ray.gpuImage : env.ray.image,
    nodeSelector: pools.length === 1 && Object.keys(pools[0].nodeSelector).length > 0 ? { ...pools[0].nodeSelector } : undefined,
    affinity: pools.length > 1 ? affinityOver(pools) : undefined,
    tolerations: taints.length > 0 ? taints.map(tolerationFor) : undefined,
    rayResources: accelerator ? { [rayAcceleratorResource(accelerator)]: '1' } : {},
  };
}

/** The pod-spec fields of a placement (`nodeSelector`, `affinity`, `tolerations`), to spread into a pod spec. */
export function podPlacement(placement: NodePlacement): Pick<k8s.PodSpec, 'nodeSelector' | 'affinity' | 'tolerations'> {
  return { nodeSelector: placement.nodeSelector, affinity: placement.affinity, tolerations: placement.tolerations };
}

/**
 * Resources of a worker that takes a whole node of every pool the request may land on (the
 * smallest of them), with the request's accelerator and spot policy: `gpus` defaults to the
 * GPUs of one node.
 * @throws ConfigError as `placeOnNodes` does
 */
export function wholeNodeFor(scope: IConstruct, env: RayEnvironment, request: NodeRequest, propPath: string): ComputeResources {
  const pools = eligiblePools(scope, env, { ...request, gpus: request.gpus ?? 1 }, propPath);
  const node = wholeNode(pools);
  return { ...node, gpus: request.gpus ?? node.gpus, accelerator: request.accelerator, spot: request.spot };
}

/** The pools that offer the request, spot pools first; throws when there are none. */
function eligiblePools(scope: IConstruct, env: RayEnvironment, request: NodeRequest, at: string): NodePool[] {
  const gpus = request.gpus ?? 0;
  const spot = request.spot ?? SpotPolicy.NEVER;
  const fail = (field: string, message: string): never => {
    throw new ConfigError(scope, `${at}.${field}`, message);
  };
  if (!Number.isInteger(gpus) || gpus < 0) fail('gpus', `expected a whole number >= 0, got ${gpus}`);
  if (!Object.values(SpotPolicy).includes(spot)) {
    fail('spot', `expected one of ${Object.values(SpotPolicy).join(', ')}, got '${spot}'`);
  }
  const envName = `environment '${env.name}'`;
  let pools: NodePool[];
  let what: string;
  if (gpus === 0) {
    if (request.accelerator !== undefined) {
      fail('accelerator', `expected no accelerator on a pod without GPUs (set gpus >= 1), got '${request.accelerator}'`);
    }
    pools = env.nodePools.filter((p) => gpusPerNode(p) === 0);
    what = 'CPU-only pods';
    if (pools.length === 0) fail('gpus', `expected >= 1: ${envName} has no node pool without GPUs, got 0`);
  } else {
    const gpuPools = env.nodePools.filter((p) => gpusPerNode(p) > 0);
    const offered = [...new Set(gpuPools.map((p) => p.gpus!.accelerator))];
    if (gpuPools.length === 0) fail('gpus', `expected 0: ${envName} has no GPU node pool, got ${gpus}`);
    if (request.accelerator !== undefined && !offered.includes(request.accelerator)) {
      fail('accelerator', `expected an accelerator a node pool of ${envName} offers (${offered.join(', ')}), got '${request.accelerator}'`);
    }
    const ofAccelerator = gpuPools.filter((p) => request.accelerator === undefined || p.gpus!.accelerator === request.accelerator);
    pools = ofAccelerator.filter((p) => gpusPerNode(p) >= gpus);
    what = `${gpus} ${request.accelerator ?? 'GPU'}${gpus === 1 ? '' : 's'} per pod`;
    if (pools.length === 0) {
      const most = Math.max(...ofAccelerator.map(gpusPerNode));
      const nodes = ofAccelerator.map((p) => `'${p.name}' (${p.instanceType}, ${gpusPerNode(p)})`).join(', ');
      fail('gpus', `expected at most ${most}, the most GPUs one node has in ${envName} (${nodes}), got ${gpus}`);
    }
  }
  const spotPools = pools.filter((p) => p.spot);
  const onDemandPools = pools.filter((p) => !p.spot);
  if (spot === SpotPolicy.REQUIRED && spotPools.length === 0) {
    fail('spot', `expected '${SpotPolicy.NEVER}' or '${SpotPolicy.PREFERRED}': no spot node pool of ${envName} offers ${what} (on-demand ones do: ${names(onDemandPools)}), got '${spot}'`);
  }
  if (spot === SpotPolicy.NEVER && onDemandPools.length === 0) {
    fail('spot', `expected '${SpotPolicy.PREFERRED}' or '${SpotPolicy.REQUIRED}': only spot node pools of ${envName} offer ${what} (${names(spotPools)}), got '${spot}'`);
  }
  if (spot === SpotPolicy.REQUIRED) return spotPools;
  if (spot === SpotPolicy.NEVER) return onDemandPools;
  return [...spotPools, ...onDemandPools];
}

/**
 * A container of `resources` fits one node of each pool, after the node's reserve
 * (`nodeAllocatable`); the first field that does not is the error.
 */
function checkFitsNodes(scope: IConstruct, resources: ComputeResources, pools: readonly NodePool[], at: string): void {
  const cpu = cpuCores(resources.cpu);
  const memory = sizeBytes(resources.memory);
  for (const pool of pools) {
    const node = nodeAllocatable(pool);
    const where = `what a ${pool.instanceType} node of pool '${pool.name}' allocates`;
    if (cpu > node.cpu + 1e-9) {
      throw new ConfigError(scope, `${at}.cpu`, `expected at most ${node.cpu} CPU, ${where} (${reserveNote(pool, 'cpu')}), got ${cpu}`);
    }
    if (memory > node.memory) {
      throw new ConfigError(scope, `${at}.memory`, `expected at most ${formatBytes(node.memory)}, ${where} (${reserveNote(pool, 'memory')}), got ${formatBytes(memory)}`);
    }
  }
}

function names(pools: readonly NodePool[]): string {
  return pools.map((p) => `'${p.name}'`).join(', ');
}

/** Required affinity over every pool; spot preferred when on-demand pools are allowed too. */
function affinityOver(pools: readonly NodePool[]): k8s.Affinity {
  const spot = pools.filter((p) => p.spot);
  const preferSpot = spot.length > 0 && spot.length < pools.length;
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: pools.map(poolSelectorTerm) },
      preferredDuringSchedulingIgnoredDuringExecution: preferSpot
        ? spot.map((pool) => ({ weight: 100, preference: poolSelectorTerm(pool) }))
        : undefined,
    },
  };
}

function uniqueTaints(taints: readonly NodeTaint[]): NodeTaint[] {
  const seen = new Set<string>();
  return taints.filter((t) => {
    const key = `${t.key}=${t.value ?? ''}:${t.effect}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
