import { RaySandboxOptions } from './ray-sandbox-chart';
import { WikipediaPipelineOptions } from './wikipedia-pipeline-chart';
import { EmbeddingServiceOptions } from './embedding-service-chart';
import { TextGenerationOptions } from './text-generation-chart';
import { ModelGatewayOptions } from './model-gateway-chart';
import { RayMonitoringOptions } from './ray-monitoring-chart';

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
