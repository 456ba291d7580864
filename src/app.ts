import { App, Chart, YamlOutputType } from 'cdk8s';
import { annotateSyncWaves } from './argocd/sync-waves';
import { Construct } from 'constructs';
import { RaySandboxChart, RaySandboxOptions } from './charts/ray-sandbox-chart';
import { WikipediaPipelineChart, WikipediaPipelineOptions } from './charts/wikipedia-pipeline-chart';
import { EmbeddingServiceChart, EmbeddingServiceOptions } from './charts/embedding-service-chart';
import { TextGenerationChart, TextGenerationOptions } from './charts/text-generation-chart';
import { ModelGatewayChart, ModelGatewayOptions } from './charts/model-gateway-chart';
import { RayMonitoringChart, RayMonitoringOptions } from './charts/ray-monitoring-chart';
import { DEFAULT_MLFLOW_NAME, mlflowTrackingUri } from './serving/mlflow-server';
import { RayEnvironment } from './environments/types';
import { MANIFEST_EXTENSION } from './k8s/manifests';
import { ConfigError } from './ray/config-error';
import './k8s/map-keys'; // every valid map key survives serialization

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
  /**
   * Embedding service (RayService with Serve autoscaling) and optional MLflow tracking server
   * (`embedding-service` chart).
   * @default - not deployed
   */
  readonly embeddingService?: EmbeddingServiceOptions;
  /**
   * Text generation service behind a cloud load balancer (`text-generation` chart).
   * @default - not deployed
   */
  readonly textGeneration?: TextGenerationOptions;
  /**
   * Multi-application model gateway with a weighted split (`model-gateway` chart).
   * @default - not deployed
   */
  readonly modelGateway?: ModelGatewayOptions;
  /**
   * PodMonitor, PrometheusRule and Grafana dashboard for the namespace's Ray pods
   * (`ray-monitoring` chart; needs the Prometheus Operator CRDs).
   * @default - not deployed
   */
  readonly monitoring?: RayMonitoringOptions;
}

/**
 * One environment as `src/environments/<env>.ts` defines it: the cluster's facts (the
 * `RayEnvironment` every construct reads) plus the charts it runs. The workload selection lives
 * here, with the app that wires environments to charts, so the environment types import no chart.
 */
export interface EnvironmentDefinition extends RayEnvironment {
  /** Which charts the environment runs, with their options. */
  readonly workloads: EnvironmentWorkloads;
}

/** How one workload key of an environment becomes a chart. */
interface ChartFactory<K extends keyof EnvironmentWorkloads> {
  /** Chart id: the file `dist/<env>/<id>.k8s.yaml` and the Argo CD Application `<env>-<id>`. */
  readonly id: string;
  readonly workload: K;
  create(scope: Construct, id: string, environment: EnvironmentDefinition, options: NonNullable<EnvironmentWorkloads[K]>): Chart;
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
    create: (scope, id, environment, options) =>
      new WikipediaPipelineChart(scope, id, { environment, ...options, mlflowTrackingUri: options.mlflowTrackingUri ?? environmentTrackingUri(environment) }),
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

/** `MLFLOW_TRACKING_URI` of the MLflow the environment's embedding service deploys, if any. */
function environmentTrackingUri(environment: EnvironmentDefinition): string | undefined {
  const mlflow = environment.workloads.embeddingService?.mlflow;
  return mlflow && mlflowTrackingUri(mlflow.name ?? DEFAULT_MLFLOW_NAME, environment.namespace);
}

/** Builds (does not synthesize) the cdk8s app of one environment, writing into `outdir` on synth. */
export function environmentApp(environment: EnvironmentDefinition, outdir: string): App {
  const app = new App({ outdir, outputFileExtension: MANIFEST_EXTENSION, yamlOutputType: YamlOutputType.FILE_PER_CHART });
  for (const f of CHART_FACTORIES) addChart(app, environment, f);
  annotateSyncWaves(app);
  return app;
}

/** Adds the chart of one workload key; a ConfigError names the key (`workloads.sandbox.maxCpuWorkers`). */
function addChart<K extends keyof EnvironmentWorkloads>(app: App, environment: EnvironmentDefinition, f: ChartFactory<K>): void {
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
