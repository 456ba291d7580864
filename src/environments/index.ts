import { aks } from './aks';
import { eks } from './eks';
import { gke } from './gke';
import { local } from './local';
import type { EnvironmentDefinition } from '../app';

export * from './types';

/** Every environment the app synthesizes, in output order. `local` is the default. */
export const ENVIRONMENTS: readonly EnvironmentDefinition[] = [local, gke, aks, eks];

/** Looks an environment up by name, with the list of known names in the error. */
export function environmentByName(name: string): EnvironmentDefinition {
  const env = ENVIRONMENTS.find((e) => e.name === name);
  if (!env) {
    throw new Error(`Unknown environment '${name}' (known: ${ENVIRONMENTS.map((e) => e.name).join(', ')})`);
  }
  return env;
}
