/**
 * The extended resource the NVIDIA device plugin advertises on GPU nodes, on every cloud
 * (https://github.com/NVIDIA/k8s-device-plugin); pods request it with requests = limits.
 */
export const NVIDIA_GPU_RESOURCE = 'nvidia.com/gpu';

/**
 * GPU models, spelled the way GKE's `cloud.google.com/gke-accelerator` node label spells them
 * (https://cloud.google.com/kubernetes-engine/docs/how-to/gpus). Every cloud's pool uses these
 * names in `gpus.accelerator`, whatever label that cloud puts on its nodes.
 */
export enum Accelerator {
  /** NVIDIA L4, 24 GB (GKE g2, EKS g6). */
  NVIDIA_L4 = 'nvidia-l4',
  /** NVIDIA T4, 16 GB (GKE n1 + T4, AKS NCasT4_v3, EKS g4dn). */
  NVIDIA_TESLA_T4 = 'nvidia-tesla-t4',
  /** NVIDIA A100, 80 GB (GKE a2-ultragpu, AKS NC A100 v4, EKS p4de). */
  NVIDIA_A100_80GB = 'nvidia-a100-80gb',
  /** NVIDIA H100, 80 GB (GKE a3, AKS NCads H100 v5, EKS p5). */
  NVIDIA_H100_80GB = 'nvidia-h100-80gb',
}

/** Whether a pod may run on spot (preemptible) nodes, as the pod's request says. */
export enum SpotPolicy {
  /** On-demand pools only: work that must not be preempted (serving). */
  NEVER = 'never',
  /**
   * Spot pools first, on-demand pools as fallback when spot capacity is gone: a required node
   * affinity over both plus a preferred affinity for spot (batch work that survives preemption).
   */
  PREFERRED = 'preferred',
  /** Spot pools only: work that should wait for spot capacity rather than pay on-demand prices. */
  REQUIRED = 'required',
}
