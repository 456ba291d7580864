import { KUBERAY_VERSION } from '../k8s/kuberay-version';
import { GroupKind } from './app-project';
import { HelmChartSource } from './application';

/** An operator installed from a Helm chart before the workloads that use its CRDs. */
export interface PlatformComponent {
  /** Application id: `argocd/<env>/apps/<id>.k8s.yaml`, Application `<env>-<id>`. */
  readonly id: string;
  readonly source: HelmChartSource;
  /** Namespace the chart installs into. */
  readonly namespace: string;
  /** API groups whose CRDs the chart installs; Applications using them come in a later wave. */
  readonly providesGroups: readonly string[];
  /** The cluster-scoped kinds the chart creates, for its AppProject. */
  readonly clusterResources: readonly GroupKind[];
}

/**
 * The KubeRay operator from its Helm chart, pinned to `KUBERAY_VERSION`: the version whose CRDs
 * (`crds/kuberay/`) every Ray object is validated against. With the chart's defaults
 * (not `singleNamespaceInstall`, no webhooks) it creates the ray.io CRDs, ClusterRoles and a
 * ClusterRoleBinding besides its namespaced Deployment, ServiceAccount, Service and leader
 * election Role. Its CRDs need server-side apply (see `SyncOption.SERVER_SIDE_APPLY`).
 */
export const KUBERAY_OPERATOR: PlatformComponent = {
  id: 'kuberay-operator',
  source: {
    repoURL: 'https://ray-project.github.io/kuberay-helm/',
    chart: 'kuberay-operator',
    targetRevision: KUBERAY_VERSION,
    releaseName: 'kuberay-operator',
  },
  namespace: 'kuberay-system',
  providesGroups: ['ray.io'],
  clusterResources: [
    { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
    { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
    { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
  ],
};

/**
 * Operators every environment gets, installed by its root before the workloads. Argo CD and
 * Argo Workflows are not among them: they are cluster prerequisites (see `PREREQUISITE_GROUPS`),
 * installed together from their release manifests with server-side apply (Argo Workflows' full
 * CRDs exceed the client-side apply limit too) before the bootstrap, since Argo CD cannot
 * install itself.
 */
export const PLATFORM_COMPONENTS: readonly PlatformComponent[] = [KUBERAY_OPERATOR];

/**
 * API groups of the custom resources a cluster has before the bootstrap (Argo CD, Argo Workflows,
 * and the Prometheus Operator of the cluster's monitoring stack, which the `ray-monitoring`
 * chart's PodMonitor and PrometheusRule need).
 */
export const PREREQUISITE_GROUPS: readonly string[] = ['argoproj.io', 'monitoring.coreos.com'];
