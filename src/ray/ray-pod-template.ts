import { k8s } from 'cdk8s-plus-28';
import { ComputeResources, containerResources } from '../k8s/compute-resources';
import { RESTRICTED_WRITABLE_CONTAINER, restrictedPod } from '../k8s/pod-security';
import { NodePlacement } from '../placement/node-placement';
import { RayVolume } from './ray-volume';

/** Everything that differs between the pod templates of a Ray head and of a worker group. */
export interface RayPodTemplateOptions {
  /** `ray-head` or `ray-worker`: the name of containers[0], which KubeRay treats as the Ray container. */
  readonly containerName: 'ray-head' | 'ray-worker';
  readonly placement: NodePlacement;
  readonly resources: ComputeResources;
  readonly ports: Record<string, number>;
  readonly env: Record<string, string>;
  readonly volumes: readonly RayVolume[];
  /** `Never` with the autoscaler (KubeRay requires it for v2): the autoscaler, not the kubelet, replaces pods. */
  readonly restartPolicy?: 'Never';
  readonly serviceAccountName?: string;
  /**
   * The pod talks to the Kubernetes API: the head with the autoscaler sidecar, which KubeRay
   * runs under the pod's ServiceAccount. Other Ray pods get no API token.
   */
  readonly apiAccess: boolean;
  readonly labels: Record<string, string>;
}

/** Ray writes logs and spill files under /tmp/ray: an emptyDir keeps them off the container layer. */
const RAY_LOGS: RayVolume = { volume: { name: 'ray-logs', emptyDir: {} }, mountPath: '/tmp/ray' };

/** The rayproject/ray images run as user `ray` (uid 1000). */
export const RAY_UID = 1000;

/** Builds the pod template of one Ray group as Kubernetes JSON. */
export function rayPodTemplate(options: RayPodTemplateOptions): Record<string, unknown> {
  const volumes = [RAY_LOGS, ...options.volumes];
  const env = Object.entries(options.env)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value }));
  const template: k8s.PodTemplateSpec = {
    metadata: { labels: options.labels },
    spec: {
      containers: [
        {
          name: options.containerName,
          image: `${options.placement.image.repository}:${options.placement.image.tag}`,
          imagePullPolicy: 'IfNotPresent',
          resources: containerResources(options.resources),
          ports: Object.entries(options.ports).map(([name, containerPort]) => ({ name, containerPort })),
          env: env.length > 0 ? env : undefined,
          volumeMounts: volumes.map((v) => ({ name: v.volume.name, mountPath: v.mountPath, readOnly: v.readOnly })),
          // Lets Ray drain the node (tasks finish, objects move) before Kubernetes kills the pod.
          lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', 'ray stop'] } } },
          securityContext: RESTRICTED_WRITABLE_CONTAINER,
        },
      ],
      volumes: volumes.map((v) => v.volume),
      nodeSelector: options.placement.nodeSelector,
      affinity: options.placement.affinity,
      tolerations: options.placement.tolerations,
      restartPolicy: options.restartPolicy,
      serviceAccountName: options.serviceAccountName,
      automountServiceAccountToken: options.apiAccess ? undefined : false,
      securityContext: restrictedPod({ uid: RAY_UID, fsGroup: RAY_UID }),
    },
  };
  return k8s.toJson_PodTemplateSpec(template)!;
}
