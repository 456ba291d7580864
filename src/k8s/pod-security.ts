import { k8s } from 'cdk8s-plus-28';

/**
 * Container settings of the Kubernetes "restricted" Pod Security Standard plus a read-only
 * root filesystem: nothing our non-Ray containers run needs to write outside their volumes.
 */
export const RESTRICTED_CONTAINER: k8s.SecurityContext = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
};

/** Pod settings of the "restricted" standard, running as `uid` (group and volume owner too). */
export function restrictedPod(uid: number): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** A writable scratch directory on a read-only root filesystem. */
export function scratchVolume(name: string, sizeLimit: string): k8s.Volume {
  return { name, emptyDir: { sizeLimit: k8s.Quantity.fromString(sizeLimit) } };
}
