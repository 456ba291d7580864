import { PIPELINE_METRICS } from './pipeline-metrics';

/** One time-series panel of the dashboard. */
interface PanelSpec {
  readonly title: string;
  readonly unit: string;
  /** PromQL; `$namespace` is the dashboard's namespace variable. */
  readonly expr: string;
  readonly legend: string;
}

/** Panels, two per row, over the metrics Ray 2.52 documents (system metrics and Serve metrics) and the pipeline's own. */
const PANELS: readonly PanelSpec[] = [
  {
    title: 'Serve requests per second',
    unit: 'reqps',
    expr: 'sum by (application, deployment) (rate(ray_serve_deployment_request_counter_total{namespace="$namespace"}[5m]))',
    legend: '{{application}}/{{deployment}}',
  },
  {
    title: 'Serve errors per second',
    unit: 'reqps',
    expr: 'sum by (application, deployment) (rate(ray_serve_deployment_error_counter_total{namespace="$namespace"}[5m]))',
    legend: '{{application}}/{{deployment}}',
  },
  {
    title: 'Serve p99 processing latency',
    unit: 'ms',
    expr: 'histogram_quantile(0.99, sum by (application, deployment, le) (rate(ray_serve_deployment_processing_latency_ms_bucket{namespace="$namespace"}[5m])))',
    legend: '{{application}}/{{deployment}}',
  },
  {
    title: 'Healthy Serve replicas',
    unit: 'short',
    expr: 'sum by (application, deployment) (ray_serve_deployment_replica_healthy{namespace="$namespace"})',
    legend: '{{application}}/{{deployment}}',
  },
  {
    title: 'Serve replica starts (30m)',
    unit: 'short',
    expr: 'sum by (application, deployment) (increase(ray_serve_deployment_replica_starts_total{namespace="$namespace"}[30m]))',
    legend: '{{application}}/{{deployment}}',
  },
  {
    title: 'Tasks by state',
    unit: 'short',
    expr: 'sum by (State) (ray_tasks{namespace="$namespace",State!~"FINISHED|FAILED"})',
    legend: '{{State}}',
  },
  {
    title: 'Failed tasks (10m)',
    unit: 'short',
    expr: 'sum by (SessionName) (clamp_min(delta(ray_tasks{namespace="$namespace",State="FAILED"}[10m]), 0))',
    legend: '{{SessionName}}',
  },
  {
    title: 'Logical CPUs and GPUs in use',
    unit: 'short',
    expr: 'sum by (Name) (ray_resources{namespace="$namespace",State="USED",Name=~"CPU|GPU"})',
    legend: '{{Name}}',
  },
  {
    title: 'Object store memory',
    unit: 'bytes',
    expr: 'sum by (Location) (ray_object_store_memory{namespace="$namespace"})',
    legend: '{{Location}}',
  },
  {
    title: 'Pipeline articles per second',
    unit: 'short',
    expr: `sum by (stage) (rate(${PIPELINE_METRICS.articles}{namespace="$namespace"}[5m]))`,
    legend: '{{stage}}',
  },
  {
    title: 'Pipeline chunks (vectors) per second',
    unit: 'short',
    expr: `sum by (stage) (rate(${PIPELINE_METRICS.chunks}{namespace="$namespace"}[5m]))`,
    legend: '{{stage}}',
  },
  {
    title: 'Pipeline failures (10m)',
    unit: 'short',
    expr: `sum by (stage, reason) (increase(${PIPELINE_METRICS.failures}{namespace="$namespace"}[10m]))`,
    legend: '{{stage}} {{reason}}',
  },
  {
    title: 'Pipeline p95 unit duration',
    unit: 's',
    expr: `histogram_quantile(0.95, sum by (stage, le) (rate(${PIPELINE_METRICS.stageDurationBuckets}{namespace="$namespace"}[10m])))`,
    legend: '{{stage}}',
  },
  {
    title: 'Node memory used',
    unit: 'bytes',
    expr: 'sum by (pod) (ray_node_mem_used{namespace="$namespace"})',
    legend: '{{pod}}',
  },
];

/**
 * A Grafana dashboard (JSON model, schemaVersion 39) of Ray Serve and Ray Core health for one
 * namespace, with a Prometheus data source variable so it works with any Grafana.
 */
export function rayServingDashboard(namespace: string): Record<string, unknown> {
  return {
    uid: `ray-serving-${namespace}`,
    title: `Ray serving (${namespace})`,
    tags: ['ray', 'ray-serve', 'ray-gitops'],
    schemaVersion: 39,
    editable: false,
    time: { from: 'now-6h', to: 'now' },
    refresh: '30s',
    templating: {
      list: [
        { name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Data source' },
        { name: 'namespace', type: 'constant', query: namespace, hide: 2 },
      ],
    },
    panels: PANELS.map((p, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: p.title,
      datasource: { type: 'prometheus', uid: '${datasource}' },
      gridPos: { x: (i % 2) * 12, y: Math.floor(i / 2) * 8, w: 12, h: 8 },
      fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
      targets: [{ refId: 'A', expr: p.expr, legendFormat: p.legend, datasource: { type: 'prometheus', uid: '${datasource}' } }],
    })),
  };
}
