import { Duration } from 'cdk8s';
import { PIPELINE_METRICS } from './pipeline-metrics';

/** Thresholds of the Ray alerts; every one has a default that suits a small serving cluster. */
export interface RayAlertThresholds {
  /**
   * Share of finished tasks that failed (0..1) above which `RayTaskErrorRateHigh` fires.
   * @default 0.05
   */
  readonly taskErrorRatio?: number;
  /**
   * How long tasks may wait for resources with none finishing before `RayJobStuck` fires.
   * @default Duration.minutes(15)
   */
  readonly stuckAfter?: Duration;
  /**
   * p99 of a Serve deployment's processing latency above which `RayServeLatencyP99High` fires.
   * @default Duration.seconds(2)
   */
  readonly serveP99Latency?: Duration;
  /**
   * Replica starts of one deployment within 30 minutes above which `RayServeReplicaRestarts`
   * fires (autoscaling starts count too: set it above the deployment's max replicas).
   * @default 5
   */
  readonly replicaStartsPer30m?: number;
  /**
   * Share of the pipeline's units (and damaged inputs) that failed in 10 minutes (0..1) above
   * which `PipelineFailureRateHigh` fires.
   * @default 0.05
   */
  readonly pipelineFailureRatio?: number;
  /**
   * How long a running pipeline job may go without finishing an article before
   * `PipelineStuck` fires.
   * @default Duration.minutes(10)
   */
  readonly pipelineStuckAfter?: Duration;
}

/** One Prometheus alerting rule, in the Prometheus Operator's `PrometheusRule` shape. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: 'warning' | 'critical' };
  readonly annotations: { readonly summary: string; readonly description: string };
}

/** A Duration as Prometheus writes it (`15m`, `90s`). */
export function promDuration(d: Duration): string {
  const seconds = d.toSeconds();
  return seconds % 60 === 0 ? `${seconds / 60}m` : `${seconds}s`;
}

/** Task states in which a task waits for something before it can run. */
const WAITING_STATES = 'PENDING_ARGS_AVAIL|PENDING_NODE_ASSIGNMENT|PENDING_OBJ_STORE_MEM_AVAIL|PENDING_ARGS_FETCH|SUBMITTED_TO_WORKER';

/**
 * Alerts on Ray jobs (task errors, stuck jobs), the same two over the pipeline's own metrics
 * (PIPELINE_METRICS) and of Serve (latency, restarts, unhealthy replicas), over
 * metrics Ray 2.52 exports: `ray_tasks` (a gauge of tasks by `State`, whose
 * FINISHED and FAILED series count up), and the Serve deployment metrics
 * `ray_serve_deployment_processing_latency_ms` (histogram), `ray_serve_deployment_replica_starts_total`
 * and `ray_serve_deployment_replica_healthy`. Each rule is scoped to one namespace (the label
 * the Prometheus Operator adds to every scraped series).
 * @see https://docs.ray.io/en/latest/ray-observability/reference/system-metrics.html
 * @see https://docs.ray.io/en/latest/serve/monitoring.html
 */
