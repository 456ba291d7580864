import { parse } from 'yaml';
import { Json, PodRole, PodTemplateRef, podTemplates } from '../../k8s/pod-templates';
import { rayServiceUpgradeType } from '../../k8s/ray-service-upgrade';
import { podGpus } from '../../placement/scheduling';
import { rayClusterSpecOf } from '../../k8s/ray-cluster-spec';
import { workerGroupScales } from '../../capacity/ray-groups';
import { objectScale } from '../../capacity/scale';
import { GraphBuilder, NodeKind } from './model';

/** `RayService/ray/text-service`: the node id of an object. */
export function nodeId(obj: Json): string {
  const name = obj.metadata?.name ?? `${obj.metadata?.generateName ?? ''}*`;
  return `${obj.kind}/${obj.metadata?.namespace ?? ''}/${name}`;
}

/** `3 CPU · 13Gi`: the first container's limits (else requests), the Ray container by KubeRay's convention. */
function podSize(ref: PodTemplateRef): string {
  const resources = ref.containers.find((c) => !c.init)?.container.resources ?? {};
  const of = (k: string) => resources.limits?.[k] ?? resources.requests?.[k];
  return [of('cpu') !== undefined ? `${of('cpu')} CPU` : undefined, of('memory')].filter((s) => s).join(' · ');
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** Serve applications of a RayService with their routes: `embeddings → /embeddings`. */
export function serveRoutes(obj: Json): string[] {
  if (typeof obj.spec?.serveConfigV2 !== 'string') return [];
  const config = parse(obj.spec.serveConfigV2) as Json | null;
  return ((config?.applications ?? []) as Json[]).map((a) => `${a.name} → ${a.route_prefix ?? '(no route)'}`);
}

/**
 * A Ray object (RayCluster, RayJob, RayService) as a node (with its head pod's size) and one
 * node per worker group (pod counts, size, GPUs). Their pods are registered for volumes and
 * Services: the head's on the object's node.
 */
export function addRayObject(g: GraphBuilder, obj: Json, cluster: string, extraLines: string[] = []): string {
  const id = nodeId(obj);
  const spec = rayClusterSpecOf(obj);
  const scale = objectScale(obj);
  const refs = new Map(podTemplates(obj).map((r) => [r.path, r]));
  const head = [...refs.values()].find((r) => r.role === PodRole.RAY_HEAD);
  const headGpus = head ? podGpus(head) : 0;
  const headLine = head ? [`head: ${[podSize(head), headGpus > 0 ? plural(headGpus, 'GPU') : ''].filter((s) => s).join(' · ')}`] : [];
  const upgrade = obj.kind === 'RayService' ? [`upgrade: ${rayServiceUpgradeType(obj)}`] : [];
  const selector = obj.spec?.clusterSelector?.['ray.io/cluster'];
  g.node({
    id,
    kind: NodeKind.RAY,
    title: `${obj.kind} ${obj.metadata?.name ?? `${obj.metadata?.generateName ?? ''}…`}`,
    lines: [
      ...extraLines,
      ...headLine,
      ...(spec ? [`max ${plural(scale.gpus, 'GPU')}, ${plural(scale.rayWorkerPods, 'worker pod')}`] : []),
      ...upgrade,
    ],
    cluster,
  });
  if (typeof selector === 'string') {
    g.edge({ from: id, to: `RayCluster/${obj.metadata?.namespace ?? ''}/${selector}`, label: 'runs on', dashed: true });
  }
  if (!spec) return id;
  const namespace = String(obj.metadata?.namespace ?? '');
  const clusterLabel = obj.kind === 'RayCluster' ? { 'ray.io/cluster': String(obj.metadata?.name) } : {};
  if (head) {
    const labels = { ...head.rayGroup?.group.template?.metadata?.labels, ...clusterLabel, 'ray.io/node-type': 'head' };
    g.pods.push({ node: id, namespace, spec: head.spec, labels });
  }
  workerGroupScales(spec).forEach((scaleOf) => {
    const ref = refs.get(scaleOf.podPath);
    if (!ref) return;
    const gpus = podGpus(ref);
    const range = scaleOf.minPods === scaleOf.maxPods ? `${scaleOf.maxPods}` : `${scaleOf.minPods}–${scaleOf.maxPods}`;
    const groupId = g.node({
      id: `${id}#${scaleOf.groupName}`,
      kind: gpus > 0 ? NodeKind.GPU_GROUP : NodeKind.RAY_GROUP,
      title: scaleOf.groupName,
      lines: [
        `${range} ${scaleOf.maxPods === 1 ? 'pod' : 'pods'} × ${[podSize(ref), gpus > 0 ? plural(gpus, 'GPU') : ''].filter((s) => s).join(' · ')}`,
        ...(gpus > 0 ? [`up to ${plural(gpus * scaleOf.maxPods, 'GPU')}`] : []),
      ],
      cluster,
    });
    g.edge({ from: id, to: groupId });
    const labels = { ...ref.rayGroup?.group.template?.metadata?.labels, ...clusterLabel, 'ray.io/node-type': 'worker', 'ray.io/group': scaleOf.groupName };
    g.pods.push({ node: groupId, namespace, spec: ref.spec, labels });
  });
  return id;
}
