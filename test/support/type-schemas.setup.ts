import { environmentSchema } from '../../src/environments/check-environment';

/**
 * vitest global setup: generates (or finds fresh in `.cache/`) the JSON Schema of environment
 * data once, before the workers start, instead of every worker generating it on a fresh clone.
 */
export default function setup(): void {
  environmentSchema();
}
