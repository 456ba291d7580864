import { Duration, Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { RAY_ACCELERATOR_TYPES } from '../environments/accelerators';
import { Accelerator } from '../environments/types';
import { ConfigError } from './config-error';
import { RAY_SERVE_PORT } from './ray-ports';

/** Resources one Serve replica (a Ray actor) reserves. */
export interface RayActorOptions {
  /**
   * Logical CPUs per replica.
   * @default 1 (Ray's default for actors that serve requests)
   */
  readonly numCpus?: number;
  /**
   * GPUs per replica (fractions share a GPU).
   * @default 0
   */
  readonly numGpus?: number;
  /**
   * The accelerator each replica's GPUs must be (Ray's `accelerator_type`); the worker groups of
   * its pools carry the matching `accelerator_type:<name>` resource.
   * @default - any GPU
   */
  readonly acceleratorType?: Accelerator;
  /**
   * Memory reserved per replica.
   * @default - none reserved
   */
  readonly memory?: Size;
  /**
   * Custom Ray resources per replica.
   * @default {}
   */
  readonly resources?: Record<string, number>;
}

/** Request-based autoscaling of a Serve deployment's replicas. */
export interface ServeAutoscalingConfig {
  /** Fewest replicas (0 scales the deployment to zero when idle). */
  readonly minReplicas: number;
  /** Most replicas. */
  readonly maxReplicas: number;
  /**
   * Replicas at deploy time.
   * @default minReplicas
   */
  readonly initialReplicas?: number;
  /**
   * Ongoing requests per replica that the autoscaler aims for.
   * @default 2 (Ray Serve's default)
   */
  readonly targetOngoingRequests?: number;
  /**
   * How long load must stay high before scaling up.
   * @default Duration.seconds(30) (Ray Serve's default)
   */
  readonly upscaleDelay?: Duration;
  /**
   * How long load must stay low before scaling down.
   * @default Duration.seconds(600) (Ray Serve's default)
   */
  readonly downscaleDelay?: Duration;
}

/** Overrides for one deployment of a Serve application (the scaling unit). */
export interface ServeDeployment {
  /** Deployment name as the application's code declares it. */
  readonly name: string;
  /**
   * Fixed replica count; mutually exclusive with `autoscaling`.
   * @default - the code's default, or autoscaling when set
   */
  readonly numReplicas?: number;
  /**
   * Request-based autoscaling; mutually exclusive with `numReplicas`.
   * @default - no autoscaling
   */
  readonly autoscaling?: ServeAutoscalingConfig;
  /**
   * Requests a replica handles at once before the router queues them.
   * @default - Ray Serve's default (5)
   */
  readonly maxOngoingRequests?: number;
  /**
   * Resources per replica (vertical scaling).
   * @default - Ray Serve's default (1 CPU)
   */
  readonly rayActorOptions?: RayActorOptions;
  /**
   * Reconfigurable settings passed to the deployment's `reconfigure()` (applied without restarting replicas).
   * @default - none
   */
  readonly userConfig?: Record<string, unknown>;
}

/** One Serve application: a service boundary with its own code entry point and route. */
export interface ServeApplication {
  /** Application name, unique in the Serve config. */
  readonly name: string;
  /** `module:attribute` of the application (or of a builder that takes `args`). */
  readonly importPath: string;
  /**
   * HTTP route prefix; `null` leaves the application reachable only through handles.
   * @default `/${name}`
   */
  readonly routePrefix?: string | null;
  /**
   * Ray runtime environment of the application.
   * @default - none (the code is baked into the image)
   */
  readonly runtimeEnv?: Record<string, unknown>;
  /**
   * Arguments passed to the application builder.
   * @default - none
   */
  readonly args?: Record<string, unknown>;
  /**
   * Per-deployment overrides.
   * @default []
   */
  readonly deployments?: ServeDeployment[];
}

/** Checks a Serve config (throws ConfigError naming `applications[i]...`). */
export function checkServeApplications(scope: IConstruct, applications: readonly ServeApplication[]): void {
  if (applications.length === 0) {
    throw new ConfigError(scope, 'applications', 'at least one Serve application is required');
  }
  const seenNames = new Set<string>();
  const seenRoutes = new Set<string>();
  applications.forEach((app, i) => {
    const at = `applications[${i}]`;
    if (seenNames.has(app.name)) throw new ConfigError(scope, `${at}.name`, `'${app.name}' is used twice`);
    seenNames.add(app.name);
    if (!/^[\w.]+:[\w.]+$/.test(app.importPath)) {
      throw new ConfigError(scope, `${at}.importPath`, `'${app.importPath}' must look like 'package.module:attribute'`);
    }
    const route = routePrefix(app);
    if (route !== null) {
      if (!route.startsWith('/')) throw new ConfigError(scope, `${at}.routePrefix`, `'${route}' must start with '/'`);
      if (seenRoutes.has(route)) throw new ConfigError(scope, `${at}.routePrefix`, `'${route}' is used by two applications`);
      seenRoutes.add(route);
    }
    const deploymentNames = new Set<string>();
    (app.deployments ?? []).forEach((d, j) => {
      const dat = `${at}.deployments[${j}]`;
      if (deploymentNames.has(d.name)) throw new ConfigError(scope, `${dat}.name`, `'${d.name}' is used twice`);
      deploymentNames.add(d.name);
      if (d.numReplicas !== undefined && d.autoscaling !== undefined) {
        throw new ConfigError(scope, dat, 'set numReplicas or autoscaling, not both');
      }
      const a = d.autoscaling;
      if (a) {
        const initial = a.initialReplicas ?? a.minReplicas;
        if (!(a.minReplicas >= 0 && a.minReplicas <= initial && initial <= a.maxReplicas && a.maxReplicas >= 1)) {
          throw new ConfigError(
            scope,
            `${dat}.autoscaling`,
            `expected 0 <= minReplicas <= initialReplicas <= maxReplicas and maxReplicas >= 1, got minReplicas ${a.minReplicas}, initialReplicas ${initial}, maxReplicas ${a.maxReplicas}`,
          );
        }
      }
    });
  });
}

function routePrefix(app: ServeApplication): string | null {
  return app.routePrefix === undefined ? `/${app.name}` : app.routePrefix;
}

/**
 * The Serve config (Ray's `ServeDeploySchema`, snake_case keys) that KubeRay puts in
 * `serveConfigV2` and that `serve run`/`serve deploy` read from a file.
 */
export function serveConfig(applications: readonly ServeApplication[]): Record<string, unknown> {
  return {
    proxy_location: 'EveryNode',
    http_options: { host: '0.0.0.0', port: RAY_SERVE_PORT },
    applications: applications.map((app) => ({
      name: app.name,
      import_path: app.importPath,
      route_prefix: routePrefix(app),
      runtime_env: app.runtimeEnv,
      args: app.args,
      deployments: app.deployments?.map(deploymentConfig),
    })),
  };
}

function deploymentConfig(d: ServeDeployment): Record<string, unknown> {
  const a = d.autoscaling;
  const o = d.rayActorOptions;
  return {
    name: d.name,
    num_replicas: d.numReplicas,
    max_ongoing_requests: d.maxOngoingRequests,
    autoscaling_config: a && {
      min_replicas: a.minReplicas,
      initial_replicas: a.initialReplicas,
      max_replicas: a.maxReplicas,
      target_ongoing_requests: a.targetOngoingRequests,
      upscale_delay_s: a.upscaleDelay?.toSeconds(),
      downscale_delay_s: a.downscaleDelay?.toSeconds(),
    },
    ray_actor_options: o && {
      num_cpus: o.numCpus,
      num_gpus: o.numGpus,
      accelerator_type: o.acceleratorType && RAY_ACCELERATOR_TYPES[o.acceleratorType],
      // Ray takes actor memory in bytes.
      memory: o.memory && o.memory.toKibibytes() * 1024,
      resources: o.resources,
    },
    user_config: d.userConfig,
  };
}
