import { fieldPath } from '../../k8s/field-path';
import { objectItems, objectOrUndefined } from '../../k8s/json';
import { rayClusterSpecOf } from '../../k8s/ray-cluster-spec';
import { KnownPod, knownPods, matches, rayClusterPods } from './known-pods';
import { Policy } from './policy';

// Source: https://kubernetes.io/docs/concepts/services-networking/service/ (targetPort names a
// container port of the selected pods; a Service whose selector or port matches no pod has no
// endpoints).

/** Whether a pod serves `target` (a port name or number). */
function serves(pod: KnownPod, target: string | number): boolean {
  return pod.ports.some((p) => (typeof target === 'number' ? p.containerPort === target : p.name === target));
}

function portFindings(id: string, ports: unknown, portsPath: string, pods: KnownPod[]): { rule: string; path: string; message: string }[] {
  return objectItems(ports).flatMap(({ item: port, index: i }) => {
    const target: string | number = port.targetPort ?? port.port;
    return pods
      .filter((pod) => !serves(pod, target))
      .map((pod) => ({
        rule: id,
        path: fieldPath(portsPath, i, 'targetPort'),
        message: `port '${port.name ?? port.port}' targets ${typeof target === 'number' ? `port ${target}` : `port name '${target}'`}, which ${pod.owner} does not declare (its ports: ${pod.ports.map((p) => `${p.name ?? '-'}=${p.containerPort}`).join(', ') || 'none'})`,
      }));
  });
}

/**
 * Every port a Service targets exists on every pod it selects, and it selects some pod of the
 * environment: a wrong name or number leaves the Service without endpoints (or some pods out)
 * and nothing fails until a client does. Pods are those the environment's objects create, with
 * the labels KubeRay adds; a RayService's `serveService` selects that service's own pods.
 */
export const serviceTargetPorts: Policy = {
  id: 'policy/service-target-ports',
  description: 'Services select pods of the environment that declare the ports they target',
  check(obj, { objects }) {
    if (obj.kind === 'RayService' && obj.spec?.serveService) {
      const cluster = rayClusterSpecOf(obj);
      const pods = cluster ? rayClusterPods('RayService', String(obj.metadata?.name ?? ''), cluster) : [];
      return portFindings(this.id, obj.spec.serveService.spec?.ports, 'spec.serveService.spec.ports', pods);
    }
    const selector: Record<string, string> | undefined = objectOrUndefined(obj.spec?.selector);
    if (obj.kind !== 'Service' || !selector || Object.keys(selector).length === 0) return [];
    const pods = knownPods(objects).filter((pod) => matches(selector, pod.labels));
    if (pods.length === 0) {
      return [{ rule: this.id, path: 'spec.selector', message: `selector ${JSON.stringify(selector)} matches no pod any object of the environment creates` }];
    }
    return portFindings(this.id, obj.spec.ports, 'spec.ports', pods);
  },
};
