import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { RayEnvironment } from '../environments/types';
import { isDns1123Label } from '../k8s/names';
import { ComputeResources, cpuCores } from '../k8s/compute-resources';
import { kuberayLogicalCount } from '../k8s/ray-logical-resources';
import { ConfigError } from './config-error';
import { checkRayPodProps } from './ray-pod-checks';
import { NodePlacement, placeOnNodes } from '../placement/node-placement';

/** One Ray worker group: identical pods that the Ray autoscaler scales between min and max. */
export interface WorkerGroupProps {
  /** Group name (`groupName`), unique in the cluster; a DNS label. */
  readonly groupName: string;
  /** CPU, memory and GPUs of each worker pod. */
  readonly resources: ComputeResources;
  /**
   * Pods to start with.
   * @default minReplicas
   */
  readonly replicas?: number;
  /**
   * Fewest pods; 0 lets an autoscaled group scale to zero.
   * @default replicas ?? 0
   */
  readonly minReplicas?: number;
  /**
   * Most pods the autoscaler may create.
   * @default max(replicas, minReplicas, 1)
   */
  readonly maxReplicas?: number;
  /**
   * Extra `ray start` parameters. Ray resources (`num-cpus`, `num-gpus`, `memory`, `resources`)
   * are derived from `resources` into the group's `resources` map and may not be set here.
   * @default {}
   */
  readonly rayStartParams?: Record<string, string>;
  /**
   * Environment variables of the Ray container.
   * @default {}
   */
  readonly env?: Record<string, string>;
  /**
   * Idle time before the autoscaler removes a pod of this group (autoscaler v2 only).
   * @default - the autoscaler's `idleTimeout`
   */
  readonly idleTimeout?: Duration;
}

/** A worker group with defaults applied and checked, as the rest of the generator sees it. */
export interface ResolvedWorkerGroup {
  readonly groupName: string;
  readonly index: number;
  readonly replicas: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly resources: ComputeResources;
  readonly placement: NodePlacement;
  readonly rayStartParams: Record<string, string>;
  /**
   * The group's Ray resources (KubeRay's typed `resources` map): `CPU`, `GPU` and the
   * accelerator type, so Ray, its autoscaler and Kubernetes see the same node.
   */
  readonly rayResources: Record<string, string>;
  readonly env: Record<string, string>;
  readonly idleTimeout?: Duration;
}

const DERIVED_START_PARAMS = ['num-cpus', 'num-gpus', 'memory', 'resources'];

/** Applies defaults and checks one group's props (throws a ConfigError naming `workerGroups[i]`). */
export function resolveWorkerGroup(
  scope: IConstruct,
  env: RayEnvironment,
  props: WorkerGroupProps,
  index: number,
): ResolvedWorkerGroup {
  const at = `workerGroups[${index}]`;
  if (!isDns1123Label(props.groupName)) {
    throw new ConfigError(scope, `${at}.groupName`, `expected a DNS-1123 label, got '${props.groupName}'`);
  }
  checkRayPodProps(scope, at, props);
  const minReplicas = props.minReplicas ?? props.replicas ?? 0;
  const replicas = props.replicas ?? minReplicas;
  const maxReplicas = props.maxReplicas ?? Math.max(replicas, minReplicas, 1);
  for (const [field, value] of Object.entries({ replicas, minReplicas })) {
    if (!Number.isInteger(value) || value < 0) {
      throw new ConfigError(scope, `${at}.${field}`, `expected a whole number >= 0, got ${value}`);
    }
  }
  // One bound for maxReplicas, the larger of 0 and minReplicas: a -1 is told the value that passes, not 0 first and then 1.
  if (!Number.isInteger(maxReplicas) || maxReplicas < 0) {
    const least = minReplicas > 0 ? `minReplicas (${minReplicas})` : '0';
    throw new ConfigError(scope, `${at}.maxReplicas`, `expected a whole number >= ${least}, got ${maxReplicas}`);
  }
  if (minReplicas > maxReplicas) {
    throw new ConfigError(scope, `${at}.maxReplicas`, `expected >= minReplicas (${minReplicas}), got ${maxReplicas}`);
  }
  if (replicas < minReplicas || replicas > maxReplicas) {
    throw new ConfigError(
      scope,
      `${at}.replicas`,
      `expected within minReplicas..maxReplicas (${minReplicas}..${maxReplicas}), got ${replicas}`,
    );
  }
  const overridden = DERIVED_START_PARAMS.filter((p) => props.rayStartParams?.[p] !== undefined);
  if (overridden.length > 0) {
    throw new ConfigError(
      scope,
      `${at}.rayStartParams.${overridden[0]}`,
      'expected no Ray resources here: they are derived from resources (cpu, gpus, accelerator) so that Ray and Kubernetes agree; set resources instead',
    );
  }
  const placement = placeOnNodes(scope, env, props.resources, `${at}.resources`);
  const rayResources: Record<string, string> = { CPU: String(kuberayLogicalCount(cpuCores(props.resources.cpu))) };
  if (placement.gpus > 0) rayResources.GPU = String(placement.gpus);
  Object.assign(rayResources, placement.rayResources);
  return {
    groupName: props.groupName,
    index,
    replicas,
    minReplicas,
    maxReplicas,
    resources: props.resources,
    placement,
    rayStartParams: { ...props.rayStartParams },
    rayResources,
    env: props.env ?? {},
    idleTimeout: props.idleTimeout,
  };
}
