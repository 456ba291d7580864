import { Json } from '../../k8s/pod-templates';
import { argoWorkflowSpec, embeddedObjects } from '../../k8s/argo-workflows';
import { rayClusterSpecOf } from '../../k8s/ray-cluster-spec';
import { objectScale } from '../../capacity/scale';
import { GraphBuilder, NodeKind } from './model';
import { addRayObject, nodeId } from './ray-nodes';

/** A drawn step: the node to connect to, and the cluster whose border edges should end at. */
interface Drawn {
  readonly node: string;
  readonly cluster?: string;
}

function fanOut(task: Json, parallelism: unknown): string {
  const items = Array.isArray(task.withItems) ? `×${task.withItems.length}` : task.withParam ? '× each item' : task.withSequence ? '× sequence' : '';
  if (!items) return '';
  return typeof parallelism === 'number' ? `${items}, ${parallelism} at a time` : items;
}

/**
 * An Argo workflow object as a node followed by its stages from the entrypoint: DAG tasks in
 * dependency order, step groups in sequence, nested DAGs as boxes (with their fan-out), and the
 * objects `resource` steps create (a RayJob with its worker groups).
 */
export function addWorkflow(g: GraphBuilder, obj: Json, cluster: string): string {
  const wf = argoWorkflowSpec(obj)?.spec ?? {};
  const id = nodeId(obj);
  const ref = wf.workflowTemplateRef?.name;
  const schedules: string[] = obj.spec?.schedules ?? (obj.spec?.schedule ? [obj.spec.schedule] : []);
  const gpus = objectScale(obj).gpus;
  g.node({
    id,
    kind: NodeKind.WORKFLOW,
    title: `${obj.kind} ${obj.metadata?.name}`,
    lines: [
      ...schedules.map((s) => `schedule: ${s}`),
      ...(ref ? [] : [`entrypoint: ${wf.entrypoint ?? '(none)'}`, `peak of a run: ${gpus} GPU${gpus === 1 ? '' : 's'}`]),
    ],
    cluster,
  });
  if (ref) {
    g.edge({ from: id, to: `WorkflowTemplate/${obj.metadata?.namespace ?? ''}/${ref}`, label: 'runs', dashed: true });
    return id;
  }
  const templates = new Map(((wf.templates ?? []) as Json[]).map((t) => [String(t.name), t]));
  const created = new Map(embeddedObjects(obj).map((e) => [e.template, e.object]));
  const namespace = String(obj.metadata?.namespace ?? '');

  const leaf = (nodeKey: string, title: string, t: Json, fan: string, box: string): Drawn => {
    const kind = t.container ? 'container' : t.script ? 'script' : t.resource ? `resource: ${t.resource.action ?? ''}` : 'suspend';
    const node = g.node({ id: nodeKey, kind: NodeKind.STEP, title, lines: [kind, ...(fan ? [fan] : [])], cluster: box });
    const body = t.container ?? t.script;
    if (body) g.pods.push({ node, namespace, spec: { ...t, containers: [body] }, labels: t.metadata?.labels ?? {}, extraVolumes: wf.volumes ?? [] });
    const made = created.get(String(t.name));
    if (made && rayClusterSpecOf(made)) {
      // Created in the workflow's namespace unless the manifest names one.
      const object = { ...made, metadata: { namespace, ...made.metadata } };
      g.edge({ from: node, to: addRayObject(g, object, box), label: 'creates' });
    }
    return { node };
  };

  const expand = (name: string, key: string, box: string, stack: string[]): Drawn[] => {
    const t = templates.get(name);
    if (!t || stack.includes(name)) return [];
    const inner = [...stack, name];
    const draw = (task: Json): Drawn => {
      const taskKey = `${key}>${task.name}`;
      const child = templates.get(String(task.template));
      const fan = fanOut(task, t.parallelism);
      if (child && (child.dag || child.steps)) {
        const sub = g.cluster({ id: `cluster:${taskKey}`, label: `${task.name}${fan ? ` ${fan}` : ''}`, parent: box });
        const first = expand(String(task.template), taskKey, sub, inner);
        return { node: first[0]?.node ?? g.node({ id: taskKey, kind: NodeKind.STEP, title: String(task.name), lines: [], cluster: sub }), cluster: sub };
      }
      return leaf(taskKey, String(task.name), child ?? {}, fan, box);
    };
    const link = (from: Drawn, to: Drawn) => g.edge({ from: from.node, to: to.node, fromCluster: from.cluster, toCluster: to.cluster });
    if (t.dag) {
      const tasks = (t.dag.tasks ?? []) as Json[];
      const drawn = new Map(tasks.map((task) => [String(task.name), draw(task)]));
      const roots: Drawn[] = [];
      for (const task of tasks) {
        const deps = [...(task.dependencies ?? []), ...String(task.depends ?? '').split(/[^A-Za-z0-9_.-]+/).map((s) => s.split('.')[0])];
        const known = deps.filter((d: string) => drawn.has(d));
        if (known.length === 0) roots.push(drawn.get(String(task.name))!);
        for (const d of known) link(drawn.get(d)!, drawn.get(String(task.name))!);
      }
      return roots;
    }
    if (t.steps) {
      const groups = (t.steps as Json[][]).map((group) => group.map(draw));
      groups.slice(1).forEach((group, i) => groups[i].forEach((from) => group.forEach((to) => link(from, to))));
      return groups[0] ?? [];
    }
    return [leaf(key, name, t, '', box)];
  };

  const entry = typeof wf.entrypoint === 'string' ? wf.entrypoint : undefined;
  if (entry) for (const first of expand(entry, id, cluster, [])) g.edge({ from: id, to: first.node, toCluster: first.cluster });
  return id;
}
