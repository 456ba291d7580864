import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { GpuNodePool, RayEnvironment } from '../environments/types';
import { describeValue } from '../k8s/describe-value';
import { ConfigError } from '../ray/config-error';
import '../k8s/map-keys'; // every valid map key survives serialization

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
  }

  /**
   * The environment's GPU pool, for an option that asks for GPUs (`gpu: true`,
   * `maxGpuWorkers: 2`); where there is none, a ConfigError naming the option instead of a
   * silently dropped group or a crash.
   */
  protected requireGpuPool(option: string, value: unknown): GpuNodePool {
    const pool = this.environment.gpuPool;
    if (pool) return pool;
    const error = new ConfigError(this, option, `expected no GPUs (environment '${this.environment.name}' has no GPU node pool), got ${describeValue(value)}`);
    error.aimAt(option);
    throw error;
  }
}
