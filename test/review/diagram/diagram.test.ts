import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { buildGraph } from '../../../src/review/diagram/build-graph';
import { NodeKind } from '../../../src/review/diagram/model';
import { renderDiagrams } from '../../../src/review/diagram/render';
import { SourcedObject } from '../../../src/k8s/manifests';
import { clusterSpec, inFile, rayPod, rayService, service } from '../fixtures';
import { capacityEnvironment, podSpec } from '../../support/capacity-environment';

const claimVolume = [{ name: 'data', persistentVolumeClaim: { claimName: 'shared' } }];
const claimMount = [{ name: 'data', mountPath: '/data', readOnly: true }];

/** One environment: an Argo CD root and child Application, a serving chart and a pipeline chart. */
function objects(): SourcedObject[] {
  const cluster = clusterSpec({ gpuMax: 3 });
  cluster.workerGroupSpecs[1].template = rayPod('ray-worker', 'ray-gpu', '3', '13Gi', 1, claimVolume, claimMount);
  const pvc = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'shared', namespace: 'ray' },
    spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '50Gi' } }, storageClassName: 'rwx' },
  };
  const job = { apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: { generateName: 'embed-' }, spec: { rayClusterSpec: clusterSpec({ gpuMax: 1 }) } };
  const workflow = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'WorkflowTemplate',
    metadata: { name: 'pipeline', namespace: 'ray' },
    spec: {
      entrypoint: 'main',
      templates: [
        { name: 'main', dag: { tasks: [{ name: 'download', template: 'download' }, { name: 'embed', template: 'embed', depends: 'download' }] } },
        { name: 'download', container: { name: 'main', image: 'curl', volumeMounts: [{ name: 'data', mountPath: '/data' }] }, volumes: claimVolume },
        { name: 'embed', resource: { action: 'create', manifest: stringify(job) } },
      ],
    },
  };
  const app = (name: string, source: object) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'argocd' },
    spec: { source },
  });
  const serve = rayService('text', cluster);
  serve.spec.rayClusterConfig.headGroupSpec.template.metadata = { labels: { app: 'text' } };
  return [
    { file: 'argocd/gke/bootstrap.k8s.yaml', object: app('root', { path: 'argocd/gke', directory: { recurse: true } }) },
    { file: 'argocd/gke/apps/serving.k8s.yaml', object: app('gke-serving', { path: 'dist/gke', directory: { include: 'serving.k8s.yaml' } }) },
    ...inFile('gke', 'serving', serve, service('text-lb', 'LoadBalancer', { app: 'text', 'ray.io/node-type': 'head' }), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'ray' },
    }),
    ...inFile('gke', 'pipeline', pvc, workflow),
  ];
}

