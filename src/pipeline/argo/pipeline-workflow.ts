import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import {
  WorkflowTemplate,
  WorkflowTemplateSpecPodGcStrategy,
  WorkflowTemplateSpecTemplates,
  WorkflowTemplateSpecTemplatesActiveDeadlineSeconds,
  WorkflowTemplateSpecTemplatesResourceAction,
} from '../../../imports/workflowtemplate-argoproj.io';
import { RayEnvironment } from '../../environments/types';
import { restrictedPod } from '../../k8s/pod-security';
import { ConfigError } from '../../ray/config-error';
import { placeOnNodes } from '../../placement/node-placement';
import { DumpDownload } from '../dump-download';
import { PipelineJobs } from '../ray-jobs/pipeline-jobs';
import { PipelineStage } from '../ray-jobs/stage';
import { RAY_JOB_FAILURE_CONDITION, RAY_JOB_SUCCESS_CONDITION } from './ray-job-conditions';
import { StepRetry, retryStrategy } from './step-retry';
import { toYaml } from '../../yaml/yaml-writer';

/** Which DAG a run of the pipeline executes. */
export enum PipelineMode {
  /** Download, then per shard a tokenize job followed by an embed job, then one index job (`pipeline` template). */
  STAGED = 'pipeline',
  /** Download, then one job that tokenizes, embeds and indexes in the same cluster (`streaming` template). */
  STREAMING = 'streaming',
}

/** Names of the WorkflowTemplate's templates: `argo submit --from workflowtemplate/<name> --entrypoint <one>`. */
export const TEMPLATE = {
  STAGED: PipelineMode.STAGED as string,
  STREAMING: PipelineMode.STREAMING as string,
  SHARD: 'shard',
  DOWNLOAD: 'download-dumps',
  TOKENIZE: 'tokenize',
  EMBED: 'embed',
  TOKENIZE_EMBED: 'tokenize-embed',
  INDEX: 'index',
} as const;

/**
 * Extra time an Argo step gets beyond its RayJob's own deadline, so that KubeRay's deadline
 * fires first: the RayJob turns Failed and tears its cluster down, and the step sees it
 * through its failure condition. Were Argo's deadline first, the step would end while the
 * RayJob kept running, and a retry would start a second job beside it.
 */
export const STEP_DEADLINE_GRACE = Duration.minutes(10);

export interface PipelineWorkflowProps {
  readonly environment: RayEnvironment;
  /** `metadata.name` of the WorkflowTemplate. */
  readonly name: string;
  /** ServiceAccount of every pod of the workflow. */
  readonly serviceAccountName: string;
  readonly download: DumpDownload;
  readonly jobs: PipelineJobs;
  /** Number of shards of the staged DAG (`--shard i/n`). */
  readonly shards: number;
  /** Most shards running at once. */
  readonly parallelism: number;
  /** The DAG run by default (and by the CronWorkflow). */
  readonly mode: PipelineMode;
  /** Retries of every step. */
  readonly retry?: StepRetry;
  /** Deadline of one RayJob (its step gets STEP_DEADLINE_GRACE more). */
  readonly stageDeadline: Duration;
  /** Deadline of one attempt of the download step. */
  readonly downloadDeadline: Duration;
  /** How long a finished Workflow (and, through owner references, its RayJobs) is kept. */
  readonly workflowTtl: Duration;
}

/**
 * The pipeline as an Argo WorkflowTemplate. Argo CD syncs the template; each run is a
 * Workflow created from it (by hand or by the CronWorkflow) that creates its RayJobs with
 * `generateName` and an owner reference to itself, so deleting a run deletes its jobs.
 *
 * Staged: `download-dumps` → `shard` × N (at most `parallelism` at once: a DAG's
 * `parallelism` counts its running child nodes, here the shard sub-DAGs), each `tokenize` →
 * `embed` for its `--shard i/N` → `index` once (the vector store has one writer). Streaming:
 * one job that tokenizes, embeds and indexes. Shards share the output volume without colliding: every
 * unit of work has its own file and each shard appends to its own manifest file
 * (`_manifest.<i>-of-<N>.jsonl`), and a shard's retry redoes only that shard's unfinished units.
 */
export class PipelineWorkflow extends Construct {
  public readonly apiObject: WorkflowTemplate;