export function rayAlertRules(namespace: string, thresholds: RayAlertThresholds = {}): AlertRule[] {
  const ns = `namespace="${namespace}"`;
  const errorRatio = thresholds.taskErrorRatio ?? 0.05;
  const stuckAfter = promDuration(thresholds.stuckAfter ?? Duration.minutes(15));
  const p99 = thresholds.serveP99Latency ?? Duration.seconds(2);
  const starts = thresholds.replicaStartsPer30m ?? 5;
  const pipelineRatio = thresholds.pipelineFailureRatio ?? 0.05;
  const pipelineStuck = promDuration(thresholds.pipelineStuckAfter ?? Duration.minutes(10));
  // One pipeline job = one Ray cluster; its driver and tasks report under the cluster's label.
  const perJob = (expr: string) => `sum by (namespace, ray_io_cluster) (${expr})`;
  const failures = perJob(`increase(${PIPELINE_METRICS.failures}{${ns}}[10m])`);
  const units = perJob(`increase(${PIPELINE_METRICS.units}{${ns}}[10m])`);
  // delta() of the FINISHED/FAILED count gauges; clamp_min drops the drop a restarted node reports.
  const ended = (states: string) => `sum by (namespace, SessionName) (clamp_min(delta(ray_tasks{${ns},State=~"${states}"}[10m]), 0))`;
  return [
    {
      alert: 'RayTaskErrorRateHigh',
      expr: `${ended('FAILED')} / clamp_min(${ended('FINISHED|FAILED')}, 1) > ${errorRatio}`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'High Ray task failure rate',
        description: `More than ${errorRatio * 100}% of the tasks that ended in the last 10 minutes failed in Ray cluster {{ $labels.SessionName }} (namespace {{ $labels.namespace }}).`,
      },
    },
    {
      alert: 'RayJobStuck',
      expr:
        `sum by (namespace, SessionName) (ray_tasks{${ns},State=~"${WAITING_STATES}"}) > 0 ` +
        `unless sum by (namespace, SessionName) (delta(ray_tasks{${ns},State="FINISHED"}[${stuckAfter}])) > 0`,
      for: stuckAfter,
      labels: { severity: 'critical' },
      annotations: {
        summary: 'Ray tasks are waiting and none finish',
        description: `Tasks in Ray cluster {{ $labels.SessionName }} have been waiting (for nodes, arguments or object store memory) for ${stuckAfter} while no task finished: the job is stuck (no GPU node, a lost object, a deadlock).`,
      },
    },
    {
      alert: 'RayServeLatencyP99High',
      expr:
        'histogram_quantile(0.99, sum by (namespace, application, deployment, le) ' +
        `(rate(ray_serve_deployment_processing_latency_ms_bucket{${ns}}[5m]))) > ${p99.toMilliseconds()}`,
      for: '10m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Serve p99 latency above threshold',
        description: `p99 processing latency of {{ $labels.application }}/{{ $labels.deployment }} is {{ $value | humanize }} ms (threshold ${p99.toMilliseconds()} ms).`,
      },
    },
    {
      alert: 'RayServeReplicaRestarts',
      expr: `sum by (namespace, application, deployment) (increase(ray_serve_deployment_replica_starts_total{${ns}}[30m])) > ${starts}`,
      for: '0m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Serve replicas keep restarting',
        description: `{{ $labels.application }}/{{ $labels.deployment }} started {{ $value | humanize }} replicas in 30 minutes (threshold ${starts}): replicas crash or fail health checks.`,
      },
    },
    {
      alert: 'RayServeReplicaUnhealthy',
      expr: `min by (namespace, application, deployment, replica) (ray_serve_deployment_replica_healthy{${ns}}) == 0`,
      for: '5m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'A Serve replica is unhealthy',
        description: 'Replica {{ $labels.replica }} of {{ $labels.application }}/{{ $labels.deployment }} has failed its health check for 5 minutes.',
      },
    },
    {
      alert: 'PipelineFailureRateHigh',
      // A job whose units all failed has no units series: `or … * 0` keeps the ratio at 1.
      expr: `${failures} / clamp_min(${failures} + (${units} or ${failures} * 0), 1) > ${pipelineRatio}`,
      for: '5m',
      labels: { severity: 'warning' },
      annotations: {
        summary: 'Pipeline units are failing',
        description: `More than ${pipelineRatio * 100}% of the work units of pipeline job {{ $labels.ray_io_cluster }} (namespace {{ $labels.namespace }}) failed in the last 10 minutes (damaged dumps or task errors).`,
      },
    },
    {
      alert: 'PipelineStuck',
      // in_progress is 1 only while a driver runs; a job that never finished one article has no
      // articles series at all, and `unless` then keeps it.
      expr:
        `${perJob(`${PIPELINE_METRICS.inProgress}{${ns}}`)} > 0 ` +
        `unless ${perJob(`increase(${PIPELINE_METRICS.articles}{${ns}}[${pipelineStuck}])`)} > 0`,
      for: '1m',
      labels: { severity: 'critical' },
      annotations: {
        summary: 'Pipeline job finishes no articles',
        description: `Pipeline job {{ $labels.ray_io_cluster }} (namespace {{ $labels.namespace }}) is running but has finished no article for ${pipelineStuck}.`,
      },
    },
  ];
}
