import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { ENVIRONMENTS } from '../../src/environments';
import { Json, podTemplates } from '../../src/k8s/pod-templates';
import { formatFinding, validateEnvironment } from '../../src/validation/validate';
import { environmentByName } from '../../src/environments';
import { chartObjects, environmentCharts, objectOf } from '../serving/support';

const SERVING_CHARTS = ['embedding-service', 'text-generation', 'model-gateway', 'ray-monitoring'];

/** [environment, chart] for every serving chart an environment enables. */
const ENABLED = ENVIRONMENTS.flatMap((env) =>
  environmentCharts(env)
    .filter((c) => SERVING_CHARTS.includes(c.chart))
    .map((c) => [env.name, c.chart] as const),
);

describe('serving charts', () => {
  test('each chart is enabled in some environment', () => {
    expect(new Set(ENABLED.map(([, chart]) => chart))).toEqual(new Set(SERVING_CHARTS));
  });

  test.each(ENABLED)('%s/%s validates (schemas, KubeRay rules, policies)', (envName, chart) => {
    const env = environmentByName(envName);
    const charts = environmentCharts(env);
    const findings = validateEnvironment(env, charts).filter((f) => f.chart === chart);
    expect(findings.map(formatFinding)).toEqual([]);
  });
});

/** The Serve config of a RayService. */
const serveConfig = (service: Json) => parse(service.spec.serveConfigV2);

describe('embedding service', () => {
  test('gke: two layers of scaling on on-demand A100 GPU workers, MLflow on Cloud SQL through the proxy', () => {
    const objects = chartObjects(environmentByName('gke'), 'embedding-service');
    const service = objectOf(objects, 'RayService', 'embedding-service');
    const [group] = service.spec.rayClusterConfig.workerGroupSpecs;
    // Layer 2: the Ray autoscaler starts GPU pods from zero, one per replica.
    expect(service.spec.rayClusterConfig.enableInTreeAutoscaling).toBe(true);
    expect(group).toMatchObject({ groupName: 'gpu-workers', minReplicas: 0, maxReplicas: 2 });
    expect(group.template.spec.nodeSelector).toEqual({ 'cloud.google.com/gke-nodepool': 'gpu-a100' });
    expect(group.resources).toMatchObject({ GPU: '1', 'accelerator_type:A100': '1' });
    // Layer 1: Serve replicas by ongoing requests.
    const [deployment] = serveConfig(service).applications[0].deployments;
    expect(deployment).toMatchObject({
      name: 'EmbeddingModel',
      autoscaling_config: { min_replicas: 1, max_replicas: 2, target_ongoing_requests: 16, upscale_delay_s: 30, downscale_delay_s: 300 },
      ray_actor_options: { num_cpus: 1, num_gpus: 1, accelerator_type: 'A100' },
    });
    expect(deployment.max_ongoing_requests).toBeGreaterThanOrEqual(serveConfig(service).applications[0].args.max_batch_size);
    // Replicas and jobs log to the tracking server.
    for (const pod of podTemplates(service)) {
      expect(pod.containers[0].container.env).toContainEqual({ name: 'MLFLOW_TRACKING_URI', value: 'http://mlflow.ray.svc:5000' });
    }
    const mlflow = objectOf(objects, 'Deployment', 'mlflow').spec.template.spec;
    expect(mlflow.containers.map((c: Json) => c.name)).toEqual(['mlflow', 'cloud-sql-proxy']);
    expect(mlflow.containers[1].args).toContain('ray-gitops-demo:us-central1:mlflow');
    expect(mlflow.containers[0].args).toContain('--backend-store-uri=postgresql://$(DB_USER):$(DB_PASSWORD)@127.0.0.1:5432/mlflow');
    expect(mlflow.containers[0].args).toContain('--artifacts-destination=gs://ray-gitops-demo-mlflow/artifacts');
    expect(objectOf(objects, 'ServiceAccount', 'mlflow').metadata.annotations).toMatchObject({ 'iam.gke.io/gcp-service-account': 'mlflow@ray-gitops-demo.iam.gserviceaccount.com' });
    expect(objects.some((o) => o.kind === 'StatefulSet')).toBe(false);
  });

  test('local: CPU only, MLflow on an in-cluster PostgreSQL StatefulSet with its own volume', () => {
    const objects = chartObjects(environmentByName('local'), 'embedding-service');
    const service = objectOf(objects, 'RayService', 'embedding-service');
    const app = serveConfig(service).applications[0];
    expect(app.args.device).toBe('cpu');
    expect(app.deployments[0].ray_actor_options).toEqual({ num_cpus: 1, num_gpus: 0 });
    const postgres = objectOf(objects, 'StatefulSet', 'mlflow-postgres');
    expect(postgres.spec.volumeClaimTemplates[0].spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(objectOf(objects, 'Service', 'mlflow-postgres').spec.clusterIP).toBe('None');
    expect(objectOf(objects, 'Deployment', 'mlflow').spec.template.spec.containers[0].args).toContain(
      '--backend-store-uri=postgresql://$(DB_USER):$(DB_PASSWORD)@mlflow-postgres:5432/mlflow',
    );
    expect(objectOf(objects, 'PersistentVolumeClaim', 'mlflow-artifacts').spec.resources.requests.storage).toBe('5Gi');
    // Only MLflow reaches the database.
    expect(objectOf(objects, 'NetworkPolicy', 'mlflow-postgres').spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'mlflow', 'app.kubernetes.io/name': 'mlflow' } } }], ports: [{ port: 5432, protocol: 'TCP' }] },
    ]);
  });
});

