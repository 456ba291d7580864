import { k8s } from 'cdk8s-plus-28';

/**
 * The one home of our pod and container security contexts: the Kubernetes "restricted" Pod
 * Security Standard (https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted):
 * non-root, the runtime's default seccomp profile, no privilege escalation, every capability
 * dropped. Every pod we generate uses these; the variants differ only in the user and in
 * whether the root filesystem is read-only.
 */

/** Who a pod runs as; every field is left unset (the image's own) unless given. */
export interface PodUser {
  /** `runAsUser`: a numeric uid, so the kubelet can check `runAsNonRoot` against an image whose USER is a name. @default the image's USER */
  readonly uid?: number;
  /** `runAsGroup`. @default the image's group */
  readonly gid?: number;
  /** `fsGroup`: group owner of mounted volumes, so a non-root user can write to them. @default none (volumes keep their owner) */
  readonly fsGroup?: number;
}

/** Pod settings of the "restricted" standard, running as `user`. */
export function restrictedPod(user: PodUser = {}): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    ...(user.uid !== undefined && { runAsUser: user.uid }),
    ...(user.gid !== undefined && { runAsGroup: user.gid }),
    ...(user.fsGroup !== undefined && { fsGroup: user.fsGroup }),
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Pod settings of the "restricted" standard running as `uid`, which is also the group and the volumes' group. */
export function restrictedPodAs(uid: number): k8s.PodSecurityContext {
  return restrictedPod({ uid, gid: uid, fsGroup: uid });
}

/**
 * Container settings of the "restricted" standard with a writable root filesystem: for Ray
 * containers (Ray writes its session directory under `/tmp/ray`) and the KubeRay autoscaler.
 */
export const RESTRICTED_WRITABLE_CONTAINER: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
};

/**
 * Container settings of the "restricted" standard plus a read-only root filesystem: nothing our
 * non-Ray containers run needs to write outside their volumes.
 */
export const RESTRICTED_CONTAINER: k8s.SecurityContext = {
  ...RESTRICTED_WRITABLE_CONTAINER,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
};

/** A writable scratch directory on a read-only root filesystem. */
export function scratchVolume(name: string, sizeLimit: string): k8s.Volume {
  return { name, emptyDir: { sizeLimit: k8s.Quantity.fromString(sizeLimit) } };
}
