/**
 * Realistic valid objects, one builder per kind; each call returns a fresh copy that a test
 * may break in one place.
 */
type Obj = Record<string, any>;

const RAY_IMAGE = 'rayproject/ray:2.52.0';

function rayContainer(name: string, cpu: string, memory: string, gpus?: number): Obj {
  const extra = gpus ? { 'nvidia.com/gpu': gpus } : {};
  return {
    name,
    image: RAY_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    resources: { requests: { cpu, memory, ...extra }, limits: { cpu, memory, ...extra } },
    env: [{ name: 'RAY_LOG_TO_STDERR', value: '1' }],
    volumeMounts: [{ name: 'logs', mountPath: '/tmp/ray' }],
  };
}

function rayClusterSpec(): Obj {
  return {
    rayVersion: '2.52.0',
    enableInTreeAutoscaling: true,
    autoscalerOptions: { upscalingMode: 'Default', idleTimeoutSeconds: 60, resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '500m', memory: '512Mi' } } },
    upgradeStrategy: { type: 'Recreate' },
    headGroupSpec: {
      rayStartParams: { 'dashboard-host': '0.0.0.0', 'num-cpus': '0' },
      serviceType: 'ClusterIP',
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'ray-head' } },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              ...rayContainer('ray-head', '2', '8Gi'),
              ports: [
                { containerPort: 6379, name: 'gcs' },
                { containerPort: 8265, name: 'dashboard' },
                { containerPort: 10001, name: 'client' },
                { containerPort: 8000, name: 'serve' },
                { containerPort: 8080, name: 'metrics' },
              ],
            },
          ],
          volumes: [{ name: 'logs', emptyDir: { sizeLimit: '1Gi' } }],
        },
      },
    },
    workerGroupSpecs: [
      {
        groupName: 'cpu',
        replicas: 1,
        minReplicas: 0,
        maxReplicas: 4,
        rayStartParams: {},
        template: {
          spec: {
            restartPolicy: 'Never',
            containers: [rayContainer('ray-worker', '4', '16Gi')],
            volumes: [{ name: 'logs', emptyDir: {} }],
          },
        },
      },
      {
        groupName: 'gpu-l4',
        replicas: 0,
        minReplicas: 0,
        maxReplicas: 2,
        rayStartParams: { 'num-gpus': '1' },
        template: {
          spec: {
            restartPolicy: 'Never',
            nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-l4', 'cloud.google.com/gke-spot': 'true' },
            tolerations: [
              { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
              { key: 'cloud.google.com/gke-spot', operator: 'Equal', value: 'true', effect: 'NoSchedule' },
            ],
            containers: [rayContainer('ray-worker', '3', '12Gi', 1)],
            volumes: [{ name: 'logs', emptyDir: {} }],
          },
        },
      },
    ],
  };
}

export function rayCluster(): Obj {
  return { apiVersion: 'ray.io/v1', kind: 'RayCluster', metadata: { name: 'sandbox', namespace: 'ray', labels: { 'app.kubernetes.io/part-of': 'ray-gitops' } }, spec: rayClusterSpec() };
}

export function rayJob(): Obj {
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayJob',
    metadata: { name: 'embed-docs', namespace: 'ray' },
    spec: {
      entrypoint: 'python -m ray_gitops.pipeline --input /data/docs',
      runtimeEnvYAML: 'env_vars:\n  OMP_NUM_THREADS: "1"\n',
      shutdownAfterJobFinishes: true,
      ttlSecondsAfterFinished: 300,
      activeDeadlineSeconds: 3600,
      backoffLimit: 1,
      submissionMode: 'K8sJobMode',
      deletionStrategy: { onSuccess: { policy: 'DeleteCluster' }, onFailure: { policy: 'DeleteNone' } },
      rayClusterSpec: rayClusterSpec(),
      submitterPodTemplate: {
        spec: { restartPolicy: 'Never', containers: [rayContainer('submitter', '500m', '512Mi')], volumes: [{ name: 'logs', emptyDir: {} }] },
      },
    },
  };
}

/** A RayCronJob (KubeRay v1.7.0, alpha): a nightly RayJob template. */
export function rayCronJob(): Obj {
  const { entrypoint, shutdownAfterJobFinishes, rayClusterSpec } = rayJob().spec;
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayCronJob',
    metadata: { name: 'nightly-embed', namespace: 'ray' },
    spec: { schedule: '0 2 * * *', timeZone: 'Europe/Berlin', jobTemplate: { entrypoint, shutdownAfterJobFinishes, rayClusterSpec } },
  };
}

