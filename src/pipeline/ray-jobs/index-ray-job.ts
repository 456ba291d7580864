import { PipelineStage, StageRayJob } from './stage';

/**
 * The index RayJob: the `embeddings/` of every shard → the vector index `index/`. It runs on the
 * driver (the head) alone: one writer, no workers, so the head advertises its CPUs to Ray.
 */
export const INDEX_RAY_JOB: StageRayJob = {
  stage: PipelineStage.INDEX,
  jobSuffix: 'index',
  flags: () => [],
  workerGroups: () => [],
  headSchedulable: true,
};
