import { gpusPerNode } from '../src/environments/accelerators';
import { NVIDIA_GPU_RESOURCE } from '../src/k8s/accelerator';
import { NodePool, RayEnvironment } from '../src/environments';

/** Which kind of node a simulated node stands for. */
export enum NodeKind {
  /** A node of one of the environment's CPU pools. */
  CPU_POOL = 'cpu-pool',
  /** A node of one of the environment's GPU pools. */
  GPU_POOL = 'gpu-pool',
  /** A general-purpose node outside both pools (system workloads land there on real clusters). */
  PLAIN = 'plain',
}

/** A Node object to create, with the kind it stands for. */
export interface SimulatedNode {
  readonly kind: NodeKind;
  /**
   * The pool the node belongs to.
   * @default - none: a plain node
   */
  readonly pool?: NodePool;
  readonly manifest: {
    readonly apiVersion: 'v1';
    readonly kind: 'Node';
    readonly metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
    readonly spec: { taints: { key: string; value?: string; effect: string }[] };
    readonly status: { capacity: Record<string, string>; allocatable: Record<string, string> };
  };
}

/** Plain nodes beside the pools; their shape is that of a common 4 vCPU / 16 GiB machine. */
const PLAIN_NODES = 2;
const PLAIN_SHAPE = { cpu: 4, memoryMi: 16 * 1024 };
/** The kubelet's default pod limit. */
const PODS_PER_NODE = '110';

/** Millicores, so that fractional reservations (e.g. 0.08 CPU) stay exact. */
function millicores(cpu: number): string {
  return `${Math.round(cpu * 1000)}m`;
}

function node(
  kind: NodeKind,
  pool: NodePool | undefined,
  name: string,
  labels: Record<string, string>,
  taints: SimulatedNode['manifest']['spec']['taints'],
  capacity: Record<string, string>,
  allocatable: Record<string, string>,
): SimulatedNode {
  return {
    kind,
    pool,
    manifest: {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', ...labels },
        // kwok only simulates the kubelet of nodes carrying this annotation.
        annotations: { 'kwok.x-k8s.io/node': 'fake' },
      },
      spec: { taints },
      status: { capacity: { ...capacity, pods: PODS_PER_NODE }, allocatable: { ...allocatable, pods: PODS_PER_NODE } },
    },
  };
}

/** `maxNodes` nodes shaped like the pool: its labels and taints, allocatable = shape minus reserved. */
function poolNodes(pool: NodePool): SimulatedNode[] {
  const { shape } = pool;
  const kind = gpusPerNode(pool) > 0 ? NodeKind.GPU_POOL : NodeKind.CPU_POOL;
  const gpus: Record<string, string> = kind === NodeKind.GPU_POOL ? { [NVIDIA_GPU_RESOURCE]: String(gpusPerNode(pool)) } : {};
  const capacity = { cpu: millicores(shape.cpu), memory: `${shape.memory.toMebibytes()}Mi`, ...gpus };
  const allocatable = {
    cpu: millicores(shape.cpu - shape.reservedCpu),
    memory: `${shape.memory.toMebibytes() - shape.reservedMemory.toMebibytes()}Mi`,
    ...gpus,
  };
  const labels = { 'node.kubernetes.io/instance-type': pool.instanceType, ...pool.labels };
  const taints = pool.taints.map((t) => ({ key: t.key, ...(t.value === undefined ? {} : { value: t.value }), effect: t.effect }));
  return Array.from({ length: pool.maxNodes }, (_, i) =>
    node(kind, pool, `${pool.name}-${i}`, labels, taints, capacity, allocatable),
  );
}

/**
 * The Node objects that stand for an environment's cluster: every node each of its pools can scale to,
 * plus (unless the environment is one node) plain nodes outside the pools, so that a pod which
 * selects no pool still has somewhere to go and the check can tell whether it avoided GPU nodes.
 */
export function simulatedNodes(env: RayEnvironment): SimulatedNode[] {
  const plainCapacity = { cpu: millicores(PLAIN_SHAPE.cpu), memory: `${PLAIN_SHAPE.memoryMi}Mi` };
  const plain = Array.from({ length: env.singleNode ? 0 : PLAIN_NODES }, (_, i) =>
    node(NodeKind.PLAIN, undefined, `plain-${i}`, {}, [], plainCapacity, plainCapacity),
  );
  return [
    ...env.nodePools.flatMap(poolNodes),
    ...plain,
  ];
}
