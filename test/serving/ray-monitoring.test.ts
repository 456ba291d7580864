import { Duration, Testing } from 'cdk8s';
import { describe, expect, test } from 'vitest';
import { RayMonitoring } from '../../src/serving/ray-monitoring';
import { rayAlertRules } from '../../src/serving/ray-alert-rules';
import { PIPELINE_METRICS } from '../../src/serving/pipeline-metrics';
import { SchemaValidator } from '../../src/validation/schema';
import { Json } from '../../src/k8s/pod-templates';

/**
 * Metrics Ray 2.52 documents (Ray system metrics and Serve metrics pages), with the suffixes
 * Prometheus adds: `_bucket` for histograms, `_total` for counters; and the pipeline's own,
 * whose names python/tests/test_metrics.py checks against a real Ray's endpoint.
 */
const DOCUMENTED_METRICS = new Set([
  'ray_tasks',
  'ray_resources',
  'ray_object_store_memory',
  'ray_node_mem_used',
  'ray_serve_deployment_request_counter_total',
  'ray_serve_deployment_error_counter_total',
  'ray_serve_deployment_processing_latency_ms_bucket',
  'ray_serve_deployment_replica_healthy',
  'ray_serve_deployment_replica_starts_total',
  ...Object.values(PIPELINE_METRICS),
]);

/** Names in a PromQL expression that are metrics (`ray_…` selectors). */
const metricsIn = (expr: string) => [...expr.matchAll(/\b(ray_[a-z_]+)\s*\{/g)].map((m) => m[1]);

function synth(props: Partial<ConstructorParameters<typeof RayMonitoring>[2]> = {}): Json[] {
  const chart = Testing.chart();
  new RayMonitoring(chart, 'm', { namespace: 'ray', ...props });
  return Testing.synth(chart);
}

describe('RayMonitoring', () => {
  test('defaults: a PodMonitor on port metrics of every Ray pod, the alert rules, a dashboard for the sidecar', () => {
    const [podMonitor, rule, dashboard] = synth();
    expect(podMonitor).toMatchObject({
      kind: 'PodMonitor',
      metadata: { labels: { release: 'kube-prometheus-stack' } },
      spec: { selector: { matchLabels: { 'ray.io/is-ray-node': 'yes' } }, podMetricsEndpoints: [{ port: 'metrics', interval: '15s' }] },
    });
    expect(rule.spec.groups[0].rules.map((r: Json) => r.alert)).toEqual([
      'RayTaskErrorRateHigh',
      'RayJobStuck',
      'RayServeLatencyP99High',
      'RayServeReplicaRestarts',
      'RayServeReplicaUnhealthy',
      'PipelineFailureRateHigh',
      'PipelineStuck',
    ]);
    expect(dashboard.metadata.labels).toEqual({ grafana_dashboard: '1' });
    const model = JSON.parse(dashboard.data['ray-serving.json']);
    expect(model.panels.length).toBeGreaterThanOrEqual(8);
    // Every object is valid for the Prometheus Operator's schemas (unknown fields included).
    for (const obj of [podMonitor, rule, dashboard]) expect(SchemaValidator.shared().validate(obj)).toEqual([]);
  });

  test('alerts and panels only use metrics Ray exports, scoped to the namespace', () => {
    const [, rule, dashboard] = synth();
    const exprs = [
      ...rule.spec.groups[0].rules.map((r: Json) => r.expr as string),
      ...JSON.parse(dashboard.data['ray-serving.json']).panels.map((p: Json) => p.targets[0].expr as string),
    ];
    for (const expr of exprs) {
      expect(metricsIn(expr).length).toBeGreaterThan(0);
      for (const metric of metricsIn(expr)) expect(DOCUMENTED_METRICS, `${metric} in ${expr}`).toContain(metric);
      expect(expr).toMatch(/namespace="(ray|\$namespace)"/);
    }
  });

  test('thresholds reach the rules', () => {
    const rules = rayAlertRules('serving', { taskErrorRatio: 0.2, stuckAfter: Duration.minutes(30), serveP99Latency: Duration.millis(750), replicaStartsPer30m: 9 });
    const byName = Object.fromEntries(rules.map((r) => [r.alert, r]));
    expect(byName.RayTaskErrorRateHigh.expr).toMatch(/> 0\.2$/);
    expect(byName.RayJobStuck.for).toBe('30m');
    expect(byName.RayJobStuck.expr).toContain('[30m]');
    expect(byName.RayServeLatencyP99High.expr).toMatch(/ray_serve_deployment_processing_latency_ms_bucket\{namespace="serving"\}\[5m\]\)\)\) > 750$/);
    expect(byName.RayServeReplicaRestarts.expr).toMatch(/> 9$/);
  });

  test('pipeline alerts: failure ratio and stuck window reach the rules, per job cluster', () => {
    const rules = rayAlertRules('batch', { pipelineFailureRatio: 0.1, pipelineStuckAfter: Duration.minutes(20) });
    const byName = Object.fromEntries(rules.map((r) => [r.alert, r]));
    expect(byName.PipelineFailureRateHigh.expr).toMatch(/> 0\.1$/);
    expect(byName.PipelineFailureRateHigh.expr).toContain('ray_gitops_pipeline_failures_total{namespace="batch"}[10m]');
    expect(byName.PipelineStuck.expr).toContain('increase(ray_gitops_pipeline_articles_total{namespace="batch"}[20m])');
    expect(byName.PipelineStuck.expr).toMatch(/^sum by \(namespace, ray_io_cluster\) \(ray_gitops_pipeline_in_progress/);
    const defaults = Object.fromEntries(rayAlertRules('batch').map((r) => [r.alert, r]));
    expect(defaults.PipelineStuck.expr).toContain('[10m]');
  });

  test('the dashboard shows articles/s, chunks/s, failures and stage durations of the pipeline', () => {
    const [, , dashboard] = synth();
    const panels = JSON.parse(dashboard.data['ray-serving.json']).panels as Json[];
    const byMetric = (metric: string) => panels.filter((p) => (p.targets[0].expr as string).includes(metric)).map((p) => p.title);
    expect(byMetric('ray_gitops_pipeline_articles_total')).toEqual(['Pipeline articles per second']);
    expect(byMetric('ray_gitops_pipeline_chunks_total')).toEqual(['Pipeline chunks (vectors) per second']);
    expect(byMetric('ray_gitops_pipeline_failures_total')).toEqual(['Pipeline failures (10m)']);
    expect(byMetric('ray_gitops_pipeline_stage_duration_seconds_bucket')).toEqual(['Pipeline p95 unit duration']);
  });

  test('a schema violation in a Prometheus Operator object is caught', () => {
    const [podMonitor] = synth({ scrapeInterval: 'every minute' });
    expect(SchemaValidator.shared().validate(podMonitor).map((f) => f.path)).toEqual(['spec.podMetricsEndpoints[0].interval']);
  });
});
