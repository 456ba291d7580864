import { App, Chart, YamlOutputType } from 'cdk8s';
import { annotateSyncWaves } from './argocd/sync-waves';
import { Construct } from 'constructs';
import { EnvironmentWorkloads } from './charts/workloads';
import { RaySandboxChart } from './charts/ray-sandbox-chart';
import { WikipediaPipelineChart } from './charts/wikipedia-pipeline-chart';
import { EmbeddingServiceChart } from './charts/embedding-service-chart';
import { TextGenerationChart } from './charts/text-generation-chart';
import { ModelGatewayChart } from './charts/model-gateway-chart';
import { RayMonitoringChart } from './charts/ray-monitoring-chart';
import { RayEnvironment } from './environments/types';
import { MANIFEST_EXTENSION } from './k8s/manifests';
import { ConfigError } from './ray/config-error';
import './k8s/map-keys'; // every valid map key survives serialization

/** How one workload key of an environment becomes a chart. */
interface ChartFactory<K extends keyof EnvironmentWorkloads> {
  /** Chart id: the file `dist/<env>/<id>.k8s.yaml` and the Argo CD Application `<env>-<id>`. */
  readonly id: string;
  readonly workload: K;
  create(scope: Construct, id: string, environment: RayEnvironment, options: NonNullable<EnvironmentWorkloads[K]>): Chart;
}

function factory<K extends keyof EnvironmentWorkloads>(f: ChartFactory<K>): ChartFactory<K> {
  return f;
}

/** Every chart the app knows, in output order. Adding a workload = one entry here + its options type. */
export const CHART_FACTORIES: readonly ChartFactory<keyof EnvironmentWorkloads>[] = [
  factory({
    id: 'ray-sandbox',
    workload: 'sandbox',
    create: (scope, id, environment, options) => new RaySandboxChart(scope, id, { environment, ...options }),
  }),
  factory({
    id: 'wikipedia-pipeline',
    workload: 'wikipediaPipeline',
    create: (scope, id, environment, options) => new WikipediaPipelineChart(scope, id, { environment, ...options }),
  }),
  factory({
    id: 'embedding-service',
    workload: 'embeddingService',
    create: (scope, id, environment, options) => new EmbeddingServiceChart(scope, id, { environment, ...options }),
  }),
  factory({
    id: 'text-generation',
    workload: 'textGeneration',
    create: (scope, id, environment, options) => new TextGenerationChart(scope, id, { environment, ...options }),
  }),
  factory({
    id: 'model-gateway',
    workload: 'modelGateway',
    create: (scope, id, environment, options) => new ModelGatewayChart(scope, id, { environment, ...options }),
  }),
  factory({
    id: 'ray-monitoring',
    workload: 'monitoring',
    create: (scope, id, environment, options) => new RayMonitoringChart(scope, id, { environment, ...options }),
  }),
];

/** Builds (does not synthesize) the cdk8s app of one environment, writing into `outdir` on synth. */
export function environmentApp(environment: RayEnvironment, outdir: string): App {
  const app = new App({ outdir, outputFileExtension: MANIFEST_EXTENSION, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  for (const f of CHART_FACTORIES) addChart(app, environment, f);
  annotateSyncWaves(app);
  return app;
}

/** Adds the chart of one workload key; a ConfigError names the key (`workloads.sandbox.maxCpuWorkers`). */
function addChart<K extends keyof EnvironmentWorkloads>(app: App, environment: RayEnvironment, f: ChartFactory<K>): void {
  const options = environment.workloads[f.workload];
  if (options === undefined) return;
  try {
    f.create(app, f.id, environment, options);
  } catch (error) {
    if (error instanceof ConfigError) {
      error.aimAt(`workloads.${f.workload}${error.userField === undefined ? '' : `.${error.userField}`}`);
    }
    throw error;
  }
}
