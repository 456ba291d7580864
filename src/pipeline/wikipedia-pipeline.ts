import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { hasGpuPool } from '../environments/accelerators';
import { GENERATE_NAME_SUFFIX_LENGTH, KUBERAY_MAX_NAME_LENGTH, isDns1035Label } from '../k8s/names';
import { RayEnvironment, SpotPolicy } from '../environments/types';
import { ComputeResources, GpuRequest } from '../k8s/compute-resources';
import { ConfigError } from '../ray/config-error';
import { DEFAULT_HEAD_RESOURCES } from '../ray/head-group';
import { wholeNodeFor } from '../placement/node-placement';
import { PipelineMode, PipelineWorkflow } from './argo/pipeline-workflow';
import { ConcurrencyPolicy, PipelineSchedule } from './argo/pipeline-schedule';
import { StepRetry } from './argo/step-retry';
import { WorkflowRbac } from './argo/workflow-rbac';
import { DEFAULT_EMBEDDING_MODEL } from '../serving/embedding-model';
import { DumpDownload } from './dump-download';
import { PipelineJobs, STAGE_JOB_SUFFIXES } from './ray-jobs/pipeline-jobs';
import { PipelineVolumes } from './pipeline-volumes';

/** A fixed-size worker group of one stage's Ray cluster. */
export interface StageWorkers {
  /**
   * CPU, memory and GPUs of each worker.
   * @default - per stage (see the pipeline's props)
   */
  readonly resources?: ComputeResources;
  /**
   * Number of workers (the group does not autoscale: a batch job wants them all from the start).
   * @default - per stage (see the pipeline's props)
   */
  readonly count?: number;
}

export interface WikipediaPipelineProps {
  /** The environment: node pools, images, storage classes. */
  readonly environment: RayEnvironment;
  /**
   * Name of the pipeline: its WorkflowTemplate, claims (`<name>-dumps`, `<name>-output`) and
   * job names (`<name>-tokenize-xxxxx`). A DNS-1035 label of at most 32 characters, so that
   * job names stay within KubeRay's limit (`KUBERAY_MAX_NAME_LENGTH.RayJob`).
   * @default 'wikipedia'
   */
  readonly name?: string;
  /** CirrusSearch dump URLs (`*.json.gz`), fetched into the dumps volume by the first step. */
  readonly dumpUrls: string[];
  /**
   * Shards of the staged DAG: each runs its own tokenize and embed RayJobs over `--shard i/n`.
   * @default 1
   */
  readonly shards?: number;
  /**
   * Most shards running at once (each runs one RayJob at a time).
   * @default - min(shards, 4)
   */
  readonly parallelism?: number;
  /**
   * The DAG a run executes unless `--entrypoint` says otherwise; both are in the template.
   * @default PipelineMode.STAGED
   */
  readonly mode?: PipelineMode;
  /**
   * Embedding model (`--model`): a sentence-transformers name or a folder in the image.
   * @default DEFAULT_EMBEDDING_MODEL
   */
  readonly model?: string;
  /**
   * Articles per tokenize task and token shard (`--batch-size`). Fixed for the life of the
   * output volume: the pipeline refuses to resume with another value.
   * @default 1000
   */
  readonly batchSize?: number;
  /**
   * Sequences per model forward pass (`--embed-batch-size`).
   * @default 64
   */
  readonly embedBatchSize?: number;
  /**
   * Cron schedules of a refresh (a CronWorkflow that runs the pipeline).
   * @default - no CronWorkflow; runs are submitted with `argo submit --from workflowtemplate/<name>`
   */
  readonly schedules?: string[];
  /**
   * What a scheduled run does while the previous one still runs.
   * @default ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * Size of the dumps volume.
   * @default Size.gibibytes(50)
   */
  readonly dumpsSize?: Size;
  /**
   * Size of the output volume.
   * @default Size.gibibytes(10)
   */
  readonly outputSize?: Size;
  /**
   * Resources of each job's Ray head, which also runs the driver that streams the dumps.
   * @default - 2 CPU, 8 GiB
   */
  readonly head?: Omit<ComputeResources, 'gpus'>;
  /**
   * CPU workers of the tokenize stage.
   * @default - 2 workers of 2 CPU, 4 GiB
   */
  readonly tokenizeWorkers?: StageWorkers;
  /**
   * Workers of the embed stage.
   * @default - 1 worker taking a whole node of the pools `embedGpu` resolves to; with `cpuOnly`, 1 worker of 2 CPU, 4 GiB
   */
  readonly embedWorkers?: StageWorkers;
  /**
   * What the embed workers' GPUs must be (accelerator, spot policy) when `embedWorkers.resources`
   * is not given. Batch work that a rerun of the shard recovers from, so spot by default.
   * @default { spot: SpotPolicy.PREFERRED } (any accelerator; spot pools first, on-demand as fallback)
   */
  readonly embedGpu?: GpuRequest;
  /**
   * Embed on CPU workers. Required where the environment has no GPU pool, so that running
   * the GPU stage on CPUs is a decision written down, never a silent fallback.
   * @default false
   */
  readonly cpuOnly?: boolean;
  /**
   * Retries of every step (Argo `retryStrategy`; the RayJobs themselves never retry).
   * @default - 2 retries, backoff 1 min doubling up to 15 min
   */
  readonly retry?: StepRetry;
  /**
   * Deadline of one stage's RayJob (KubeRay `activeDeadlineSeconds`).
   * @default Duration.hours(12)
   */
  readonly stageDeadline?: Duration;
  /**
   * Deadline of one attempt of the download step.
   * @default Duration.hours(6)
   */
  readonly downloadDeadline?: Duration;
  /**
   * How long a finished job's Ray cluster is kept for its logs.
   * @default Duration.minutes(10)
   */
  readonly clusterTtl?: Duration;
  /**
   * MLflow tracking server the jobs log their runs to (`MLFLOW_TRACKING_URI`, experiment = the
   * pipeline's name); every stage job of a Workflow nests under one parent run. From environment
   * data it defaults to the MLflow the environment's embedding service deploys (src/app.ts).
   * @default - none: nothing is tracked
   */
  readonly mlflowTrackingUri?: string;
  /**
   * How long a finished run (Workflow, and with it its RayJobs) is kept.
   * @default Duration.days(7)
   */
  readonly workflowTtl?: Duration;
}

