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
