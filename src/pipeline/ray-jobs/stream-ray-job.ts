import { embedWorkerGroup } from './embed-ray-job';
import { PipelineStage, StageRayJob } from './stage';
import { tokenizeWorkerGroup } from './tokenize-ray-job';

/**
 * The streaming RayJob (`--stage all`): tokenize and embed in one cluster, each token shard
 * embedded as soon as it is written, then index; the tokenize and embed workers side by side.
 */
export const STREAM_RAY_JOB: StageRayJob = {
  stage: PipelineStage.ALL,
  jobSuffix: 'stream',
  flags: (p) => [
    ['--batch-size', p.batchSize],
    ['--embed-batch-size', p.embedBatchSize],
    ['--model', p.model],
  ],
  workerGroups: (p) => [tokenizeWorkerGroup(p), embedWorkerGroup(p)],
  headSchedulable: false,
};
