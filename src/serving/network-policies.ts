import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { RAY_HEAD_PORTS, RAY_METRICS_PORT, RAY_SERVE_PORT } from '../ray/ray-ports';

/** Where the KubeRay operator and Prometheus run: the callers the Ray pods must admit from outside. */
export interface ClusterCallers {
  /**
   * Namespace of the KubeRay operator, which polls the head's dashboard (Serve status) and
   * Serve proxy health.
   * @default 'kuberay-system'
   */
  readonly operatorNamespace?: string;
  /**
   * Namespace of the Prometheus that scrapes the metrics port.
   * @default 'monitoring'
   */
  readonly monitoringNamespace?: string;
}

/** Props of {@link RayServeNetworkPolicy}. */
export interface RayServeNetworkPolicyProps extends ClusterCallers {
  /** `metadata.name`. */
  readonly name: string;
  /** Labels that select the service's Ray pods (head and workers). */
  readonly podSelector: Record<string, string>;
}

const namespaceSelector = (name: string): k8s.LabelSelector => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });
const tcp = (...ports: number[]): k8s.NetworkPolicyPort[] => ports.map((port) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) }));

/**
 * Ingress of a RayService's pods: from anywhere only the Serve port (8000); the dashboard
 * (8265) only from the KubeRay operator, metrics (8080) only from Prometheus; GCS (6379),
 * Ray Client (10001) and Ray's internal ports only from pods of the same namespace (workers,
 * job submitters). Egress stays open: replicas fetch models and write to buckets.
 */
export class RayServeNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: RayServeNetworkPolicyProps) {
    super(scope, id);
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name },
      spec: {
        podSelector: { matchLabels: props.podSelector },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ podSelector: {} }] },
          { ports: tcp(RAY_SERVE_PORT) },
          {
            from: [
              {
                namespaceSelector: namespaceSelector(props.operatorNamespace ?? 'kuberay-system'),
                podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kuberay-operator' } },
              },
            ],
            ports: tcp(RAY_HEAD_PORTS.dashboard),
          },
          { from: [{ namespaceSelector: namespaceSelector(props.monitoringNamespace ?? 'monitoring') }], ports: tcp(RAY_METRICS_PORT) },
        ],
      },
    });
  }
}

/** Props of {@link NamespaceOnlyNetworkPolicy}. */
export interface NamespaceOnlyNetworkPolicyProps {
  /** `metadata.name`. */
  readonly name: string;
  /** Labels of the pods the policy protects. */
  readonly podSelector: Record<string, string>;
  /** The ports those pods serve. */
  readonly ports: number[];
  /**
   * Labels of the only pods admitted.
   * @default - every pod of the namespace
   */
  readonly from?: Record<string, string>;
}

/** Ingress only from pods of the same namespace (optionally only some), on the given ports. */
export class NamespaceOnlyNetworkPolicy extends Construct {
  constructor(scope: Construct, id: string, props: NamespaceOnlyNetworkPolicyProps) {
    super(scope, id);
    new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: { name: props.name },
      spec: {
        podSelector: { matchLabels: props.podSelector },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: props.from ?? {} } }], ports: tcp(...props.ports) }],
      },
    });
  }
}
