import { IConstruct } from 'constructs';
import { RayEnvironment } from '../environments/types';
import { AutoscalerProps, autoscalerOptions } from './autoscaler';
import { REDIS_ADDRESS_FORMS, redisAddressProblem } from '../k8s/redis-address';
import { cpuCores } from '../k8s/compute-resources';
import { kuberayLogicalCount } from '../k8s/ray-logical-resources';
import { ConfigError } from './config-error';
import { checkHeadPorts, checkRayPodProps } from './ray-pod-checks';
import { DEFAULT_HEAD_RESOURCES, HeadGroupProps } from './head-group';
import { NodePlacement, placeOnNodes } from '../placement/node-placement';
import { RAY_HEAD_PORTS, RAY_METRICS_PORT } from './ray-ports';
import { rayPodTemplate } from './ray-pod-template';
import { RayVolume } from './ray-volume';
import { ResolvedWorkerGroup, WorkerGroupProps, resolveWorkerGroup } from './worker-group';
import '../k8s/map-keys'; // every valid map key survives serialization

/**
 * A Ray cluster's shape: the spec shared by RayCluster (`spec`), RayJob (`spec.rayClusterSpec`)
 * and RayService (`spec.rayClusterConfig`), which all embed KubeRay's RayClusterSpec.
 */
export interface RayClusterConfigProps {
  /**
   * The head pod.
   * @default - 2 CPU, 8 GiB, not schedulable for tasks
   */
  readonly head?: HeadGroupProps;
  /** Worker groups; each runs on the node pools that offer what its `resources` ask for. */
  readonly workerGroups: WorkerGroupProps[];
  /**
   * The Ray autoscaler (`enableInTreeAutoscaling`).
   * @default - enabled with default options when some group has minReplicas < maxReplicas, else disabled
   */
  readonly autoscaler?: AutoscalerProps | false;
  /**
   * Volumes mounted on the head and on every worker at the same path.
   * @default []
   */
  readonly volumes?: RayVolume[];
  /**
   * Environment variables of every Ray container.
   * @default {}
   */
  readonly env?: Record<string, string>;
  /**
   * ServiceAccount of the Ray pods.
   * @default - KubeRay's autoscaler ServiceAccount on an autoscaled head, else the namespace's default; only an autoscaled head mounts an API token
   */
  readonly serviceAccountName?: string;
  /**
   * GCS fault tolerance with an external Redis: the head keeps the cluster's metadata (actors,
   * jobs, Serve applications) there, so a restarted head picks it up instead of starting empty.
   * @default - none: a head restart loses the cluster's state
   * @see https://docs.ray.io/en/latest/cluster/kubernetes/user-guides/kuberay-gcs-ft.html
   */
  readonly gcsFaultTolerance?: GcsFaultTolerance;
  /**
   * Extra labels on every Ray pod (head and workers), e.g. to select one service's pods.
   * @default {}
   */
  readonly podLabels?: Record<string, string>;
}

/** Where the GCS of a fault-tolerant cluster keeps its state. */
export interface GcsFaultTolerance {
  /**
   * Where the Redis listens, as Ray reads `RAY_REDIS_ADDRESS`: `host:port`, `redis://host:port`
   * or `rediss://host:port` (TLS), several comma-separated (not a secret; the password is).
   * @throws ConfigError at construction for an entry without a port, with a port that is no
   * number from 1 to 65535, or with another scheme (see `redisAddressProblem`)
   */
  readonly redisAddress: string;
  /** The existing Secret and key that hold the Redis password (never the value). */
  readonly redisPasswordSecret: { readonly name: string; readonly key: string };
}

/** Builds and checks a RayClusterSpec; the Ray L2 constructs own one each. */
export class RayClusterConfig {
  /** Worker groups with defaults applied, in spec order (index = position in `workerGroupSpecs`). */
  public readonly workerGroups: readonly ResolvedWorkerGroup[];
  /** Whether the Ray autoscaler runs (`enableInTreeAutoscaling`). */
  public readonly autoscaling: boolean;
  public readonly environment: RayEnvironment;
  private readonly volumes: RayVolume[];
  /** Where the head runs: placed (and its resources checked against the nodes) at construction. */
  private readonly headPlacement: NodePlacement;

