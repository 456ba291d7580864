import type { EnvironmentDefinition } from '../../src/app';
import { environmentByName } from '../../src/environments';
import { NodePool, RayEnvironment } from '../../src/environments/types';

/** A real environment by name, for tests that need one. */
export const gke = (): EnvironmentDefinition => environmentByName('gke');
export const local = (): EnvironmentDefinition => environmentByName('local');

/** A copy of an environment with some fields replaced (deep enough for the tests' edits). */
export function withChanges(env: EnvironmentDefinition, changes: Partial<EnvironmentDefinition>): EnvironmentDefinition {
  return { ...env, ...changes };
}

/** The environment's first pool without GPUs (where heads, submitters and CPU workers go). */
export function cpuPool(env: RayEnvironment): NodePool {
  return env.nodePools.find((p) => p.gpus === undefined)!;
}

/** The environment's first GPU pool. */
export function firstGpuPool(env: RayEnvironment): NodePool {
  return env.nodePools.find((p) => p.gpus !== undefined)!;
}
