import { IConstruct } from 'constructs';
import { ConfigError } from './config-error';

const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * KubeRay derives pod and service names from a Ray object's name, so it limits names to
 * DNS-1035 labels of these lengths (v1.7.0 `validation.go`).
 */
export const MAX_NAME_LENGTH = {
  RayCluster: 53,
  RayJob: 47,
  RayService: 47,
} as const;

/** Throws unless `name` is a DNS-1035 label no longer than KubeRay allows for `kind`. */
export function checkRayName(scope: IConstruct, kind: keyof typeof MAX_NAME_LENGTH, name: string): void {
  const max = MAX_NAME_LENGTH[kind];
  if (!DNS_1035_LABEL.test(name) || name.length > max) {
    throw new ConfigError(
      scope,
      'metadata.name',
      `'${name}' must be a DNS-1035 label (lowercase letters, digits and '-', starting with a letter) ` +
        `of at most ${max} characters for a ${kind}`,
    );
  }
}
