import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { RayEnvironment } from '../environments/types';
import { ComputeResources } from '../k8s/compute-resources';
import { RayJob } from '../ray/ray-job';
import { RayVolume } from '../ray/ray-volume';
import { WorkerGroupProps } from '../ray/worker-group';
import { detachedScope } from './detached-scope';
import { DUMPS_PATH, OUTPUT_PATH } from './pipeline-volumes';

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

/** The RayJob name prefix of each stage, after the pipeline's name. */
export const STAGE_JOB_SUFFIX: Readonly<Record<PipelineStage, string>> = {
  [PipelineStage.TOKENIZE]: 'tokenize',
  [PipelineStage.EMBED]: 'embed',
  [PipelineStage.INDEX]: 'index',
  [PipelineStage.ALL]: 'stream',
};

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

/**
 * `--run-id` of every job: the Workflow's name, which Argo substitutes in a resource template's
 * manifest. The jobs of one run (every stage of every shard) log MLflow runs under one parent.
 */
export const RUN_ID = '{{workflow.name}}';

/**
 * The RayJobs of the pipeline's stages as manifests for Argo `resource` templates. They are
 * built by the `RayJob` construct in a detached scope (same checks, same construct path in
 * errors) and are never synthesized as objects of their own: a Workflow creates one per run
 * and shard, with `generateName`, so that Argo CD never owns (and never re-runs) a job.
 */
export class PipelineJobs {
  private readonly scope: Construct;

  constructor(
    scope: Construct,
    private readonly props: PipelineJobsProps,
  ) {
    this.scope = detachedScope(scope);
  }

  /**
   * The RayJob of one stage: its own cluster with the stage's worker groups, deleted after
   * `clusterTtl`; no KubeRay retries (`backoffLimit: 0`), because Argo retries the step.
   */
  public manifest(stage: PipelineStage, shard?: ShardRef): Record<string, any> {
    const p = this.props;
    const prefix = `${p.name}-${STAGE_JOB_SUFFIX[stage]}`;
    const job = new RayJob(this.scope, `${STAGE_JOB_SUFFIX[stage]}-job`, {
      environment: p.environment,
      name: prefix,
      entrypoint: this.entrypoint(stage, shard),
      // The index job has no workers: its head advertises its CPUs so that Ray work can run.
      cluster: {
        head: { resources: p.head, schedulable: stage === PipelineStage.INDEX },
        workerGroups: this.workerGroups(stage),
        volumes: p.volumes,
        env: p.env,
      },
      shutdownAfterJobFinishes: true,
      ttlAfterFinished: p.clusterTtl,
      activeDeadline: p.deadline,
      backoffLimit: 0,
    });
    const { apiVersion, kind, metadata, spec } = job.apiObject.toJson();
    return {
      apiVersion,
      kind,
      metadata: {
        generateName: `${prefix}-`,
        labels: { ...metadata.labels, 'ray-gitops.io/pipeline': p.name, 'ray-gitops.io/stage': stage },
        ...(shard && { annotations: { 'ray-gitops.io/shard': `${shard.index}/${shard.count}` } }),
      },
      spec,
    };
  }

  /** `python -m ray_workloads.pipeline` with the stage's flags. */
  public entrypoint(stage: PipelineStage, shard?: ShardRef): string {
    const p = this.props;
    const args: [string, string | number | undefined][] = [
      ['--stage', stage],
      ['--input', DUMPS_PATH],
      ['--output', OUTPUT_PATH],
      ['--shard', shard && `${shard.index}/${shard.count}`],
      ['--batch-size', stage === PipelineStage.TOKENIZE || stage === PipelineStage.ALL ? p.batchSize : undefined],
      ['--embed-batch-size', stage === PipelineStage.EMBED || stage === PipelineStage.ALL ? p.embedBatchSize : undefined],
      ['--model', stage === PipelineStage.TOKENIZE || stage === PipelineStage.INDEX ? undefined : p.model],
      ['--run-id', RUN_ID],
    ];
    const flags = args.filter(([, value]) => value !== undefined).map(([flag, value]) => `${flag} ${value}`);
    return ['python -m ray_workloads.pipeline', ...flags].join(' ');
  }

  private workerGroups(stage: PipelineStage): WorkerGroupProps[] {
    const p = this.props;
    const fixed = (groupName: string, resources: ComputeResources, count: number): WorkerGroupProps => ({
      groupName,
      resources,
      replicas: count,
      minReplicas: count,
      maxReplicas: count,
    });
    const tokenize = fixed('tokenize-workers', p.tokenizeWorkers, p.tokenizeWorkerCount);
    const embed = fixed('embed-workers', p.embedWorkers, p.embedWorkerCount);
    // The index stage runs on the driver (the head): one writer, no workers.
    return { [PipelineStage.TOKENIZE]: [tokenize], [PipelineStage.EMBED]: [embed], [PipelineStage.INDEX]: [], [PipelineStage.ALL]: [tokenize, embed] }[stage];
  }
}
