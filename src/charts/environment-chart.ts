import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { hasGpuPool } from '../environments/accelerators';
import { RayEnvironment } from '../environments/types';
import { ComputeResources, GpuRequest } from '../k8s/compute-resources';
import { wholeNodeFor } from '../placement/node-placement';
import { describeValue } from '../k8s/describe-value';
import { ConfigError } from '../ray/config-error';
import '../k8s/map-keys'; // every valid map key survives serialization
import { JsonSchema } from '../schema/type-schema';
import { environmentSchema } from '../environments/check-environment';
import { checkValue } from '../schema/check-value';

const optionsSchemas = new Map<string, JsonSchema | undefined>();

/** The schema of a chart's options type, a definition of the environment data's schema (undefined for other types). */
function optionsSchema(type: string): JsonSchema | undefined {
  if (!optionsSchemas.has(type)) {
    const { definitions } = environmentSchema() as { definitions: Record<string, JsonSchema> };
    optionsSchemas.set(type, definitions[type] && { $ref: `#/definitions/${type}`, definitions });
  }
  return optionsSchemas.get(type);
}

/** Props every chart of an environment takes. */
export interface EnvironmentChartProps {
  /** The environment the chart is synthesized for. */
  readonly environment: RayEnvironment;
}

/**
 * A chart for one environment: one file `dist/<env>/<id>.k8s.yaml`, one Argo CD Application.
 * Objects land in the environment's namespace and carry labels that say where they came from.
 */
export class EnvironmentChart extends Chart {
  public readonly environment: RayEnvironment;

  constructor(scope: Construct, id: string, props: EnvironmentChartProps) {
    super(scope, id, {
      namespace: props.environment.namespace,
      disableResourceNameHashes: true,
      labels: {
        'app.kubernetes.io/part-of': 'ray-gitops',
        'ray-gitops.io/environment': props.environment.name,
        'ray-gitops.io/chart': id,
      },
    });
    this.environment = props.environment;
    this.checkOptions(props);
  }

  /**
   * Charts are also built directly, not only from environment data: their options (the props
   * besides `environment`, typed `<Chart name without 'Chart'>Options`) are checked against
   * their TypeScript type at run time, so an unknown or mistyped prop fails here, naming it,
   * instead of being ignored.
   */
  private checkOptions(props: EnvironmentChartProps): void {
    const schema = optionsSchema(`${this.constructor.name.replace(/Chart$/, '')}Options`);
    if (!schema) return; // a chart of the user's own, whose options type this cannot know
    const { environment: _environment, ...options } = props as EnvironmentChartProps & Record<string, unknown>;
    const problem = checkValue(schema, options)[0];
    if (problem) {
      const error = new ConfigError(this, problem.path, problem.message);
      error.aimAt(problem.path);
      throw error;
    }
  }

  /**
   * Resources of a GPU worker that takes a whole node of the pools that offer `request` (the
   * chart's `gpu` option), once `requestedBy` (the option that asks for GPU workers, e.g.
   * `gpu` or `maxGpuWorkers`) is known to be satisfiable: where the environment has no GPU pool,
   * a ConfigError naming that option instead of a silently dropped group or a crash; where no
   * pool offers the request, `placeOnNodes`' error aimed at `gpu.accelerator` or `gpu.spot`.
   */
  protected gpuWorker(request: GpuRequest, requestedBy: { readonly option: string; readonly value: unknown }): ComputeResources {
    if (!hasGpuPool(this.environment)) {
      const error = new ConfigError(this, requestedBy.option, `expected no GPUs (environment '${this.environment.name}' has no GPU node pool), got ${describeValue(requestedBy.value)}`);
      error.aimAt(requestedBy.option);
      throw error;
    }
    try {
      return wholeNodeFor(this, this.environment, request, 'gpu');
    } catch (error) {
      if (error instanceof ConfigError) error.aimAt(error.propPath);
      throw error;
    }
  }
}
