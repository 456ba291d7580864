import { PipelineJobsProps, PipelineStage, StageRayJob, StageWorkerGroup, fixedWorkerGroup } from './stage';

/** The embed stage's workers (`embed-workers`): GPU, or CPU where the pipeline is CPU-only. */
export function embedWorkerGroup(props: PipelineJobsProps): StageWorkerGroup {
  return fixedWorkerGroup('embedWorkers', 'embed-workers', props.embedWorkers, props.embedWorkerCount);
}

/** The embed RayJob: one shard of `tokens/` → `embeddings/` with `--model`, `--embed-batch-size` sequences per forward pass. */
export const EMBED_RAY_JOB: StageRayJob = {
  stage: PipelineStage.EMBED,
  jobSuffix: 'embed',
  flags: (p) => [
    ['--embed-batch-size', p.embedBatchSize],
    ['--model', p.model],
  ],
  workerGroups: (p) => [embedWorkerGroup(p)],
  headSchedulable: false,
};
