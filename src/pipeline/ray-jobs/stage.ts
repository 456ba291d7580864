import { Duration } from 'cdk8s';
import { RayEnvironment } from '../../environments/types';
import { ComputeResources } from '../../k8s/compute-resources';
import { RayVolume } from '../../ray/ray-volume';
import { WorkerGroupProps } from '../../ray/worker-group';

/** What one RayJob of the pipeline runs (`--stage` of `python -m ray_workloads.pipeline`). */
export enum PipelineStage {
  /** Dumps → `tokens/` on the CPU workers. */
  TOKENIZE = 'tokenize',
  /** `tokens/` → `embeddings/` on the embed (GPU) workers. */
  EMBED = 'embed',
  /** `embeddings/` of every shard → the vector index `index/`, on the head alone (one writer). */
  INDEX = 'index',
  /** Tokenize and embed in one cluster (each token shard embedded as soon as it is written), then index. */
  ALL = 'all',
}

/** Which slice of the input one job processes (`--shard index/count`). */
export interface ShardRef {
  /** The index: a number, or an Argo expression such as `{{inputs.parameters.shard}}`. */
  readonly index: string;
  readonly count: number;
}

/** Everything the stage jobs share, with defaults already applied by the pipeline. */
export interface PipelineJobsProps {
  readonly environment: RayEnvironment;
  /** The pipeline's name; job names are `<name>-<stage>-<random>`. */
  readonly name: string;
  /** Volumes of every Ray pod (dumps, output). */
  readonly volumes: RayVolume[];
  /** Resources of every job's head, which also runs the driver (reads the dumps). */
  readonly head: Omit<ComputeResources, 'gpus'>;
  /** The tokenize workers (CPU). */
  readonly tokenizeWorkers: ComputeResources;
  readonly tokenizeWorkerCount: number;
  /** The embed workers (GPU, or CPU where the pipeline is CPU-only). */
  readonly embedWorkers: ComputeResources;
  readonly embedWorkerCount: number;
  /** `--batch-size`: articles per tokenize task and token shard. */
  readonly batchSize: number;
  /** `--embed-batch-size`: sequences per forward pass. */
  readonly embedBatchSize: number;
  /** `--model`: name or folder of the sentence-transformers model. */
  readonly model: string;
  /** KubeRay's deadline for one job (`activeDeadlineSeconds`). */
  readonly deadline: Duration;
  /** How long a finished job's cluster stays for its logs (`ttlSecondsAfterFinished`). */
  readonly clusterTtl: Duration;
  /**
   * Environment of every Ray pod of the jobs, e.g. `MLFLOW_TRACKING_URI`.
   * @default - none
   */
  readonly env?: Record<string, string>;
}

/** A command-line flag of `python -m ray_workloads.pipeline` and its value. */
export type StageFlag = [flag: string, value: string | number];

/** What makes one stage's RayJob differ from the others'. */
export interface StageRayJob {
  readonly stage: PipelineStage;
  /** The RayJob name part after the pipeline's name: `<pipeline>-<jobSuffix>-<random>`. */
  readonly jobSuffix: string;
  /** The stage's own flags, after `--stage`, `--input`, `--output` and `--shard`. */
  flags(props: PipelineJobsProps): StageFlag[];
  /** The worker groups of the job's cluster, in `workerGroupSpecs` order. */
  workerGroups(props: PipelineJobsProps): StageWorkerGroup[];
  /** Whether the head advertises its CPUs to Ray (a job without workers runs its work there). */
  readonly headSchedulable: boolean;
}

/** The pipeline option (WikipediaPipelineProps) that sizes a stage's workers: their `resources` and `count`. */
export type WorkersOption = 'tokenizeWorkers' | 'embedWorkers';

/** A stage's worker group and the option it comes from, which an error about the group names (`embedWorkers.resources.memory`). */
export interface StageWorkerGroup {
  readonly option: WorkersOption;
  readonly group: WorkerGroupProps;
}

/** A worker group of fixed size: a stage's job needs all its workers from start to end. */
export function fixedWorkerGroup(option: WorkersOption, groupName: string, resources: ComputeResources, count: number): StageWorkerGroup {
  return { option, group: { groupName, resources, replicas: count, minReplicas: count, maxReplicas: count } };
}
