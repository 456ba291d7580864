import { Json } from '../../k8s/pod-templates';
import { rayClusterSpecOf } from '../../k8s/ray-cluster-spec';
import { describeId, objectId } from '../object-id';

function ports(service: Json): string {
  const list = ((service.spec?.ports ?? []) as Json[]).map((p) => String(p.port));
  return list.length > 0 ? ` :${list.join(',')}` : '';
}

/**
 * Ways in from outside the cluster an object opens, one line each: LoadBalancer Services,
 * Ingresses, Gateway API Gateways and HTTPRoutes, and those KubeRay creates for a Ray cluster
 * (`headGroupSpec.serviceType: LoadBalancer`, `enableIngress`, a RayService's `serveService`).
 */
export function publicEndpoints(obj: Json): string[] {
  const id = describeId(objectId(obj));
  switch (obj.kind) {
    case 'Service':
      return obj.spec?.type === 'LoadBalancer' ? [`${id} (LoadBalancer${ports(obj)})`] : [];
    case 'Ingress': {
      const rules = (obj.spec?.rules ?? []) as Json[];
      const hosts = rules.map((r) => r.host ?? '*');
      return [`${id} (Ingress, hosts ${hosts.length > 0 ? hosts.join(', ') : '*'})`];
    }
    case 'Gateway':
      return [`${id} (Gateway, listeners ${((obj.spec?.listeners ?? []) as Json[]).map((l) => `${l.protocol}:${l.port}`).join(', ')})`];
    case 'HTTPRoute':
      return [`${id} (HTTPRoute, hostnames ${((obj.spec?.hostnames ?? ['*']) as string[]).join(', ')})`];
  }
  const cluster = rayClusterSpecOf(obj)?.spec;
  return [
    ...(cluster?.headGroupSpec?.serviceType === 'LoadBalancer' ? [`${id} head Service (LoadBalancer, created by KubeRay)`] : []),
    ...(cluster?.headGroupSpec?.enableIngress === true ? [`${id} head Ingress (created by KubeRay)`] : []),
    ...(obj.kind === 'RayService' && obj.spec?.serveService?.spec?.type === 'LoadBalancer'
      ? [`${id} Serve Service (LoadBalancer${ports(obj.spec.serveService)})`]
      : []),
  ];
}
