import { RayEnvironment } from '../../environments/types';
import { Finding } from '../finding';
import { Json } from '../../k8s/pod-templates';

/** What a policy may look at besides the object itself. */
export interface PolicyContext {
  /** The environment the object is synthesized for. */
  readonly environment: RayEnvironment;
  /** Every object of the environment (for checks across objects). */
  readonly objects: readonly Json[];
}

/** One of our own rules: things the schemas allow but the cluster or our users would regret. */
export interface Policy {
  /** `policy/<name>`. */
  readonly id: string;
  /** One line on what it enforces and why. */
  readonly description: string;
  check(obj: Json, context: PolicyContext): Finding[];
}
