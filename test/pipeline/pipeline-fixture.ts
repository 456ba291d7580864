import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import { WikipediaPipelineChart } from '../../src/charts/wikipedia-pipeline-chart';
import { RayEnvironment } from '../../src/environments/types';
import { WikipediaPipelineProps } from '../../src/pipeline/wikipedia-pipeline';

export const DUMP = 'https://dumps.example.org/cirrus/20240101/simplewiki-20240101-cirrussearch-content.json.gz';

/** The pipeline chart of an environment, synthesized, with handles on the Argo objects. */
export function synthPipeline(environment: RayEnvironment, props: Partial<Omit<WikipediaPipelineProps, 'environment'>> = {}) {
  const chart = new WikipediaPipelineChart(Testing.app(), 'wikipedia-pipeline', { environment, dumpUrls: [DUMP], ...props });
  const objects: any[] = Testing.synth(chart);
  const workflowTemplate = objects.find((o) => o.kind === 'WorkflowTemplate');
  const templates: any[] = workflowTemplate.spec.templates;
  const template = (name: string) => {
    const found = templates.find((t) => t.name === name);
    if (!found) throw new Error(`no template '${name}'`);
    return found;
  };
  /** The RayJob a resource template creates, as Argo would after substituting `parameters`. */
  const createdJob = (name: string, parameters: Record<string, string> = {}) => {
    let manifest: string = template(name).resource.manifest;
    for (const [key, value] of Object.entries(parameters)) manifest = manifest.split(`{{inputs.parameters.${key}}}`).join(value);
    return parse(manifest);
  };
  return { chart, objects, workflowTemplate, templates, template, createdJob };
}
