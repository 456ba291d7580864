import { typeSchema } from '../../src/schema/type-schema';

/**
 * vitest global setup: generates (or finds fresh in `.cache/`) the JSON Schema of environment
 * data once, before the workers start, instead of every worker generating it on a fresh clone.
 */
export default function setup(): void {
  typeSchema('src/environments/types.ts', 'RayEnvironment');
}
