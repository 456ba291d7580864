/**
 * Serve config keys that Ray removed or that never existed, keyed by the model (the schema
 * definition's `title`, as in Ray's `ray.serve.schema`/`ray.serve.config`) they are written in,
 * with the key to write instead. Ray's models ignore unknown keys there, so without this the
 * setting silently has no effect.
 * - `max_concurrent_queries`: replaced by `max_ongoing_requests` in Ray 2.10 (the deployment
 *   options page then read "max_ongoing_requests (replaces the deprecated max_concurrent_queries)",
 *   https://docs.ray.io/en/latest/serve/configure-serve-deployment.html), since removed from
 *   `DeploymentSchema`;
 * - `target_num_ongoing_requests_per_replica`: replaced by `target_ongoing_requests` in Ray 2.10
 *   (https://docs.ray.io/en/latest/serve/advanced-guides/advanced-autoscaling.html), since removed
 *   from `AutoscalingConfig`;
 * - `num_replica`: a typo of `num_replicas`, never a Serve key.
 * Each replacement must be a key of the generated schema (checked by its test).
 */
export const REPLACED_SERVE_KEYS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  DeploymentSchema: { max_concurrent_queries: 'max_ongoing_requests', num_replica: 'num_replicas' },
  AutoscalingConfig: { target_num_ongoing_requests_per_replica: 'target_ongoing_requests' },
};
