import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { hasGpuPool } from '../environments/accelerators';
import { SpotPolicy } from '../environments/types';
import { ComputeResources, GpuRequest } from '../k8s/compute-resources';
import { RayCluster } from '../ray/ray-cluster';
import { RayJob } from '../ray/ray-job';
import { RayService } from '../ray/ray-service';
import { WorkerGroupProps } from '../ray/worker-group';
import { SMALL_HEAD_RESOURCES } from '../ray/head-group';
import { DEFAULT_EMBEDDING_MODEL } from '../serving/embedding-model';
import { EnvironmentChart, EnvironmentChartProps } from './environment-chart';
import { fromOptions } from '../ray/config-error';

/** Sizes of the sandbox; everything has a default that fits the environment. */
export interface RaySandboxOptions {
  /**
   * Resources of the Ray heads (the cluster's and the service's).
   * @default - 1 CPU, 4 GiB
   */
  readonly head?: Omit<ComputeResources, 'gpus'>;
  /**
   * Resources of each CPU worker.
   * @default - 2 CPU, 4 GiB
   */
  readonly cpuWorker?: ComputeResources;
  /**
   * Most CPU workers the autoscaler may start.
   * @default 2
   */
  readonly maxCpuWorkers?: number;
  /**
   * Most GPU workers the autoscaler may start (one GPU each); 0 leaves the GPU group out.
   * @minimum 0
   * @default - 2 where the environment has a GPU pool, else 0
   */
  readonly maxGpuWorkers?: number;
  /**
   * What the GPU workers ask for; each takes a whole node of the pools that offer it.
   * @default { spot: SpotPolicy.PREFERRED } (any accelerator; spot first, on-demand as fallback)
   */
  readonly gpu?: GpuRequest;
}

/** Which option each construct prop the chart fills comes from, for errors (see `fromOptions`). */
const SANDBOX_FIELDS = {
  'head.resources': 'head',
  'workerGroups[0].resources': 'cpuWorker',
  'workerGroups[0].maxReplicas': 'maxCpuWorkers',
  'workerGroups[1]': 'maxGpuWorkers',
  'workerGroups[1].maxReplicas': 'maxGpuWorkers',
  'applications[0].deployments[0].autoscaling': 'maxGpuWorkers',
};

export interface RaySandboxChartProps extends EnvironmentChartProps, RaySandboxOptions {}

/**
 * A shared development cluster with a CPU and (where there are GPUs) a GPU worker group, a
 * job that proves Ray sees the cluster's CPUs and GPUs, and a small text service with two
 * Serve applications (embeddings and token counts).
 */
export class RaySandboxChart extends EnvironmentChart {
  public readonly cluster: RayCluster;
  public readonly check: RayJob;
  public readonly service: RayService;

  constructor(scope: Construct, id: string, props: RaySandboxChartProps) {
    super(scope, id, props);
    const environment = props.environment;
    const maxGpuWorkers = props.maxGpuWorkers ?? (hasGpuPool(environment) ? 2 : 0);
    const cpuWorker = props.cpuWorker ?? { cpu: Cpu.units(2), memory: Size.gibibytes(4) };
    const head = { resources: props.head ?? SMALL_HEAD_RESOURCES };

    const workerGroups: WorkerGroupProps[] = [
      { groupName: 'cpu-workers', resources: cpuWorker, minReplicas: 1, maxReplicas: props.maxCpuWorkers ?? 2 },
    ];
    if (maxGpuWorkers > 0) {
      const gpu = this.gpuWorker(props.gpu ?? { spot: SpotPolicy.PREFERRED }, { option: 'maxGpuWorkers', value: maxGpuWorkers });
      workerGroups.push({ groupName: 'gpu-workers', resources: gpu, minReplicas: 0, maxReplicas: maxGpuWorkers });
    }

    this.cluster = fromOptions(SANDBOX_FIELDS, () => new RayCluster(this, 'Cluster', { environment, name: 'sandbox', head, workerGroups }));

    this.check = new RayJob(this, 'ClusterCheck', {
      environment,
      name: 'sandbox-cluster-check',
      clusterSelector: { 'ray.io/cluster': this.cluster.name },
      entrypoint: `python -m ray_workloads.cluster_check --expect-cpus 1 --expect-gpus ${maxGpuWorkers > 0 ? 1 : 0} --timeout-s 600`,
    });

    const embeddingGpus = maxGpuWorkers > 0 ? 1 : 0;
    this.service = fromOptions(SANDBOX_FIELDS, () => new RayService(this, 'TextService', {
      environment,
      name: 'text-service',
      cluster: { head, workerGroups },
      applications: [
        {
          name: 'embeddings',
          importPath: 'ray_workloads.serve.embedding:build_app',
          routePrefix: '/embeddings',
          args: { model: DEFAULT_EMBEDDING_MODEL, max_batch_size: 64, batch_wait_timeout_s: 0.01 },
          deployments: [
            {
              name: 'EmbeddingModel',
              autoscaling: { minReplicas: 1, maxReplicas: Math.max(1, maxGpuWorkers), targetOngoingRequests: 16 },
              maxOngoingRequests: 64,
              rayActorOptions: { numCpus: 1, numGpus: embeddingGpus },
            },
          ],
        },
        {
          name: 'tokens',
          importPath: 'ray_workloads.serve.tokenizer:build_app',
          routePrefix: '/tokens',
          deployments: [{ name: 'Tokenizer', numReplicas: 1, rayActorOptions: { numCpus: 0.5 } }],
        },
      ],
    }));
  }
}
