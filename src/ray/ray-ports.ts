/** The ports a Ray head serves, by the names KubeRay gives them. */
export const RAY_HEAD_PORTS = {
  /** Global Control Service; workers and drivers join the cluster through it. */
  'gcs-server': 6379,
  /** Dashboard and the Jobs API (RayJob submitters talk to it). */
  dashboard: 8265,
  /** Ray Client (`ray://`). */
  client: 10001,
  /** Ray Serve's HTTP proxy. */
  serve: 8000,
  /** Prometheus metrics of the node. */
  metrics: 8080,
} as const;

/** Port on which every Ray node (head and workers) exports Prometheus metrics. */
export const RAY_METRICS_PORT = RAY_HEAD_PORTS.metrics;

/** Port of the Serve HTTP proxy (on the head, and on workers that host a proxy). */
export const RAY_SERVE_PORT = RAY_HEAD_PORTS.serve;
