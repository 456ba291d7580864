import { NodePool } from '../../environments/types';
import { Json, podTemplates } from '../../k8s/pod-templates';
import { argoWorkflowSpec } from '../../k8s/argo-workflows';
import { rayClusterSpecOf } from '../../k8s/ray-cluster-spec';
import { SourcedObject, chartOf } from '../../k8s/manifests';
import { compareStrings } from '../object-id';
import { DiagramGraph, GraphBuilder, NodeKind } from './model';
import { addRayObject, nodeId, serveRoutes } from './ray-nodes';
import { addClaim, addService, linkClaims, linkServices } from './relations';
import { addPools } from './pool-nodes';
import { addWorkflow } from './workflow-nodes';

/** `*` and `?` of an Argo CD `directory.include` glob, enough for the file names we write. */
function globMatches(glob: string, name: string): boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`).test(name);
}

/** `dist/gke/ray-sandbox.k8s.yaml` → `dist/gke`. */
function folderOf(file: string): string {
  return file.split('/').slice(0, -1).join('/');
}

function isApplication(obj: Json): boolean {
  return obj.kind === 'Application' && String(obj.apiVersion).startsWith('argoproj.io/');
}

/**
 * One environment's objects as a graph: Argo CD Applications → the charts they sync (a box per
 * chart file) → Ray objects and workflows → worker groups with GPUs, workflow stages, the
 * RayJobs stages create; PVCs with edges from the pods that mount them; Services with edges to
 * the pods they route to; with the environment's node pools, the pools and which pods land on
 * which pool (`addPools`). Objects of other kinds are counted per chart in one node.
 */
export function buildGraph(environment: string, objects: readonly SourcedObject[], pools: readonly NodePool[] = []): DiagramGraph {
  const g = new GraphBuilder(environment);
  // Charts first, Argo CD last: Graphviz then draws Argo CD on top.
  const argoLast = (f: string) => (f.startsWith('argocd/') ? `~${f}` : f);
  const chartFiles = [...new Set(objects.map((o) => o.file))].sort((a, b) => compareStrings(argoLast(a), argoLast(b)));
  const services: Json[] = [];
  const ingresses: Json[] = [];
  for (const file of chartFiles) {
    const inFile = objects.filter((o) => o.file === file).map((o) => o.object);
    const argo = file.startsWith('argocd/');
    const box = argo
      ? g.cluster({ id: 'cluster:argocd', label: `Argo CD (${file.split('/').slice(0, 2).join('/')}/)` })
      : g.cluster({ id: `cluster:${file}`, label: `chart ${chartOf(file)} (${file})` });
    const others: string[] = [];
    for (const obj of inFile) {
      if (isApplication(obj)) addApplication(g, obj, box);
      else if (rayClusterSpecOf(obj) || obj.kind === 'RayJob') addRayObject(g, obj, box, obj.kind === 'RayService' ? serveRoutes(obj) : []);
      else if (argoWorkflowSpec(obj)?.spec) addWorkflow(g, obj, box);
      else if (obj.kind === 'PersistentVolumeClaim') addClaim(g, obj, box);
      else if (obj.kind === 'Service') {
        services.push(obj);
        addService(g, obj, box);
      } else if (obj.kind === 'Ingress') {
        ingresses.push(obj);
        addIngress(g, obj, box);
      } else if (podTemplates(obj).length > 0) addWorkload(g, obj, box);
      else if (!argo) others.push(obj.kind);
    }
    if (others.length > 0) addMore(g, box, others);
  }
  addServeServices(g, objects.map((o) => o.object));
  linkApplications(g, objects, chartFiles);
  linkClaims(g);
  linkServices(g, services, ingresses);
  addPools(g, pools);
  return g.build();
}

function addApplication(g: GraphBuilder, app: Json, box: string): void {
  const source = app.spec?.source ?? {};
  const what = source.chart ? `Helm ${source.chart} ${source.targetRevision ?? ''}`.trim() : `${source.path ?? ''}${source.directory?.include ? `/${source.directory.include}` : ''}`;
  g.node({ id: nodeId(app), kind: NodeKind.APPLICATION, title: `Application ${app.metadata?.name}`, lines: [what], cluster: box });
}

/** Root → child Applications (the files under its path), child → the chart boxes it syncs. */
function linkApplications(g: GraphBuilder, objects: readonly SourcedObject[], chartFiles: string[]): void {
  const apps = objects.filter((o) => isApplication(o.object));
  for (const { object: app } of apps) {
    const source = app.spec?.source ?? {};
    if (typeof source.path !== 'string') continue;
    const include = source.directory?.include;
    const recurse = source.directory?.recurse === true;
    const synced = (file: string) =>
      recurse ? file.startsWith(`${source.path}/`) : folderOf(file) === source.path && (!include || globMatches(include, file.split('/').pop()!));
    for (const child of apps.filter((o) => o.object !== app && synced(o.file))) {
      g.edge({ from: nodeId(app), to: nodeId(child.object), label: 'syncs' });
    }
    for (const file of chartFiles.filter((f) => !f.startsWith('argocd/') && synced(f))) {
      const box = `cluster:${file}`;
      const anchor = g.anchorOf(box);
      if (anchor) g.edge({ from: nodeId(app), to: anchor, toCluster: box, loose: true });
    }
  }
}

function addIngress(g: GraphBuilder, ing: Json, box: string): string {
  const hosts = ((ing.spec?.rules ?? []) as Json[]).map((r) => r.host ?? '*');
  return g.node({ id: nodeId(ing), kind: NodeKind.SERVICE, title: `Ingress ${ing.metadata?.name}`, lines: [hosts.join(', ') || '*'], cluster: box });
}

function addWorkload(g: GraphBuilder, obj: Json, box: string): void {
  const node = g.node({ id: nodeId(obj), kind: NodeKind.WORKLOAD, title: `${obj.kind} ${obj.metadata?.name}`, lines: [], cluster: box });
  const labels = obj.spec?.template?.metadata?.labels ?? {};
  for (const ref of podTemplates(obj)) g.pods.push({ node, namespace: String(obj.metadata?.namespace ?? ''), spec: ref.spec, labels });
}

/** `+ 4 more: ConfigMap ×2, Role, ServiceAccount`. */
function addMore(g: GraphBuilder, box: string, kinds: string[]): void {
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  const list = [...counts.entries()].sort(([a], [b]) => compareStrings(a, b)).map(([k, n]) => (n > 1 ? `${k} ×${n}` : k));
  g.node({ id: `${box}#more`, kind: NodeKind.MORE, title: `+ ${kinds.length} more`, lines: [list.join(', ')], cluster: box });
}

/** The Serve Service KubeRay creates for every RayService (`<name>-serve-svc`, port 8000). */
function addServeServices(g: GraphBuilder, objects: readonly Json[]): void {
  for (const svc of objects.filter((o) => o.kind === 'RayService')) {
    const rayService = nodeId(svc);
    const id = g.node({
      id: `${rayService}#serve-svc`,
      kind: NodeKind.SERVICE,
      title: `Service ${svc.metadata?.name}-serve-svc`,
      lines: ['created by KubeRay', `${svc.spec?.serveService?.spec?.type ?? 'ClusterIP'} :8000`],
      cluster: g.clusterOf(rayService),
    });
    g.edge({ from: id, to: rayService, label: 'routes to Serve' });
  }
}