/** KubeRay's longest RayJob name, minus `-<random>` of `generateName`, minus `-<stage>` for the longest stage suffix (`<name>-<stage>-<random>`). */
const MAX_NAME_LENGTH =
  KUBERAY_MAX_NAME_LENGTH.RayJob - GENERATE_NAME_SUFFIX_LENGTH - 1 - 1 - Math.max(...STAGE_JOB_SUFFIXES.map((s) => s.length));
/** A model name or folder that is safe in the entrypoint's shell command line. */
const MODEL = /^[A-Za-z0-9._/-]+$/;
const DEFAULT_CPU_WORKER: ComputeResources = { cpu: Cpu.units(2), memory: Size.gibibytes(4) };

/**
 * The Wikipedia tokenize+embed+index pipeline of one environment, as GitOps config: the dumps
 * and output volumes, the download script, a WorkflowTemplate whose runs download the dumps and
 * create the tokenize and embed RayJobs (CPU workers, then GPU workers placed on the
 * environment's GPU pool) and the index RayJob (head only), optionally a CronWorkflow, and the
 * RBAC of the workflow pods.
 *
 * No RayJob is synthesized as an object of its own: Argo CD would create it once at sync,
 * run every stage at the same time (embed before tokenize has written anything), and run it
 * again whenever the object is pruned and re-created. Runs create their jobs instead.
 */
export class WikipediaPipeline extends Construct {
  public readonly name: string;
  /** The embedding model (`--model`); the search service embeds queries with it. */
  public readonly model: string;
  public readonly volumes: PipelineVolumes;
  public readonly download: DumpDownload;
  public readonly jobs: PipelineJobs;
  public readonly rbac: WorkflowRbac;
  public readonly workflow: PipelineWorkflow;
  /** The scheduled refresh, if `schedules` were given. */
  public readonly schedule?: PipelineSchedule;

