import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { hasGpuPool } from '../environments/accelerators';
import { ComputeResources, GpuRequest } from '../k8s/compute-resources';
import { HeadGroupProps, SMALL_HEAD_RESOURCES } from '../ray/head-group';
import { ServeEndpointOptions, exposeServeEndpoint } from '../serving/serve-endpoint';
import { ServingOptions, ServingRayService } from '../serving/serving-ray-service';
import { ReplicaRange, checkReplicaRange } from './embedding-service-chart';
import { EnvironmentChart, EnvironmentChartProps } from './environment-chart';
import { ConfigError, fromOptions } from '../ray/config-error';

/** KubeRay's annotation for how long a RayService's cluster may take to come up. */
const INITIALIZING_TIMEOUT_ANNOTATION = 'ray.io/initializing-timeout';

/** Options of the text generation service. */
export interface TextGenerationOptions extends ServingOptions {
  /**
   * Serve replicas of `TextGenerator` (one per worker).
   * @default { min: 1, max: 2 }
   */
  readonly replicas?: ReplicaRange;
  /**
   * Run each replica on its own GPU worker, a whole node of the pools that offer this request
   * (accelerator, spot policy); false runs replicas on CPU workers.
   * @default - `{}` (any accelerator, on-demand pools only) where the environment has a GPU pool, else false
   */
  readonly gpu?: GpuRequest | false;
  /**
   * Resources of a CPU worker when `gpu` is false.
   * @default - 2 CPU, 4 GiB
   */
  readonly cpuWorker?: ComputeResources;
  /**
   * The Ray head.
   * @default - 1 CPU, 4 GiB, not schedulable
   */
  readonly head?: HeadGroupProps;
  /**
   * Hugging Face causal-LM folder inside the image.
   * @default '/models/textgen'
   */
  readonly modelPath?: string;
  /**
   * Cap on generated tokens per request: a whole number >= 1 (the app's
   * `TextGenArgs.max_new_tokens` refuses anything else, so its replicas would never start).
   * @default 64
   */
  readonly maxNewTokens?: number;
  /**
   * The cloud load balancer in front of the Serve proxies (port 80 → 8000).
   * @default {} (port 80, any client)
   */
  readonly loadBalancer?: ServeEndpointOptions;
  /**
   * How long KubeRay waits for a new cluster's Serve applications before it gives up on the
   * cluster and starts another (annotation `ray.io/initializing-timeout`). KubeRay v1.7 ignores
   * `serviceUnhealthySecondThreshold` and `deploymentUnhealthySecondThreshold` (deprecated, still
   * in the CRD, unused since v1.3: `ray-operator/apis/ray/v1/rayservice_types.go` at v1.7.0);
   * this annotation replaces the former, Serve's own replica health checks the latter.
   * @default Duration.minutes(15)
   */
  readonly initializingTimeout?: Duration;
}

export interface TextGenerationChartProps extends EnvironmentChartProps, TextGenerationOptions {}

/** Which option each construct prop the chart fills comes from, for errors (see `fromOptions`). */
const TEXT_GENERATION_FIELDS = {
  head: 'head',
  gcsFaultTolerance: 'gcsFaultTolerance',
  'workerGroups[0].resources': 'cpuWorker',
  'workerGroups[0].maxReplicas': 'replicas.max',
  'applications[0].deployments[0].autoscaling': 'replicas',
};

/**
 * The text generation service: a RayService running the FastAPI `TextGenerator` app at
 * `/`, reachable from outside through a LoadBalancer on port 80.
 */
export class TextGenerationChart extends EnvironmentChart {
  public readonly service: ServingRayService;

  constructor(scope: Construct, id: string, props: TextGenerationChartProps) {
    super(scope, id, props);
    const environment = props.environment;
    const gpu = props.gpu ?? (hasGpuPool(environment) ? {} : false);
    const replicas = props.replicas ?? { min: 1, max: 2 };
    checkReplicaRange(this, replicas);
    const maxNewTokens = props.maxNewTokens ?? 64;
    if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1) {
      const error = new ConfigError(this, 'maxNewTokens', `expected a whole number >= 1, got ${maxNewTokens}`);
      error.aimAt('maxNewTokens');
      throw error;
    }
    this.service = fromOptions(TEXT_GENERATION_FIELDS, () => new ServingRayService(this, 'Service', {
      environment,
      name: 'text-generation',
      gcsFaultTolerance: props.gcsFaultTolerance,
      callers: props.callers,
      serviceAccountAnnotations: props.serviceAccountAnnotations,
      cluster: {
        head: props.head ?? { resources: SMALL_HEAD_RESOURCES },
        workerGroups: [
          {
            groupName: gpu ? 'gpu-workers' : 'cpu-workers',
            resources: gpu ? this.gpuWorker(gpu, { option: 'gpu', value: gpu }) : (props.cpuWorker ?? { cpu: Cpu.units(2), memory: Size.gibibytes(4) }),
            minReplicas: 0,
            maxReplicas: replicas.max,
          },
        ],
      },
      applications: [
        {
          name: 'textgen',
          importPath: 'ray_workloads.serve.textgen:build_app',
          routePrefix: '/',
          args: { model_path: props.modelPath ?? '/models/textgen', max_new_tokens: maxNewTokens },
          deployments: [
            {
              name: 'TextGenerator',
              autoscaling: { minReplicas: replicas.min, maxReplicas: replicas.max, targetOngoingRequests: 4 },
              // Generation is compute-bound: a few requests per replica, the rest wait in the router.
              maxOngoingRequests: 8,
              rayActorOptions: { numCpus: 1, numGpus: gpu ? 1 : 0, acceleratorType: gpu ? gpu.accelerator : undefined },
            },
          ],
        },
      ],
    }));
    const timeout = props.initializingTimeout ?? Duration.minutes(15);
    this.service.service.apiObject.metadata.addAnnotation(INITIALIZING_TIMEOUT_ANNOTATION, `${timeout.toSeconds()}s`);
    fromOptions({ serveEndpoint: 'loadBalancer' }, () => exposeServeEndpoint(this.service.service, props.loadBalancer));
  }
}
