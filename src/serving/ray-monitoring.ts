import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { IPodMonitor, PodMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor';
import { IPrometheusRule, PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule';
import { rayServingDashboard } from './grafana-dashboard';
import { RayAlertThresholds, rayAlertRules } from './ray-alert-rules';

/** Props of {@link RayMonitoring}. */
export interface RayMonitoringProps {
  /** Namespace whose Ray pods are scraped and alerted on (the chart's namespace). */
  readonly namespace: string;
  /**
   * Labels by which the Prometheus custom resource selects PodMonitors and PrometheusRules
   * (`podMonitorSelector`, `ruleSelector`).
   * @default { release: 'kube-prometheus-stack' } (the kube-prometheus-stack chart's default)
   */
  readonly prometheusSelector?: Record<string, string>;
  /**
   * Scrape interval.
   * @default '15s'
   */
  readonly scrapeInterval?: string;
  /**
   * Alert thresholds.
   * @default - see RayAlertThresholds
   */
  readonly alerts?: RayAlertThresholds;
}

/**
 * Prometheus Operator objects for every Ray pod of a namespace, plus a Grafana dashboard:
 * - a PodMonitor scraping port `metrics` (8080) of heads and workers (KubeRay labels every Ray
 *   pod `ray.io/is-ray-node: "yes"`); it copies the pod's KubeRay labels onto the series;
 * - a PrometheusRule with the alerts of `rayAlertRules`;
 * - a ConfigMap with the dashboard, labelled `grafana_dashboard: "1"` for Grafana's sidecar.
 */
export class RayMonitoring extends Construct {
  constructor(scope: Construct, id: string, props: RayMonitoringProps) {
    super(scope, id);
    const selectorLabels = props.prometheusSelector ?? { release: 'kube-prometheus-stack' };
    const copyLabel = (label: string, target: string) => ({
      sourceLabels: [`__meta_kubernetes_pod_label_${label.replace(/[./-]/g, '_')}`],
      targetLabel: target,
      action: 'replace' as const,
    });
    const podMonitor: IPodMonitor['spec'] = {
      selector: { matchLabels: { 'ray.io/is-ray-node': 'yes' } },
      podMetricsEndpoints: [
        {
          port: 'metrics',
          path: '/metrics',
          interval: props.scrapeInterval ?? '15s',
          relabelings: [copyLabel('ray.io/cluster', 'ray_io_cluster'), copyLabel('ray.io/node-type', 'ray_io_node_type'), copyLabel('ray.io/group', 'ray_io_group')],
        },
      ],
    };
    new ApiObject(this, 'PodMonitor', {
      apiVersion: PodMonitor.apiVersion,
      kind: PodMonitor.kind,
      metadata: { name: 'ray-pods', labels: selectorLabels },
      spec: podMonitor,
    });

    const rules: IPrometheusRule['spec'] = {
      groups: [{ name: 'ray', rules: rayAlertRules(props.namespace, props.alerts).map((r) => ({ ...r, labels: { ...r.labels }, annotations: { ...r.annotations } })) }],
    };
    new ApiObject(this, 'PrometheusRule', {
      apiVersion: PrometheusRule.apiVersion,
      kind: PrometheusRule.kind,
      metadata: { name: 'ray-alerts', labels: selectorLabels },
      spec: rules,
    });

    new k8s.KubeConfigMap(this, 'Dashboard', {
      metadata: { name: 'ray-serving-dashboard', labels: { grafana_dashboard: '1' } },
      data: { 'ray-serving.json': JSON.stringify(rayServingDashboard(props.namespace), undefined, 2) },
    });
  }
}
