/**
 * What KubeRay does when a RayService's cluster config changes (`spec.upgradeStrategy.type`;
 * Serve-config-only changes always apply in place). In the bottom layer because environment data
 * and the RayService construct both name it.
 * @see https://docs.ray.io/en/latest/cluster/kubernetes/user-guides/rayservice.html
 */
export enum RayServiceUpgradeStrategy {
  /**
   * Zero-downtime: start a second, full cluster, switch traffic when it is ready, delete the old one.
   * Needs room for both clusters at once (GPUs included).
   */
  NEW_CLUSTER = 'NewCluster',
  /** Don't upgrade the running cluster; cluster config changes wait until the service is recreated. */
  NONE = 'None',
}

/**
 * `spec.upgradeStrategy.type` of a RayService, or KubeRay's default when unset: `NewCluster`, a
 * zero-downtime upgrade, unless the operator runs with `ENABLE_ZERO_DOWNTIME=false`
 * (https://github.com/ray-project/kuberay/pull/1564,
 * https://docs.ray.io/en/latest/cluster/kubernetes/user-guides/rayservice.html).
 */
export function rayServiceUpgradeType(rayService: { spec?: { upgradeStrategy?: { type?: unknown } } }): string {
  const type = rayService.spec?.upgradeStrategy?.type;
  return typeof type === 'string' ? type : RayServiceUpgradeStrategy.NEW_CLUSTER;
}