describe('architecture graph', () => {
  const graph = buildGraph('gke', objects());
  const node = (id: string) => graph.nodes.find((n) => n.id === id);
  const edges = graph.edges.map((e) => `${e.from} -> ${e.to}${e.label ? ` (${e.label})` : ''}`);

  test('a box per chart file and one for Argo CD', () => {
    expect(graph.clusters.map((c) => c.label)).toEqual([
      'chart pipeline (dist/gke/pipeline.k8s.yaml)',
      'chart serving (dist/gke/serving.k8s.yaml)',
      'Argo CD (argocd/gke/)',
    ]);
  });

  test('nodes: Applications, Ray objects with their head, worker groups with GPUs, stages, the claim, Services', () => {
    expect(graph.nodes.map((n) => [n.id, n.kind, n.title, ...n.lines])).toEqual([
      ['PersistentVolumeClaim/ray/shared', NodeKind.VOLUME, 'PVC shared', '50Gi · ReadWriteMany · rwx'],
      ['WorkflowTemplate/ray/pipeline', NodeKind.WORKFLOW, 'WorkflowTemplate pipeline', 'entrypoint: main', 'peak of a run: 1 GPU'],
      ['WorkflowTemplate/ray/pipeline>download', NodeKind.STEP, 'download', 'container'],
      ['WorkflowTemplate/ray/pipeline>embed', NodeKind.STEP, 'embed', 'resource: create'],
      ['RayJob/ray/embed-*', NodeKind.RAY, 'RayJob embed-…', 'head: 1 CPU · 3Gi', 'max 1 GPU, 3 worker pods'],
      ['RayJob/ray/embed-*#cpu', NodeKind.RAY_GROUP, 'cpu', '1–2 pods × 2 CPU · 4Gi'],
      ['RayJob/ray/embed-*#gpu', NodeKind.GPU_GROUP, 'gpu', '0–1 pod × 3 CPU · 13Gi · 1 GPU', 'up to 1 GPU'],
      ['RayService/ray/text', NodeKind.RAY, 'RayService text', 'embeddings → /embeddings', 'head: 1 CPU · 3Gi', 'max 3 GPUs, 5 worker pods', 'upgrade: NewCluster'],
      ['RayService/ray/text#cpu', NodeKind.RAY_GROUP, 'cpu', '1–2 pods × 2 CPU · 4Gi'],
      ['RayService/ray/text#gpu', NodeKind.GPU_GROUP, 'gpu', '0–3 pods × 3 CPU · 13Gi · 1 GPU', 'up to 3 GPUs'],
      ['Service/ray/text-lb', NodeKind.SERVICE, 'Service text-lb', 'LoadBalancer :8000'],
      ['cluster:dist/gke/serving.k8s.yaml#more', NodeKind.MORE, '+ 1 more', 'ConfigMap'],
      ['Application/argocd/gke-serving', NodeKind.APPLICATION, 'Application gke-serving', 'dist/gke/serving.k8s.yaml'],
      ['Application/argocd/root', NodeKind.APPLICATION, 'Application root', 'argocd/gke'],
      ['RayService/ray/text#serve-svc', NodeKind.SERVICE, 'Service text-serve-svc', 'created by KubeRay', 'ClusterIP :8000'],
    ]);
  });

  test('edges: syncs, stages in order, creates, groups, mounts, routes', () => {
    expect(edges).toEqual([
      'RayJob/ray/embed-* -> RayJob/ray/embed-*#cpu',
      'RayJob/ray/embed-* -> RayJob/ray/embed-*#gpu',
      'WorkflowTemplate/ray/pipeline>embed -> RayJob/ray/embed-* (creates)',
      'WorkflowTemplate/ray/pipeline>download -> WorkflowTemplate/ray/pipeline>embed',
      'WorkflowTemplate/ray/pipeline -> WorkflowTemplate/ray/pipeline>download',
      'RayService/ray/text -> RayService/ray/text#cpu',
      'RayService/ray/text -> RayService/ray/text#gpu',
      'RayService/ray/text#serve-svc -> RayService/ray/text (routes to Serve)',
      'Application/argocd/root -> Application/argocd/gke-serving (syncs)',
      'Application/argocd/gke-serving -> RayService/ray/text',
      'WorkflowTemplate/ray/pipeline>download -> PersistentVolumeClaim/ray/shared (/data)',
      'RayService/ray/text#gpu -> PersistentVolumeClaim/ray/shared (/data (ro))',
      'Service/ray/text-lb -> RayService/ray/text (routes to)',
    ]);
    expect(node('Application/argocd/gke-serving')).toBeDefined();
  });

  test('the SVG is produced, with the nodes as text', async () => {
    const svgs = await renderDiagrams(new Map([['gke', objects()]]));
    const svg = svgs.get('gke')!;
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg width="\d+pt" height="\d+pt"/);
    for (const text of ['RayService text', '0–3 pods × 3 CPU · 13Gi · 1 GPU', 'PVC shared', 'Application gke-serving']) {
      // Graphviz writes '-' as a character reference.
      expect(svg).toContain(`>${text.replace(/-/g, '&#45;')}</text>`);
    }
  });
});

describe('node pools in the diagram', () => {
  test('a node per pool, and an edge from each GPU group to each pool its pods can land on (dashed to spot)', () => {
    // GIVEN a RayCluster whose GPU workers may land on the L4 spot and on-demand pools, CPU pods anywhere CPU
    const env = capacityEnvironment();
    const spec = { headGroupSpec: { template: { spec: podSpec(['cpu']) } }, workerGroupSpecs: [{ groupName: 'gpu', maxReplicas: 2, template: { spec: podSpec(['l4-spot', 'l4'], 1) } }] };
    const objects = inFile('two-gpus', 'demo', { apiVersion: 'ray.io/v1', kind: 'RayCluster', metadata: { name: 'c', namespace: 'ray' }, spec });
    // WHEN drawn with the environment's pools
    const graph = buildGraph('two-gpus', objects, env.nodePools);
    // THEN every pool is a node, and only the GPU group is linked (one CPU pool: CPU pods all land there)
    expect(graph.nodes.filter((n) => n.kind === NodeKind.NODE_POOL).map((n) => [n.title, ...n.lines])).toEqual([
      ['pool cpu', 'cpu-machine × ≤2'],
      ['pool l4-spot', 'l4-spot-machine × ≤2, spot', '1 nvidia-l4 GPU a node'],
      ['pool l4', 'l4-machine × ≤1', '1 nvidia-l4 GPU a node'],
      ['pool a100', 'a100-machine × ≤1', '1 nvidia-a100-80gb GPU a node'],
    ]);
    expect(graph.edges.filter((e) => e.to.startsWith('NodePool/')).map((e) => [e.from, e.to, e.dashed])).toEqual([
      ['RayCluster/ray/c#gpu', 'NodePool/l4-spot', true],
      ['RayCluster/ray/c#gpu', 'NodePool/l4', false],
    ]);
  });

  test('without pools nothing about pools is drawn', () => {
    expect(buildGraph('gke', objects()).nodes.some((n) => n.kind === NodeKind.NODE_POOL)).toBe(false);
  });
});
