import { Json } from '../../k8s/pod-templates';
import { GraphBuilder, NodeKind, PodOwner } from './model';
import { nodeId } from './ray-nodes';

/** `ReadWriteMany · 200Gi · standard-rwx`: what a reviewer needs to know about a claim. */
export function addClaim(g: GraphBuilder, pvc: Json, cluster: string): string {
  const spec = pvc.spec ?? {};
  return g.node({
    id: nodeId(pvc),
    kind: NodeKind.VOLUME,
    title: `PVC ${pvc.metadata?.name}`,
    lines: [[spec.resources?.requests?.storage, (spec.accessModes ?? []).join(','), spec.storageClassName].filter((s) => s).join(' · ')],
    cluster,
  });
}

/** An edge from every pod that mounts a claim to the claim, labelled with where and how. */
export function linkClaims(g: GraphBuilder): void {
  for (const pod of g.pods) {
    const volumes = [...((pod.spec.volumes ?? []) as Json[]), ...((pod.extraVolumes ?? []) as Json[])];
    const claims = new Map(volumes.filter((v) => v.persistentVolumeClaim?.claimName).map((v) => [v.name, v.persistentVolumeClaim]));
    const mounts = ((pod.spec.containers ?? []) as Json[]).flatMap((c) => (c.volumeMounts ?? []) as Json[]);
    for (const m of mounts) {
      const claim = claims.get(m.name);
      const target = claim && `PersistentVolumeClaim/${pod.namespace}/${claim.claimName}`;
      if (!target || !g.has(target)) continue;
      const readOnly = m.readOnly === true || claim.readOnly === true;
      g.edge({ from: pod.node, to: target, label: `${m.mountPath}${readOnly ? ' (ro)' : ''}`, dashed: true });
    }
  }
}

function selects(selector: Record<string, string>, pod: PodOwner): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => pod.labels[k] === v);
}

/** A Service and an edge to every pod group its selector picks. */
export function addService(g: GraphBuilder, svc: Json, cluster: string): string {
  const spec = svc.spec ?? {};
  const ports = ((spec.ports ?? []) as Json[]).map((p) => `:${p.port}`).join(' ');
  return g.node({
    id: nodeId(svc),
    kind: NodeKind.SERVICE,
    title: `Service ${svc.metadata?.name}`,
    lines: [[spec.type ?? 'ClusterIP', ports].filter((s) => s).join(' ')],
    cluster,
  });
}

/** Edges from Services to the pods they select and from Ingresses to their backend Services. */
export function linkServices(g: GraphBuilder, services: readonly Json[], ingresses: readonly Json[]): void {
  for (const svc of services) {
    const selector = svc.spec?.selector ?? {};
    for (const pod of g.pods.filter((p) => p.namespace === String(svc.metadata?.namespace ?? '') && selects(selector, p))) {
      g.edge({ from: nodeId(svc), to: pod.node, label: 'routes to' });
    }
  }
  for (const ing of ingresses) {
    const backends = ((ing.spec?.rules ?? []) as Json[]).flatMap((r) => (r.http?.paths ?? []) as Json[]);
    for (const b of backends) {
      const target = `Service/${ing.metadata?.namespace ?? ''}/${b.backend?.service?.name}`;
      if (g.has(target)) g.edge({ from: nodeId(ing), to: target, label: b.path ?? '/' });
    }
  }
}
