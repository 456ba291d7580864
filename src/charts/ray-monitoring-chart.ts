import { Construct } from 'constructs';
import { RayMonitoring, RayMonitoringProps } from '../serving/ray-monitoring';
import { EnvironmentChart, EnvironmentChartProps } from './environment-chart';

/** Options of the monitoring chart. */
export type RayMonitoringOptions = Omit<RayMonitoringProps, 'namespace'>;

export interface RayMonitoringChartProps extends EnvironmentChartProps, RayMonitoringOptions {}

/**
 * Metrics, alerts and a dashboard for every Ray pod of the environment's namespace (serving
 * clusters, the sandbox, pipeline jobs). Needs the Prometheus Operator's CRDs on the cluster.
 */
export class RayMonitoringChart extends EnvironmentChart {
  constructor(scope: Construct, id: string, props: RayMonitoringChartProps) {
    super(scope, id, props);
    const { environment, ...options } = props;
    new RayMonitoring(this, 'Monitoring', { ...options, namespace: environment.namespace });
  }
}
