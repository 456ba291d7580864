import { Construct } from 'constructs';
import { WikipediaPipeline, WikipediaPipelineProps } from '../pipeline/wikipedia-pipeline';
import { EnvironmentChart, EnvironmentChartProps } from './environment-chart';
import { fromOptions } from '../ray/config-error';

/** The pipeline's settings in an environment's data (everything but the environment itself). */
export type WikipediaPipelineOptions = Omit<WikipediaPipelineProps, 'environment'>;

export interface WikipediaPipelineChartProps extends EnvironmentChartProps, WikipediaPipelineOptions {}

/**
 * The Wikipedia tokenize+embed pipeline: volumes, download script, WorkflowTemplate,
 * optional CronWorkflow and the workflow's RBAC. Runs are Argo Workflows, not synced objects.
 */
export class WikipediaPipelineChart extends EnvironmentChart {
  public readonly pipeline: WikipediaPipeline;

  constructor(scope: Construct, id: string, props: WikipediaPipelineChartProps) {
    super(scope, id, props);
    // Options are the pipeline's props: errors name them as they are.
    this.pipeline = fromOptions({ '': '' }, () => new WikipediaPipeline(this, 'Pipeline', props));
  }
}
