import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { RayEnvironment } from '../environments/types';
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
}
