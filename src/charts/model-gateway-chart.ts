import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { hasGpuPool } from '../environments/accelerators';
import { ComputeResources, GpuRequest } from '../k8s/compute-resources';
import { HeadGroupProps, SMALL_HEAD_RESOURCES } from '../ray/head-group';
import { ServeApplication, ServeAutoscalingConfig } from '../ray/serve-config';
import { WorkerGroupProps } from '../ray/worker-group';
import { DEFAULT_EMBEDDING_MODEL } from '../serving/embedding-model';
import { ServingOptions, ServingRayService } from '../serving/serving-ray-service';
import { WeightedVersion, trafficSplitApplications } from '../serving/traffic-split';
import { EnvironmentChart, EnvironmentChartProps } from './environment-chart';
import { fromOptions } from '../ray/config-error';

/** Options of the model gateway. */
export interface ModelGatewayOptions extends ServingOptions {
  /**
   * Versions of the embedding model behind `/embeddings` and their share of requests, in
   * percent (summing to 100). The one place the split is written: the versioned applications
   * (`embeddings-<version>`, no HTTP route) and the splitter's routes are generated from it.
   * @default - v1 90%, v2 10%
   */
  readonly embeddingVersions?: WeightedVersion[];
  /**
   * Most replicas of each CPU model deployment; every one scales to zero when idle.
   * @default 2
   */
  readonly maxReplicasPerModel?: number;
  /**
   * Resources of a CPU worker.
   * @default - 2 CPU, 4 GiB
   */
  readonly cpuWorker?: ComputeResources;
  /**
   * Most CPU workers (the group starts at zero).
   * @default 4
   */
  readonly maxCpuWorkers?: number;
  /**
   * Most GPU workers for the text generation model (one GPU each, the group starts at zero);
   * 0 leaves the GPU model out.
   * @minimum 0
   * @default - 1 where the environment has a GPU pool, else 0
   */
  readonly maxGpuWorkers?: number;
  /**
   * What the text generation model's GPU workers ask for; each takes a whole node of the pools
   * that offer it.
   * @default {} (any accelerator, on-demand pools only)
   */
  readonly gpu?: GpuRequest;
  /**
   * The Ray head (routing and control: HTTP proxy, Serve controller).
   * @default - 1 CPU, 4 GiB, not schedulable
   */
  readonly head?: HeadGroupProps;
}

export interface ModelGatewayChartProps extends EnvironmentChartProps, ModelGatewayOptions {}

/** Which option each construct prop the chart fills comes from, for errors (see `fromOptions`). */
const MODEL_GATEWAY_FIELDS = {
  head: 'head',
  gcsFaultTolerance: 'gcsFaultTolerance',
  'workerGroups[0].resources': 'cpuWorker',
  'workerGroups[0].maxReplicas': 'maxCpuWorkers',
  'workerGroups[1]': 'maxGpuWorkers',
  'workerGroups[1].maxReplicas': 'maxGpuWorkers',
};

/**
 * The model gateway: one RayService whose HTTP proxy routes to several Serve
 * applications by prefix, CPU and GPU models side by side, each scaling to zero with the worker
 * groups under them:
 * - `/tokens`: token counts (CPU);
 * - `/embeddings`: a weighted split between versions of the embedding model (CPU);
 * - `/generate`: text generation (GPU), where the environment has GPUs.
 */
export class ModelGatewayChart extends EnvironmentChart {
  public readonly service: ServingRayService;

  constructor(scope: Construct, id: string, props: ModelGatewayChartProps) {
    super(scope, id, props);
    const environment = props.environment;
    const maxGpuWorkers = props.maxGpuWorkers ?? (hasGpuPool(environment) ? 1 : 0);
    const gpu = props.gpu ?? {};
    const maxReplicas = props.maxReplicasPerModel ?? 2;
    const toZero = (max: number): ServeAutoscalingConfig => ({ minReplicas: 0, maxReplicas: max, targetOngoingRequests: 8 });

    const workerGroups: WorkerGroupProps[] = [
      {
        groupName: 'cpu-workers',
        resources: props.cpuWorker ?? { cpu: Cpu.units(2), memory: Size.gibibytes(4) },
        minReplicas: 0,
        maxReplicas: props.maxCpuWorkers ?? 4,
      },
    ];
    const applications: ServeApplication[] = [
      {
        name: 'tokens',
        importPath: 'ray_workloads.serve.tokenizer:build_app',
        routePrefix: '/tokens',
        deployments: [{ name: 'Tokenizer', autoscaling: toZero(maxReplicas), rayActorOptions: { numCpus: 0.5 } }],
      },
      // The split is checked as written: its errors name the option (embeddingVersions[1].weight).
      ...fromOptions({ embeddingVersions: 'embeddingVersions' }, () => trafficSplitApplications(this, 'embeddingVersions', {
        name: 'embeddings',
        routePrefix: '/embeddings',
        importPath: 'ray_workloads.serve.embedding:build_app',
        args: { model: DEFAULT_EMBEDDING_MODEL, device: 'cpu', max_batch_size: 32 },
        deployments: [{ name: 'EmbeddingModel', autoscaling: toZero(maxReplicas), maxOngoingRequests: 32, rayActorOptions: { numCpus: 1 } }],
        versions: props.embeddingVersions ?? [
          { version: 'v1', weight: 90 },
          { version: 'v2', weight: 10 },
        ],
        splitter: { autoscaling: toZero(maxReplicas), rayActorOptions: { numCpus: 0.25 } },
      })),
    ];
    if (maxGpuWorkers > 0) {
      workerGroups.push({ groupName: 'gpu-workers', resources: this.gpuWorker(gpu, { option: 'maxGpuWorkers', value: maxGpuWorkers }), minReplicas: 0, maxReplicas: maxGpuWorkers });
      applications.push({
        name: 'generate',
        importPath: 'ray_workloads.serve.textgen:build_app',
        routePrefix: '/generate',
        args: { model_path: '/models/textgen' },
        deployments: [{ name: 'TextGenerator', autoscaling: toZero(maxGpuWorkers), maxOngoingRequests: 8, rayActorOptions: { numCpus: 1, numGpus: 1, acceleratorType: gpu.accelerator } }],
      });
    }

    this.service = fromOptions(MODEL_GATEWAY_FIELDS, () => new ServingRayService(this, 'Service', {
      environment,
      name: 'model-gateway',
      gcsFaultTolerance: props.gcsFaultTolerance,
      callers: props.callers,
      serviceAccountAnnotations: props.serviceAccountAnnotations,
      cluster: { head: props.head ?? { resources: SMALL_HEAD_RESOURCES }, workerGroups },
      applications,
    }));
  }
}
