import { Json, objectItems } from '../../k8s/json';
import { HEAD_GROUP_NAME, RayClusterSpecRef, headGroupOf, rayClusterSpecOf, workerGroupsOf } from '../../k8s/ray-cluster-spec';

/** A container port as the pod declares it (or as KubeRay implies it). */
export interface KnownPort {
  readonly name?: string;
  readonly containerPort: number;
}

/** A pod some object of the environment creates, with the labels and ports it will have. */
export interface KnownPod {
  /** `Kind/name` of the creating object, plus the Ray group (`RayService/x head`). */
  readonly owner: string;
  readonly labels: Record<string, string>;
  readonly ports: KnownPort[];
}

/** KubeRay's default Serve port, which a RayService's worker readiness probe checks when the container declares none. */
const KUBERAY_SERVE_PORT: KnownPort = { name: 'serve', containerPort: 8000 };

function declaredPorts(podSpec: Json | undefined): KnownPort[] {
  return objectItems(podSpec?.containers).flatMap(({ item: c }) => objectItems(c.ports).map(({ item: p }) => ({ name: p.name, containerPort: p.containerPort })));
}

/**
 * The pods of a Ray cluster spec with the labels KubeRay v1.7 adds (`common/pod.go`
 * `labelPod`, `BuildPod`): node type, group, `ray.io/is-ray-node`, the app labels, `ray.io/cluster`
 * where the cluster's name is known (a RayCluster; RayJob and RayService clusters get a generated
 * one), and `ray.io/serve` on RayService pods (workers always "true"; the head's follows its
 * proxy's health, so it is left out).
 */
export function rayClusterPods(kind: string, name: string, cluster: RayClusterSpecRef): KnownPod[] {
  const common: Record<string, string> = {
    'ray.io/is-ray-node': 'yes',
    'app.kubernetes.io/name': 'kuberay',
    'app.kubernetes.io/created-by': 'kuberay-operator',
    ...(kind === 'RayCluster' ? { 'ray.io/cluster': name } : {}),
  };
  const head = headGroupOf(cluster);
  const headTemplate = head.group.template;
  const pods: KnownPod[] = headTemplate
    ? [{ owner: `${kind}/${name} head`, labels: { ...headTemplate.metadata?.labels, ...common, 'ray.io/node-type': 'head', 'ray.io/group': HEAD_GROUP_NAME }, ports: declaredPorts(head.podSpec) }]
    : [];
  for (const { group, groupName, podSpec } of workerGroupsOf(cluster)) {
    const ports = declaredPorts(podSpec);
    const serve = kind === 'RayService' ? { 'ray.io/serve': 'true' } : {};
    pods.push({
      owner: `${kind}/${name} ${groupName}`,
      labels: { ...group.template?.metadata?.labels, ...common, ...serve, 'ray.io/node-type': 'worker', 'ray.io/group': String(groupName) },
      ports: kind === 'RayService' && !ports.some((p) => p.name === 'serve') ? [...ports, KUBERAY_SERVE_PORT] : ports,
    });
  }
  return pods;
}

/** Per object list: every Service of a run asks about the same list, whose objects are never changed after parsing. */
const podsOfObjects = new WeakMap<readonly Json[], readonly KnownPod[]>();

/** Every pod the objects create, as far as their templates tell. */
export function knownPods(objects: readonly Json[]): readonly KnownPod[] {
  let pods = podsOfObjects.get(objects);
  if (!pods) podsOfObjects.set(objects, (pods = findKnownPods(objects)));
  return pods;
}

function findKnownPods(objects: readonly Json[]): KnownPod[] {
  return objects.flatMap((obj): KnownPod[] => {
    const name = String(obj.metadata?.name ?? '');
    const cluster = rayClusterSpecOf(obj);
    if (cluster) return rayClusterPods(obj.kind, name, cluster);
    if (obj.kind === 'Pod') return [{ owner: `Pod/${name}`, labels: obj.metadata?.labels ?? {}, ports: declaredPorts(obj.spec) }];
    const template = obj.spec?.template;
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'].includes(obj.kind) && template) {
      return [{ owner: `${obj.kind}/${name}`, labels: template.metadata?.labels ?? {}, ports: declaredPorts(template.spec) }];
    }
    return [];
  });
}

/** Whether `labels` carry every key/value of `selector`. */
export function matches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