describe('text generation', () => {
  const objects = chartObjects(environmentByName('aks'), 'text-generation');
  const service = objectOf(objects, 'RayService', 'text-generation');

  test('aks: the Serve Service is a LoadBalancer 80 → 8000 that KubeRay points at the ready cluster', () => {
    expect(service.spec.serveService).toEqual({
      metadata: { name: 'text-generation-serve-svc' },
      spec: { type: 'LoadBalancer', ports: [{ name: 'serve', port: 80, targetPort: 8000, protocol: 'TCP' }] },
    });
    // The head declares the port KubeRay's serve Service and our override target.
    expect(service.spec.rayClusterConfig.headGroupSpec.template.spec.containers[0].ports).toContainEqual({ name: 'serve', containerPort: 8000 });
  });

  test('health settings: the current KubeRay annotation, not the deprecated threshold fields', () => {
    expect(service.metadata.annotations['ray.io/initializing-timeout']).toBe('900s');
    expect(service.spec.serviceUnhealthySecondThreshold).toBeUndefined();
    expect(service.spec.deploymentUnhealthySecondThreshold).toBeUndefined();
  });

  test('HA: GCS state in the external Redis, password from a Secret reference', () => {
    expect(service.spec.rayClusterConfig.gcsFaultToleranceOptions).toEqual({
      redisAddress: 'redis-ha.redis.svc.cluster.local:6379',
      redisPassword: { valueFrom: { secretKeyRef: { name: 'ray-redis', key: 'password' } } },
    });
    const app = serveConfig(service).applications[0];
    expect(app).toMatchObject({ name: 'textgen', import_path: 'ray_workloads.serve.textgen:build_app', route_prefix: '/' });
  });

  test('only the Serve port is open beyond the namespace; dashboard to the operator, metrics to Prometheus', () => {
    const policy = objectOf(objects, 'NetworkPolicy', 'text-generation-ray');
    expect(policy.spec.podSelector).toEqual({ matchLabels: { 'ray-gitops.io/ray-service': 'text-generation' } });
    const fromOutside = policy.spec.ingress.filter((rule: Json) => rule.from === undefined);
    expect(fromOutside).toEqual([{ ports: [{ port: 8000, protocol: 'TCP' }] }]);
    const openPorts = policy.spec.ingress.filter((rule: Json) => rule.ports).flatMap((rule: Json) => rule.ports.map((p: Json) => p.port));
    expect(openPorts).not.toContain(6379);
    expect(openPorts).not.toContain(10001);
    for (const pod of podTemplates(service)) expect(pod.spec.serviceAccountName).toBe('text-generation-ray');
    // The head's autoscaler sidecar calls the API; KubeRay binds its Role to this account.
    expect(objectOf(objects, 'ServiceAccount', 'text-generation-ray').automountServiceAccountToken).toBe(true);
  });
});

describe('model gateway', () => {
  test('eks: CPU and GPU applications under route prefixes, every worker group from zero, 90/10 split', () => {
    const service = objectOf(chartObjects(environmentByName('eks'), 'model-gateway'), 'RayService', 'model-gateway');
    const apps = serveConfig(service).applications;
    expect(apps.map((a: Json) => [a.name, a.route_prefix])).toEqual([
      ['tokens', '/tokens'],
      ['embeddings-v1', null],
      ['embeddings-v2', null],
      ['embeddings', '/embeddings'],
      ['generate', '/generate'],
    ]);
    expect(apps[3].args).toEqual({ routes: [{ application: 'embeddings-v1', weight: 90 }, { application: 'embeddings-v2', weight: 10 }] });
    expect(apps[1].args.version).toBe('v1');
    expect(apps[2].args.version).toBe('v2');
    expect(apps[4].deployments[0].ray_actor_options.num_gpus).toBe(1);
    for (const app of apps) for (const d of app.deployments) expect(d.autoscaling_config.min_replicas).toBe(0);
    const groups = service.spec.rayClusterConfig.workerGroupSpecs;
    expect(groups.map((g: Json) => [g.groupName, g.minReplicas])).toEqual([
      ['cpu-workers', 0],
      ['gpu-workers', 0],
    ]);
  });

  test('local: no GPU application without a GPU pool', () => {
    const service = objectOf(chartObjects(environmentByName('local'), 'model-gateway'), 'RayService', 'model-gateway');
    expect(serveConfig(service).applications.map((a: Json) => a.name)).not.toContain('generate');
    expect(service.spec.rayClusterConfig.workerGroupSpecs).toHaveLength(1);
  });
});
