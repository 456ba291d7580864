import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { memoryQuantity } from '../k8s/compute-resources';
import { RESTRICTED_WRITABLE_CONTAINER } from '../k8s/pod-security';

/** Ray autoscaler generations; v2 is required for per-group idle timeouts. */
export enum AutoscalerVersion {
  V1 = 'v1',
  V2 = 'v2',
}

/**
 * How fast the Ray autoscaler adds pods: KubeRay's `autoscalerOptions.upscalingMode`, as the
 * KubeRay autoscaling guide describes it
 * (https://docs.ray.io/en/latest/cluster/kubernetes/user-guides/configuring-autoscaling.html,
 * "upscalingMode").
 */
export enum UpscalingMode {
  /** Rate-limited upscaling: the number of pending worker pods is at most the current size of the cluster. */
  CONSERVATIVE = 'Conservative',
  /** Upscaling is not rate-limited: the autoscaler adds the pods the whole pending demand needs. */
  DEFAULT = 'Default',
  /** An alias of `DEFAULT` (same behaviour, not rate-limited), kept by KubeRay for compatibility. */
  AGGRESSIVE = 'Aggressive',
}

/** The Ray autoscaler sidecar of the head pod. */
export interface AutoscalerProps {
  /**
   * Autoscaler generation.
   * @default AutoscalerVersion.V2
   */
  readonly version?: AutoscalerVersion;
  /**
   * Upscaling behaviour.
   * @default UpscalingMode.DEFAULT
   */
  readonly upscalingMode?: UpscalingMode;
  /**
   * How long a worker stays idle before the autoscaler removes it.
   * @default Duration.seconds(60)
   */
  readonly idleTimeout?: Duration;
  /**
   * CPU of the autoscaler container.
   * @default Cpu.millis(500)
   */
  readonly cpu?: Cpu;
  /**
   * Memory of the autoscaler container.
   * @default Size.mebibytes(512)
   */
  readonly memory?: Size;
}

/** `spec.autoscalerOptions` for the props, with defaults applied. */
export function autoscalerOptions(props: AutoscalerProps): Record<string, unknown> {
  const cpu = (props.cpu ?? Cpu.millis(500)).amount;
  const memory = memoryQuantity(props.memory ?? Size.mebibytes(512));
  return {
    version: props.version ?? AutoscalerVersion.V2,
    upscalingMode: props.upscalingMode ?? UpscalingMode.DEFAULT,
    idleTimeoutSeconds: (props.idleTimeout ?? Duration.seconds(60)).toSeconds(),
    resources: { requests: { cpu, memory }, limits: { cpu, memory } },
    securityContext: RESTRICTED_WRITABLE_CONTAINER,
  };
}
