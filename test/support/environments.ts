import type { EnvironmentDefinition } from '../../src/app';
import { Size } from 'cdk8s';
import { environmentByName } from '../../src/environments';

/** A real environment by name, for tests that need one. */
export const gke = (): EnvironmentDefinition => environmentByName('gke');
export const local = (): EnvironmentDefinition => environmentByName('local');

/** A copy of an environment with some fields replaced (deep enough for the tests' edits). */
export function withChanges(env: EnvironmentDefinition, changes: Partial<EnvironmentDefinition>): EnvironmentDefinition {
  return { ...env, ...changes };
}

/** gke with a GPU pool of smaller nodes (4 vCPU, 8 GiB). */
export function gkeWithSmallGpuNodes(): EnvironmentDefinition {
  const env = gke();
  return withChanges(env, {
    gpuPool: { ...env.gpuPool!, shape: { ...env.gpuPool!.shape, memory: Size.gibibytes(8), reservedMemory: Size.gibibytes(1) } },
  });
}
