import { JsonSchema, typeSchema } from './type-schema';

/**
 * The run-time schema of environment data (`EnvironmentDefinition`: the environment and its
 * workloads, with every chart's options type among its definitions), generated from the types.
 */
export function environmentSchema(): JsonSchema {
  return typeSchema('src/app.ts', 'EnvironmentDefinition');
}