  constructor(scope: Construct, id: string, props: PipelineWorkflowProps) {
    super(scope, id);
    const stageDeadline = props.stageDeadline.toSeconds();
    if (!(stageDeadline >= 60)) throw new ConfigError(this, 'stageDeadline', `expected at least 1 minute, got ${stageDeadline}s`);
    const downloadDeadline = props.downloadDeadline.toSeconds();
    if (!(downloadDeadline >= 60)) throw new ConfigError(this, 'downloadDeadline', `expected at least 1 minute, got ${downloadDeadline}s`);
    const ttl = props.workflowTtl.toSeconds();
    if (!(ttl >= 0)) throw new ConfigError(this, 'workflowTtl', `expected >= 0, got ${ttl}s`);
    const retry = retryStrategy(this, 'retry', props.retry);
    const shard = { index: '{{inputs.parameters.shard}}', count: props.shards };
    const stepDeadline = WorkflowTemplateSpecTemplatesActiveDeadlineSeconds.fromNumber(stageDeadline + STEP_DEADLINE_GRACE.toSeconds());

    const rayJobStep = (name: string, manifest: Record<string, unknown>, sharded: boolean): WorkflowTemplateSpecTemplates => ({
      name,
      inputs: sharded ? { parameters: [{ name: 'shard' }] } : undefined,
      retryStrategy: retry,
      activeDeadlineSeconds: stepDeadline,
      resource: {
        action: WorkflowTemplateSpecTemplatesResourceAction.CREATE,
        setOwnerReference: true,
        manifest: toYaml(manifest),
        successCondition: RAY_JOB_SUCCESS_CONDITION,
        failureCondition: RAY_JOB_FAILURE_CONDITION,
      },
    });
    const shardArgument = (value: string) => ({ parameters: [{ name: 'shard', value }] });

    const templates: WorkflowTemplateSpecTemplates[] = [
      {
        name: TEMPLATE.STAGED,
        parallelism: props.parallelism,
        dag: {
          tasks: [
            { name: 'download', template: TEMPLATE.DOWNLOAD },
            {
              name: 'shard',
              template: TEMPLATE.SHARD,
              depends: 'download',
              withItems: Array.from({ length: props.shards }, (_, i) => i),
              arguments: shardArgument('{{item}}'),
            },
            // One writer loads every shard's vectors once all shards have embedded.
            { name: 'index', template: TEMPLATE.INDEX, depends: 'shard' },
          ],
        },
      },
      {
        name: TEMPLATE.SHARD,
        inputs: { parameters: [{ name: 'shard' }] },
        dag: {
          tasks: [
            { name: 'tokenize', template: TEMPLATE.TOKENIZE, arguments: shardArgument('{{inputs.parameters.shard}}') },
            { name: 'embed', template: TEMPLATE.EMBED, depends: 'tokenize', arguments: shardArgument('{{inputs.parameters.shard}}') },
          ],
        },
      },
      {
        name: TEMPLATE.STREAMING,
        dag: {
          tasks: [
            { name: 'download', template: TEMPLATE.DOWNLOAD },
            { name: 'tokenize-embed', template: TEMPLATE.TOKENIZE_EMBED, depends: 'download' },
          ],
        },
      },
      {
        ...props.download.template(TEMPLATE.DOWNLOAD),
        retryStrategy: retry,
        activeDeadlineSeconds: WorkflowTemplateSpecTemplatesActiveDeadlineSeconds.fromNumber(downloadDeadline),
      },
      rayJobStep(TEMPLATE.TOKENIZE, props.jobs.manifest(PipelineStage.TOKENIZE, shard), true),
      rayJobStep(TEMPLATE.EMBED, props.jobs.manifest(PipelineStage.EMBED, shard), true),
      rayJobStep(TEMPLATE.TOKENIZE_EMBED, props.jobs.manifest(PipelineStage.ALL), false),
      rayJobStep(TEMPLATE.INDEX, props.jobs.manifest(PipelineStage.INDEX), false),
    ];

    // Argo's own pods (the resource steps' executors, the download) stay on the CPU pools.
    const placement = placeOnNodes(this, props.environment, {}, 'workflow');
    this.apiObject = new WorkflowTemplate(this, 'Resource', {
      metadata: { name: props.name },
      spec: {
        entrypoint: props.mode,
        serviceAccountName: props.serviceAccountName,
        nodeSelector: placement.nodeSelector,
        affinity: placement.affinity,
        tolerations: placement.tolerations,
        securityContext: restrictedPod(),
        // Pods of failed steps stay for their logs until the Workflow itself goes.
        podGc: { strategy: WorkflowTemplateSpecPodGcStrategy.ON_POD_SUCCESS },
        ttlStrategy: { secondsAfterCompletion: ttl },
        workflowMetadata: { labels: { 'ray-gitops.io/pipeline': props.name } },
        templates,
      },
    });
  }
}
