import { IConstruct } from 'constructs';

/**
 * Bad construct props: names the construct (its path in the app, which starts with the
 * environment's chart), the prop path and what was expected. Thrown from constructors so
 * synth stops before anything is written.
 */
export class ConfigError extends Error {
  constructor(scope: IConstruct, propPath: string, expected: string) {
    super(`${scope.node.path}: ${propPath}: ${expected}`);
    this.name = 'ConfigError';
  }
}
