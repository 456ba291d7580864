import { FeatureGates } from '../../../src/validation/kuberay';
import { Obj, rayCluster } from './fixtures';

/**
 * One violation of one rule: `bad` breaks a valid fixture so that `rule` must report `path`;
 * `good` fixes the same spot in a fresh fixture so that nothing at all is reported.
 */
export interface RuleCase {
  readonly rule: string;
  /** The violation, for the test name. */
  readonly what: string;
  /** @default rayCluster */
  readonly fixture?: () => Obj;
  readonly bad: (obj: Obj) => void;
  readonly path: string;
  readonly good: (obj: Obj) => void;
  /** Feature gates declared for the bad object. @default - v1.7.0 defaults */
  readonly gates?: Partial<FeatureGates>;
  /** Feature gates declared for the good object. @default - the same as `gates` */
  readonly goodGates?: Partial<FeatureGates>;
}

/** A fresh fixture with `mutate` applied. */
export function build(c: RuleCase, mutate: (obj: Obj) => void): Obj {
  const obj = (c.fixture ?? rayCluster)();
  mutate(obj);
  return obj;
}