  constructor(
    private readonly scope: IConstruct,
    environment: RayEnvironment,
    private readonly props: RayClusterConfigProps,
  ) {
    this.environment = environment;
    const head = props.head ?? {};
    const headResources = head.resources ?? DEFAULT_HEAD_RESOURCES;
    checkRayPodProps(scope, 'head', { ...head, resources: headResources });
    checkHeadPorts(scope, 'head', head.rayStartParams ?? {});
    const redisAddress = props.gcsFaultTolerance?.redisAddress;
    const redisProblem = redisAddress === undefined ? undefined : redisAddressProblem(redisAddress);
    if (redisProblem) {
      throw new ConfigError(scope, 'gcsFaultTolerance.redisAddress', `expected ${REDIS_ADDRESS_FORMS}, got '${redisAddress}': ${redisProblem}`);
    }
    this.headPlacement = placeOnNodes(scope, environment, headResources, 'head.resources');
    this.workerGroups = props.workerGroups.map((g, i) => resolveWorkerGroup(scope, environment, g, i));
    const names = this.workerGroups.map((g) => g.groupName);
    const duplicate = names.find((n, i) => names.indexOf(n) !== i);
    if (duplicate) {
      throw new ConfigError(scope, 'workerGroups', `expected unique group names, got '${duplicate}' twice`);
    }
    this.autoscaling =
      props.autoscaler === undefined
        ? this.workerGroups.some((g) => g.minReplicas < g.maxReplicas)
        : props.autoscaler !== false;
    const idleGroup = this.workerGroups.find((g) => g.idleTimeout !== undefined);
    if (idleGroup && (!this.autoscaling || (props.autoscaler && props.autoscaler.version === 'v1'))) {
      throw new ConfigError(
        scope,
        `workerGroups[${idleGroup.index}].idleTimeout`,
        'per-group idle timeouts need the v2 autoscaler (autoscaler enabled, version v2)',
      );
    }
    this.volumes = [...(props.volumes ?? [])];
  }

  /** Mounts another volume on every Ray pod. */
  public addVolume(volume: RayVolume): void {
    if (this.volumes.some((v) => v.volume.name === volume.volume.name)) {
      throw new ConfigError(this.scope, 'volumes', `volume '${volume.volume.name}' is mounted twice`);
    }
    this.volumes.push(volume);
  }

  /** Worker groups whose `replicas` the Ray autoscaler changes on the live object. */
  public get autoscaledGroups(): readonly ResolvedWorkerGroup[] {
    return this.autoscaling ? this.workerGroups.filter((g) => g.minReplicas < g.maxReplicas) : [];
  }

  /** GPUs the cluster requests when every group is at maxReplicas. */
  public get maxGpus(): number {
    return this.workerGroups.reduce((sum, g) => sum + g.maxReplicas * g.placement.gpus, 0);
  }

  /** The KubeRay RayClusterSpec as JSON. */
  public toSpec(): Record<string, unknown> {
    const env = this.environment;
    const head = this.props.head ?? {};
    const headResources = head.resources ?? DEFAULT_HEAD_RESOURCES;
    const restartPolicy = this.autoscaling ? ('Never' as const) : undefined;
    const labels = { ...this.props.podLabels, 'app.kubernetes.io/part-of': 'ray-gitops', 'ray-gitops.io/environment': env.name };
    const ft = this.props.gcsFaultTolerance;
    const common = {
      volumes: this.volumes,
      restartPolicy,
      serviceAccountName: this.props.serviceAccountName,
      labels,
    };
    const spec: Record<string, unknown> = {
      rayVersion: env.ray.version,
      enableInTreeAutoscaling: this.autoscaling ? true : undefined,
      autoscalerOptions: this.autoscaling && this.props.autoscaler !== false ? autoscalerOptions(this.props.autoscaler ?? {}) : undefined,
      gcsFaultToleranceOptions: ft && {
        redisAddress: ft.redisAddress,
        redisPassword: { valueFrom: { secretKeyRef: { name: ft.redisPasswordSecret.name, key: ft.redisPasswordSecret.key } } },
      },
      headGroupSpec: {
        rayStartParams: {
          'dashboard-host': '0.0.0.0',
          'num-cpus': head.schedulable ? String(kuberayLogicalCount(cpuCores(headResources.cpu))) : '0',
          ...head.rayStartParams,
        },
        template: rayPodTemplate({
          ...common,
          containerName: 'ray-head',
          apiAccess: this.autoscaling,
          placement: this.headPlacement,
          resources: headResources,
          ports: RAY_HEAD_PORTS,
          env: { ...this.props.env, ...head.env },
        }),
      },
      workerGroupSpecs: this.workerGroups.map((g) => ({
        groupName: g.groupName,
        replicas: g.replicas,
        minReplicas: g.minReplicas,
        maxReplicas: g.maxReplicas,
        idleTimeoutSeconds: g.idleTimeout?.toSeconds(),
        rayStartParams: g.rayStartParams,
        resources: g.rayResources,
        template: rayPodTemplate({
          ...common,
          containerName: 'ray-worker',
          apiAccess: false,
          placement: g.placement,
          resources: g.resources,
          ports: { metrics: RAY_METRICS_PORT },
          env: { ...this.props.env, ...g.env },
        }),
      })),
    };
    return spec;
  }
}
