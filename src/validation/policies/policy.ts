import { RayEnvironment } from '../../environments/types';
import { Finding, Severity } from '../finding';
import { Json } from '../../k8s/pod-templates';

/** What a policy may look at besides the object itself. */
export interface PolicyContext {
  /** The environment the object is synthesized for. */
  readonly environment: RayEnvironment;
  /** Every object of the environment (for checks across objects). */
  readonly objects: readonly Json[];
}

/**
 * One of our own rules (`policy/*`): things the schemas and KubeRay allow but the cluster or our
 * users would regret. Stricter than KubeRay on purpose; `kuberay/*` is exactly KubeRay.
 */
interface PolicyInfo {
  /** `policy/<name>`. */
  readonly id: string;
  /** One line on what it enforces and why. */
  readonly description: string;
  /**
   * Severity of its findings, unless a finding states its own.
   * @default 'error'
   */
  readonly severity?: Severity;
}

/** A policy that needs an environment: its node pools, its prerequisites or its other objects. */
export interface Policy extends PolicyInfo {
  check(obj: Json, context: PolicyContext): Finding[];
}

/** A policy that judges one object on its own, so it also runs on YAML without an environment. */
export interface ObjectPolicy extends PolicyInfo {
  check(obj: Json): Finding[];
}
