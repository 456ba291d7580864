import { RaySandboxOptions } from './ray-sandbox-chart';
import { WikipediaPipelineOptions } from './wikipedia-pipeline-chart';

/**
 * The workloads an environment can switch on, each with its chart's options. A key that is
 * absent leaves the chart out of the environment.
 */
export interface EnvironmentWorkloads {
  /**
   * Shared development cluster, cluster check job and small text service (`ray-sandbox` chart).
   * @default - not deployed
   */
  readonly sandbox?: RaySandboxOptions;
  /**
   * The Wikipedia tokenize+embed pipeline: volumes, dump download, WorkflowTemplate with
   * its RayJobs, optional CronWorkflow (`wikipedia-pipeline` chart).
   * @default - not deployed
   */
  readonly wikipediaPipeline?: WikipediaPipelineOptions;
}