  constructor(scope: Construct, id: string, props: WikipediaPipelineProps) {
    super(scope, id);
    const env = props.environment;
    const name = props.name ?? 'wikipedia';
    if (!isDns1035Label(name) || name.length > MAX_NAME_LENGTH) {
      throw new ConfigError(this, 'name', `expected a DNS-1035 label of at most ${MAX_NAME_LENGTH} characters, got '${name}'`);
    }
    this.name = name;
    const shards = this.positive('shards', props.shards ?? 1);
    const parallelism = this.positive('parallelism', props.parallelism ?? Math.min(shards, 4));
    const batchSize = this.positive('batchSize', props.batchSize ?? 1000);
    const embedBatchSize = this.positive('embedBatchSize', props.embedBatchSize ?? 64);
    const model = props.model ?? DEFAULT_EMBEDDING_MODEL;
    if (!MODEL.test(model)) {
      throw new ConfigError(this, 'model', `expected a model name or folder of letters, digits and . _ / -, got '${model}'`);
    }
    this.model = model;
    const trackingUri = props.mlflowTrackingUri;
    const embedWorkers = this.embedWorkers(env, props);
    const stageDeadline = props.stageDeadline ?? Duration.hours(12);

    this.volumes = new PipelineVolumes(this, 'Volumes', {
      environment: env,
      namePrefix: name,
      dumpsSize: props.dumpsSize,
      outputSize: props.outputSize,
    });
    this.download = new DumpDownload(this, 'Download', {
      namePrefix: name,
      urls: props.dumpUrls,
      dumpsClaimName: this.volumes.dumps.name,
    });
    this.jobs = new PipelineJobs(this, {
      environment: env,
      name,
      volumes: this.volumes.rayVolumes(),
      head: props.head ?? DEFAULT_HEAD_RESOURCES,
      tokenizeWorkers: props.tokenizeWorkers?.resources ?? DEFAULT_CPU_WORKER,
      tokenizeWorkerCount: this.positive('tokenizeWorkers.count', props.tokenizeWorkers?.count ?? 2),
      embedWorkers,
      embedWorkerCount: this.positive('embedWorkers.count', props.embedWorkers?.count ?? 1),
      batchSize,
      embedBatchSize,
      model,
      deadline: stageDeadline,
      clusterTtl: this.clusterTtl(props.clusterTtl ?? Duration.minutes(10)),
      env: trackingUri ? { MLFLOW_TRACKING_URI: trackingUri, MLFLOW_EXPERIMENT_NAME: name } : undefined,
    });
    this.rbac = new WorkflowRbac(this, 'Rbac', { name: `${name}-workflow` });
    this.workflow = new PipelineWorkflow(this, 'Workflow', {
      environment: env,
      name,
      serviceAccountName: this.rbac.serviceAccountName,
      download: this.download,
      jobs: this.jobs,
      shards,
      parallelism,
      mode: props.mode ?? PipelineMode.STAGED,
      retry: props.retry,
      stageDeadline,
      downloadDeadline: props.downloadDeadline ?? Duration.hours(6),
      workflowTtl: props.workflowTtl ?? Duration.days(7),
    });
    if (props.schedules !== undefined) {
      this.schedule = new PipelineSchedule(this, 'Schedule', {
        name: `${name}-refresh`,
        workflowTemplateName: name,
        schedules: props.schedules,
        concurrencyPolicy: props.concurrencyPolicy,
      });
    }
  }

  private positive(propPath: string, value: number): number {
    if (!Number.isInteger(value) || value < 1) throw new ConfigError(this, propPath, `expected a whole number >= 1, got ${value}`);
    return value;
  }

  /** The embed workers: GPUs unless the pipeline is explicitly CPU-only. */
  private embedWorkers(env: RayEnvironment, props: WikipediaPipelineProps): ComputeResources {
    const cpuOnly = props.cpuOnly ?? false;
    const given = props.embedWorkers?.resources;
    if (cpuOnly) {
      if ((given?.gpus ?? 0) > 0) {
        throw new ConfigError(this, 'embedWorkers.resources.gpus', `expected 0 in a cpuOnly pipeline, got ${given!.gpus}`);
      }
      return given ?? DEFAULT_CPU_WORKER;
    }
    if (!hasGpuPool(env)) {
      throw new ConfigError(
        this,
        'cpuOnly',
        `the embed stage runs on GPUs but environment '${env.name}' has no GPU node pool; set cpuOnly: true to embed on CPU workers`,
      );
    }
    if (given !== undefined && !((given.gpus ?? 0) > 0)) {
      throw new ConfigError(this, 'embedWorkers.resources.gpus', `expected >= 1 for the GPU embed stage (or set cpuOnly: true to embed on CPUs), got ${given.gpus ?? 0}`);
    }
    return given ?? wholeNodeFor(this, env, props.embedGpu ?? { spot: SpotPolicy.PREFERRED }, 'embedGpu');
  }

  /**
   * A finished job's cluster goes after the TTL; an operator run with
   * DELETE_RAYJOB_CR_AFTER_JOB_FINISHES deletes the RayJob itself then, so the TTL must outlast
   * the Argo step's last poll of the object (every 5 s), or the step fails on a deleted object.
   */
  private clusterTtl(ttl: Duration): Duration {
    if (!(ttl.toSeconds() >= 60)) {
      throw new ConfigError(this, 'clusterTtl', `expected at least 1 minute so the waiting step sees the finished RayJob, got ${ttl.toSeconds()}s`);
    }
    return ttl;
  }
}