export function rayService(): Obj {
  const serveConfigV2 = [
    'applications:',
    '  - name: embed',
    '    import_path: ray_gitops.serve.embed:app',
    '    route_prefix: /embed',
    '    deployments:',
    '      - name: Embedder',
    '        autoscaling_config: {min_replicas: 1, max_replicas: 4, target_ongoing_requests: 8}',
    '        ray_actor_options: {num_cpus: 1}',
    '  - name: generate',
    '    import_path: ray_gitops.serve.textgen:app',
    '    route_prefix: /generate',
    '',
  ].join('\n');
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayService',
    metadata: { name: 'serve', namespace: 'ray' },
    spec: { serveConfigV2, rayClusterConfig: rayClusterSpec(), upgradeStrategy: { type: 'NewCluster' } },
  };
}

/** A Workflow submitted directly: the spec of {@link workflowTemplate}. */
export function workflow(): Obj {
  const { spec } = workflowTemplate();
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', metadata: { generateName: 'embed-', namespace: 'ray' }, spec };
}

export function workflowTemplate(): Obj {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'WorkflowTemplate',
    metadata: { name: 'nightly-embed', namespace: 'ray' },
    spec: {
      entrypoint: 'main',
      serviceAccountName: 'argo-workflow',
      arguments: { parameters: [{ name: 'input', value: '/data/docs' }] },
      templates: [
        {
          name: 'main',
          steps: [[{ name: 'submit', template: 'submit-rayjob' }]],
        },
        {
          name: 'submit-rayjob',
          resource: {
            action: 'create',
            setOwnerReference: true,
            successCondition: 'status.jobStatus == SUCCEEDED',
            failureCondition: 'status.jobStatus == FAILED',
            manifest: 'apiVersion: ray.io/v1\nkind: RayJob\nmetadata:\n  generateName: embed-\n',
          },
        },
        {
          name: 'report',
          container: { image: 'busybox:1.36', command: ['sh', '-c'], args: ['echo done'], resources: { requests: { cpu: '100m', memory: '64Mi' } } },
        },
      ],
    },
  };
}

export function cronWorkflow(): Obj {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'CronWorkflow',
    metadata: { name: 'nightly-embed', namespace: 'ray' },
    spec: {
      schedules: ['0 2 * * *'],
      timezone: 'Europe/Berlin',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 600,
      workflowSpec: { workflowTemplateRef: { name: 'nightly-embed' } },
    },
  };
}

export function application(): Obj {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'ray-local', namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'] },
    spec: {
      project: 'ray',
      source: { repoURL: 'https://example.org/ray-gitops.git', targetRevision: 'main', path: 'dist/local' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'ray' },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ['ServerSideApply=true', 'CreateNamespace=true'],
        retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
      },
    },
  };
}

export function appProject(): Obj {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'ray', namespace: 'argocd' },
    spec: {
      description: 'Ray workloads',
      sourceRepos: ['https://example.org/ray-gitops.git'],
      destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'ray' }],
      clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
      namespaceResourceWhitelist: [{ group: 'ray.io', kind: '*' }],
    },
  };
}

export function pvc(): Obj {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'shared-data', namespace: 'ray' },
    spec: { accessModes: ['ReadWriteMany'], storageClassName: 'standard-rwx', resources: { requests: { storage: '100Gi' } } },
  };
}

export function service(): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'serve-api', namespace: 'ray' },
    spec: { type: 'ClusterIP', selector: { 'ray.io/node-type': 'head' }, ports: [{ name: 'http', port: 8000, targetPort: 'serve', protocol: 'TCP' }] },
  };
}

export function role(): Obj {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'argo-workflow:rayjobs', namespace: 'ray' },
    rules: [{ apiGroups: ['ray.io'], resources: ['rayjobs', 'rayjobs/status'], verbs: ['create', 'get', 'list', 'watch', 'patch'] }],
  };
}

export function deployment(): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'gateway', namespace: 'ray' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'gateway' } },
      template: {
        metadata: { labels: { app: 'gateway' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '128Mi' } } }] },
      },
    },
  };
}
