import { k8s } from 'cdk8s-plus-28';

/** A volume mounted into every Ray pod of a cluster (head and all worker groups) at the same path. */
export interface RayVolume {
  /** The pod volume (a PVC, ConfigMap, emptyDir, ...); its `name` is the mount's name. */
  readonly volume: k8s.Volume;
  /** Absolute path inside the Ray container. */
  readonly mountPath: string;
  /**
   * Mount read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}
