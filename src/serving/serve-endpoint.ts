import { ApiObject, JsonPatch } from 'cdk8s';
import { RayService } from '../ray/ray-service';
import { RAY_SERVE_PORT } from '../ray/ray-ports';
import { ConfigError } from '../ray/config-error';
import { portProblem } from '../k8s/value-rules';

/** Options of {@link exposeServeEndpoint}. */
export interface ServeEndpointOptions {
  /**
   * Port clients connect to on the load balancer.
   * @default 80
   */
  readonly port?: number;
  /**
   * Client CIDRs the cloud load balancer admits.
   * @default - any address
   */
  readonly loadBalancerSourceRanges?: string[];
  /**
   * Annotations of the Service (the cloud's load balancer settings).
   * @default {}
   */
  readonly annotations?: Record<string, string>;
}

/**
 * Makes the RayService's Serve Service a cloud load balancer: port 80 → the Serve proxies'
 * port 8000. Written as the RayService's `serveService` template rather than a Service of our
 * own, because KubeRay then keeps the selector (`ray.io/cluster: <active cluster>`,
 * `ray.io/serve: "true"`) on the cluster that is ready: during a zero-downtime upgrade the
 * pending cluster's pods (same template labels, Serve apps still deploying) get no traffic.
 * The port keeps the name `serve`, so KubeRay uses our definition instead of its default.
 * @see https://docs.ray.io/en/latest/serve/production-guide/kubernetes.html
 */
export function exposeServeEndpoint(service: RayService, options: ServeEndpointOptions = {}): void {
  const portError = portProblem(options.port ?? 80);
  if (portError) throw new ConfigError(service, 'serveEndpoint.port', portError);
  const serveService = {
    metadata: { name: `${service.name}-serve-svc`, annotations: options.annotations },
    spec: {
      type: 'LoadBalancer',
      loadBalancerSourceRanges: options.loadBalancerSourceRanges,
      ports: [{ name: 'serve', port: options.port ?? 80, targetPort: RAY_SERVE_PORT, protocol: 'TCP' }],
    },
  };
  // A JSON patch is applied after cdk8s drops undefined fields: drop them here too.
  ApiObject.of(service.apiObject).addJsonPatch(JsonPatch.add('/spec/serveService', JSON.parse(JSON.stringify(serveService))));
}
