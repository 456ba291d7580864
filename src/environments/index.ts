import { aks } from './aks';
import { eks } from './eks';
import { gke } from './gke';
import { local } from './local';
import type { EnvironmentDefinition } from '../app';

export * from './types';

/** Every environment the app synthesizes, in output order. `local` is the default. */
export const ENVIRONMENTS: readonly EnvironmentDefinition[] = [local, gke, aks, eks];

/** A name given for an environment (on a command line) that no environment has. */
export class UnknownEnvironmentError extends Error {
  /** @param hint what the user may have meant, appended in parentheses */
  constructor(name: string, hint?: string) {
    super(`environment: expected one of ${ENVIRONMENTS.map((e) => e.name).join(', ')}, got '${name}'${hint ? ` (${hint})` : ''}`);
    this.name = 'UnknownEnvironmentError';
  }
}

/**
 * Looks an environment up by name.
 * @throws UnknownEnvironmentError listing the known names
 */
export function environmentByName(name: string): EnvironmentDefinition {
  const env = ENVIRONMENTS.find((e) => e.name === name);
  if (!env) throw new UnknownEnvironmentError(name);
  return env;
}
