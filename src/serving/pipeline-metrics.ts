/**
 * Names of the pipeline's own metrics as Prometheus stores them: `ray_workloads.metrics`
 * (python/ray_workloads/metrics.py) records them through `ray.util.metrics`, and Ray's exporter
 * prefixes `ray_`. python/tests/test_metrics.py scrapes a real Ray and checks every name here.
 * Labels: `stage` (tokenize, embed, index; `in_progress` also all), `reason` on failures
 * (`damaged_input`, `task_error`).
 * @see https://docs.ray.io/en/latest/ray-observability/user-guides/add-app-metrics.html
 */
export const PIPELINE_METRICS = {
  /** Counter: articles a stage finished. */
  articles: 'ray_gitops_pipeline_articles_total',
  /** Counter: vectors (article windows) embedded or indexed. */
  chunks: 'ray_gitops_pipeline_chunks_total',
  /** Counter: work units (token batches, embed shards, index loads) finished. */
  units: 'ray_gitops_pipeline_units_total',
  /** Counter: failed units or inputs. */
  failures: 'ray_gitops_pipeline_failures_total',
  /** Histogram buckets: wall time of one unit, seconds. */
  stageDurationBuckets: 'ray_gitops_pipeline_stage_duration_seconds_bucket',
  /** Gauge: 1 while a pipeline driver runs. */
  inProgress: 'ray_gitops_pipeline_in_progress',
} as const;
