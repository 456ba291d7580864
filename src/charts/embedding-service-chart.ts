import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { hasGpuPool } from '../environments/accelerators';
import { ComputeResources, GpuRequest } from '../k8s/compute-resources';
import { HeadGroupProps, SMALL_HEAD_RESOURCES } from '../ray/head-group';
import { WorkerGroupProps } from '../ray/worker-group';
import { DEFAULT_EMBEDDING_MODEL } from '../serving/embedding-model';
import { MlflowTrackingServer, MlflowTrackingServerProps } from '../serving/mlflow-server';
import { ServingOptions, ServingRayService } from '../serving/serving-ray-service';
import { EnvironmentChart, EnvironmentChartProps } from './environment-chart';
import { ConfigError, fromOptions } from '../ray/config-error';

/** Request-based autoscaling bounds of a Serve deployment. */
export interface ReplicaRange {
  /** Replicas kept when idle. */
  readonly min: number;
  /** Most replicas under load. */
  readonly max: number;
}

/**
 * Checks a chart's `replicas` option in the names the user wrote (`min`, `max`), before it
 * becomes a Serve deployment's `minReplicas`/`maxReplicas` and a worker group's `maxReplicas`.
 * @throws ConfigError at `replicas` unless both are whole numbers with 0 <= min <= max and max >= 1
 */
export function checkReplicaRange(scope: Construct, range: ReplicaRange): void {
  const { min, max } = range;
  if (Number.isInteger(min) && Number.isInteger(max) && 0 <= min && min <= max && max >= 1) return;
  const error = new ConfigError(scope, 'replicas', `expected whole numbers 0 <= min <= max and max >= 1, got min ${min}, max ${max}`);
  error.aimAt('replicas');
  throw error;
}

/** Options of the embedding service. */
export interface EmbeddingServiceOptions extends ServingOptions {
  /**
   * Serve replicas of `EmbeddingModel` (the first scaling layer); the Ray autoscaler adds and
   * removes worker pods to hold them (the second), the cloud adds nodes for the pods.
   * @default { min: 1, max: 2 }
   */
  readonly replicas?: ReplicaRange;
  /**
   * Ongoing requests per replica the Serve autoscaler aims for.
   * @default 16
   */
  readonly targetOngoingRequests?: number;
  /**
   * How long load must stay high before Serve adds a replica.
   * @default Duration.seconds(30)
   */
  readonly upscaleDelay?: Duration;
  /**
   * How long load must stay low before Serve removes a replica (and the worker idles out).
   * @default Duration.minutes(5)
   */
  readonly downscaleDelay?: Duration;
  /**
   * Run each replica on its own GPU worker, a whole node of the pools that offer this request
   * (accelerator, spot policy); false runs replicas on CPU workers.
   * @default - `{}` (any accelerator, on-demand pools only) where the environment has a GPU pool, else false
   */
  readonly gpu?: GpuRequest | false;
  /**
   * Resources of a CPU worker (one replica each) when `gpu` is false.
   * @default - 2 CPU, 3 GiB
   */
  readonly cpuWorker?: ComputeResources;
  /**
   * The Ray head.
   * @default - 1 CPU, 4 GiB, not schedulable
   */
  readonly head?: HeadGroupProps;
  /**
   * Sentence-transformers model name or path.
   * @default DEFAULT_EMBEDDING_MODEL (all-MiniLM-L6-v2)
   */
  readonly model?: string;
  /**
   * An MLflow tracking server next to the service; the Ray pods get `MLFLOW_TRACKING_URI`.
   * @default - none
   */
  readonly mlflow?: Omit<MlflowTrackingServerProps, 'environment'>;
}

export interface EmbeddingServiceChartProps extends EnvironmentChartProps, EmbeddingServiceOptions {}

/** Batch size of EmbeddingModel; `max_ongoing_requests` must be at least this for batches to fill. */
const MAX_BATCH_SIZE = 64;

/** Which option each construct prop the chart fills comes from, for errors (see `fromOptions`). */
const EMBEDDING_FIELDS = {
  head: 'head',
  gcsFaultTolerance: 'gcsFaultTolerance',
  'workerGroups[0].resources': 'cpuWorker',
  'workerGroups[0].maxReplicas': 'replicas.max',
  'applications[0].deployments[0].autoscaling': 'replicas',
  'applications[0].deployments[0].autoscaling.upscaleDelay': 'upscaleDelay',
  'applications[0].deployments[0].autoscaling.downscaleDelay': 'downscaleDelay',
  'applications[0].deployments[0].autoscaling.targetOngoingRequests': 'targetOngoingRequests',
};

/**
 * The embedding service: a RayService running `EmbeddingModel` with Serve autoscaling
 * on GPU workers (L4 spot on gke) that the Ray autoscaler starts from zero, plus an MLflow
 * tracking server that the replicas and jobs log to.
 */
export class EmbeddingServiceChart extends EnvironmentChart {
  public readonly service: ServingRayService;
  public readonly mlflow?: MlflowTrackingServer;

  constructor(scope: Construct, id: string, props: EmbeddingServiceChartProps) {
    super(scope, id, props);
    const environment = props.environment;
    const gpu = props.gpu ?? (hasGpuPool(environment) ? {} : false);
    const replicas = props.replicas ?? { min: 1, max: 2 };
    checkReplicaRange(this, replicas);
    if (props.mlflow) this.mlflow = fromOptions({ '': 'mlflow' }, () => new MlflowTrackingServer(this, 'Mlflow', { environment, ...props.mlflow! }));

    const worker: WorkerGroupProps = {
      groupName: gpu ? 'gpu-workers' : 'cpu-workers',
      resources: gpu ? this.gpuWorker(gpu, { option: 'gpu', value: gpu }) : (props.cpuWorker ?? { cpu: Cpu.units(2), memory: Size.gibibytes(3) }),
      minReplicas: 0,
      maxReplicas: replicas.max,
    };
    this.service = fromOptions(EMBEDDING_FIELDS, () => new ServingRayService(this, 'Service', {
      environment,
      name: 'embedding-service',
      gcsFaultTolerance: props.gcsFaultTolerance,
      callers: props.callers,
      serviceAccountAnnotations: props.serviceAccountAnnotations,
      cluster: {
        head: props.head ?? { resources: SMALL_HEAD_RESOURCES },
        workerGroups: [worker],
        env: this.mlflow ? { MLFLOW_TRACKING_URI: this.mlflow.trackingUri } : undefined,
      },
      applications: [
        {
          name: 'embeddings',
          importPath: 'ray_workloads.serve.embedding:build_app',
          routePrefix: '/',
          args: {
            model: props.model ?? DEFAULT_EMBEDDING_MODEL,
            max_batch_size: MAX_BATCH_SIZE,
            batch_wait_timeout_s: 0.01,
            device: gpu ? 'cuda' : 'cpu',
          },
          deployments: [
            {
              name: 'EmbeddingModel',
              autoscaling: {
                minReplicas: replicas.min,
                maxReplicas: replicas.max,
                targetOngoingRequests: props.targetOngoingRequests ?? 16,
                upscaleDelay: props.upscaleDelay ?? Duration.seconds(30),
                downscaleDelay: props.downscaleDelay ?? Duration.minutes(5),
              },
              maxOngoingRequests: MAX_BATCH_SIZE,
              rayActorOptions: { numCpus: 1, numGpus: gpu ? 1 : 0, acceleratorType: gpu ? gpu.accelerator : undefined },
            },
          ],
        },
      ],
    }));
  }
}
