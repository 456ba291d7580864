import { k8s } from 'cdk8s-plus-28';

/**
 * A key of a Secret that exists in the namespace before Argo CD syncs (or that a chart
 * creates). Credentials enter manifests only this way, never as values: Git is readable by
 * everyone who can read the repository.
 */
export interface SecretKeyRef {
  /** The Secret's `metadata.name`. */
  readonly name: string;
  /** The key inside the Secret. */
  readonly key: string;
}

/** An environment variable read from a Secret key. */
export function secretEnv(name: string, ref: SecretKeyRef): k8s.EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } };
}
