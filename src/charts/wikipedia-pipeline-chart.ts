import { Construct } from 'constructs';
import { INDEX_PATH } from '../pipeline/pipeline-volumes';
import { WikipediaPipeline, WikipediaPipelineProps } from '../pipeline/wikipedia-pipeline';
import { ArticleSearch, ArticleSearchOptions } from '../serving/article-search';
import { EnvironmentChart, EnvironmentChartProps } from './environment-chart';
import { fromOptions } from '../ray/config-error';

/** The pipeline's settings in an environment's data (everything but the environment itself). */
export interface WikipediaPipelineOptions extends Omit<WikipediaPipelineProps, 'environment'> {
  /**
   * The search service over the pipeline's vector index (RayService `<name>-search`).
   * @default - 1 replica on a 2 CPU, 3 GiB worker
   */
  readonly search?: ArticleSearchOptions;
}

export interface WikipediaPipelineChartProps extends EnvironmentChartProps, WikipediaPipelineOptions {}

/**
 * The Wikipedia tokenize+embed+index pipeline: volumes, download script, WorkflowTemplate,
 * optional CronWorkflow and the workflow's RBAC (runs are Argo Workflows, not synced objects),
 * and the search service that answers from the index the runs leave.
 */
export class WikipediaPipelineChart extends EnvironmentChart {
  public readonly pipeline: WikipediaPipeline;
  public readonly search: ArticleSearch;

  constructor(scope: Construct, id: string, props: WikipediaPipelineChartProps) {
    super(scope, id, props);
    const { search, ...pipelineProps } = props;
    // Options are the pipeline's props: errors name them as they are.
    this.pipeline = fromOptions({ '': '' }, () => new WikipediaPipeline(this, 'Pipeline', pipelineProps));
    this.search = fromOptions({ '': 'search' }, () =>
      new ArticleSearch(this, 'Search', {
        ...search,
        environment: props.environment,
        name: `${this.pipeline.name}-search`,
        indexVolume: this.pipeline.volumes.outputVolume(),
        indexUri: INDEX_PATH,
        model: this.pipeline.model,
      }),
    );
  }
}
