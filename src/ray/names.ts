import { IConstruct } from 'constructs';
import { KUBERAY_MAX_NAME_LENGTH, RayKind, isDns1035Label } from '../k8s/names';
import { ConfigError } from './config-error';

/**
 * Throws unless `name` is a DNS-1035 label no longer than KubeRay allows for `kind` (it derives
 * pod and service names from it; `src/k8s/names.ts`). The validator checks the same on the output; failing here
 * names the construct and the prop.
 */
export function checkRayName(scope: IConstruct, kind: RayKind, name: string): void {
  const max = KUBERAY_MAX_NAME_LENGTH[kind];
  if (!isDns1035Label(name) || name.length > max) {
    throw new ConfigError(
      scope,
      'metadata.name',
      `expected a DNS-1035 label (lowercase letters, digits and '-', starting with a letter) ` +
        `of at most ${max} characters for a ${kind}, got '${name}'`,
    );
  }
}
