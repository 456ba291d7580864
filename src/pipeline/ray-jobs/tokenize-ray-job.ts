import { PipelineJobsProps, PipelineStage, StageRayJob, StageWorkerGroup, fixedWorkerGroup } from './stage';

/** The tokenize stage's CPU workers (`tokenize-workers`). */
export function tokenizeWorkerGroup(props: PipelineJobsProps): StageWorkerGroup {
  return fixedWorkerGroup('tokenizeWorkers', 'tokenize-workers', props.tokenizeWorkers, props.tokenizeWorkerCount);
}

/**
 * The tokenize RayJob: one shard of the dumps → `tokens/` (cl100k_base ids), on CPU workers;
 * `--batch-size` articles per task and token file. Created per shard by the workflow
 * (`src/pipeline/argo/pipeline-workflow.ts`).
 */
export const TOKENIZE_RAY_JOB: StageRayJob = {
  stage: PipelineStage.TOKENIZE,
  jobSuffix: 'tokenize',
  flags: (p) => [['--batch-size', p.batchSize]],
  workerGroups: (p) => [tokenizeWorkerGroup(p)],
  headSchedulable: false,
};
