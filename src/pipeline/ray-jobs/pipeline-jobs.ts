import { Construct } from 'constructs';
import { fromOptions } from '../../ray/config-error';
import { RayJob } from '../../ray/ray-job';
import { detachedScope } from '../detached-scope';
import { DUMPS_PATH, OUTPUT_PATH } from '../pipeline-volumes';
import { EMBED_RAY_JOB } from './embed-ray-job';
import { INDEX_RAY_JOB } from './index-ray-job';
import { PipelineJobsProps, PipelineStage, ShardRef, StageRayJob } from './stage';
import { STREAM_RAY_JOB } from './stream-ray-job';
import { TOKENIZE_RAY_JOB } from './tokenize-ray-job';

/** Each stage's RayJob: `<stage>-ray-job.ts` in this folder. */
const STAGE_RAY_JOBS: Readonly<Record<PipelineStage, StageRayJob>> = {
  [PipelineStage.TOKENIZE]: TOKENIZE_RAY_JOB,
  [PipelineStage.EMBED]: EMBED_RAY_JOB,
  [PipelineStage.INDEX]: INDEX_RAY_JOB,
  [PipelineStage.ALL]: STREAM_RAY_JOB,
};

/** The RayJob name part of every stage, after the pipeline's name (`tokenize`, `embed`, `index`, `stream`). */
export const STAGE_JOB_SUFFIXES: readonly string[] = Object.values(STAGE_RAY_JOBS).map((job) => job.jobSuffix);

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
    const stageJob = STAGE_RAY_JOBS[stage];
    const prefix = `${p.name}-${stageJob.jobSuffix}`;
    const groups = stageJob.workerGroups(p);
    // An error about a job's head or workers names the pipeline option they come from (`head.memory`, `embedWorkers.resources.gpus`).
    const options = Object.fromEntries([['head.resources', 'head'], ...groups.map(({ option }, i) => [`workerGroups[${i}].resources`, `${option}.resources`])]);
    const job = fromOptions(options, () =>
      new RayJob(this.scope, `${stageJob.jobSuffix}-job`, {
        environment: p.environment,
        name: prefix,
        entrypoint: this.entrypoint(stage, shard),
        cluster: {
          head: { resources: p.head, schedulable: stageJob.headSchedulable },
          workerGroups: groups.map(({ group }) => group),
          volumes: p.volumes,
          env: p.env,
        },
        shutdownAfterJobFinishes: true,
        ttlAfterFinished: p.clusterTtl,
        activeDeadline: p.deadline,
        backoffLimit: 0,
      }),
    );
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
    const args: [string, string | number | undefined][] = [
      ['--stage', stage],
      ['--input', DUMPS_PATH],
      ['--output', OUTPUT_PATH],
      ['--shard', shard && `${shard.index}/${shard.count}`],
      ...STAGE_RAY_JOBS[stage].flags(this.props),
      ['--run-id', RUN_ID],
    ];
    const flags = args.filter(([, value]) => value !== undefined).map(([flag, value]) => `${flag} ${value}`);
    return ['python -m ray_workloads.pipeline', ...flags].join(' ');
  }
}
