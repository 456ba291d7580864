/**
 * KubeRay operator feature gates that change what v1.7.0 accepts. The operator's flags are not
 * visible from a manifest, so a spec that needs a default-off gate is a finding unless the caller
 * declares the gate on (`ray-operator/pkg/features/features.go`, v1.7.0).
 */
export const KUBERAY_FEATURE_GATE_DEFAULTS = {
  RayClusterStatusConditions: true,
  RayJobDeletionPolicy: true,
  RayMultiHostIndexing: true,
  RayServiceIncrementalUpgrade: true,
  RayCronJob: false,
  SidecarSubmitterRestart: false,
  RayClusterNetworkPolicy: false,
  GCSFaultToleranceEmbeddedStorage: false,
  RayClusterMTLS: false,
  RayClusterHistoryServer: false,
  KubernetesWAS: false,
} as const;

export type FeatureGate = keyof typeof KUBERAY_FEATURE_GATE_DEFAULTS;

export type FeatureGates = Readonly<Record<FeatureGate, boolean>>;

/** The operator's gates: v1.7.0 defaults overridden by what the caller declares. */
export function resolveFeatureGates(declared: Partial<FeatureGates> = {}): FeatureGates {
  return { ...KUBERAY_FEATURE_GATE_DEFAULTS, ...declared };
}
