/**
 * Valid KubeRay objects, fresh on every call, for the rule tests to break one field at a time.
 * Typed loosely on purpose: the point is to write invalid shapes.
 */
export type Obj = Record<string, any>;

const IMAGE = 'rayproject/ray:2.52.0-py311';

function container(name: string): Obj {
  return {
    name,
    image: IMAGE,
    env: [{ name: 'RAY_GRAFANA_HOST', value: 'http://grafana:3000' }],
    volumeMounts: [{ name: 'shm', mountPath: '/dev/shm' }],
  };
}

function podTemplate(name: string): Obj {
  return { spec: { containers: [container(name)], volumes: [{ name: 'shm', emptyDir: { medium: 'Memory' } }] } };
}

/** A cluster spec with a head and two worker groups (`cpu`, `gpu`), autoscaling off. */
export function clusterSpec(): Obj {
  return {
    rayVersion: '2.52.0',
    headGroupSpec: {
      rayStartParams: { 'dashboard-host': '0.0.0.0' },
      template: podTemplate('ray-head'),
    },
    workerGroupSpecs: [
      {
        groupName: 'cpu',
        replicas: 1,
        minReplicas: 1,
        maxReplicas: 3,
        rayStartParams: {},
        template: podTemplate('ray-worker'),
      },
      {
        groupName: 'gpu',
        replicas: 0,
        minReplicas: 0,
        maxReplicas: 2,
        rayStartParams: {},
        resources: { GPU: '1' },
        labels: { 'ray.io/accelerator-type': 'L4' },
        template: podTemplate('ray-worker'),
      },
    ],
  };
}

/** Turns on the in-tree autoscaler v2 the way KubeRay wants it (restartPolicy Never everywhere). */
export function withAutoscalerV2(spec: Obj): Obj {
  spec.enableInTreeAutoscaling = true;
  spec.autoscalerOptions = { version: 'v2', upscalingMode: 'Default', idleTimeoutSeconds: 60 };
  spec.headGroupSpec.template.spec.restartPolicy = 'Never';
  for (const group of spec.workerGroupSpecs) group.template.spec.restartPolicy = 'Never';
  return spec;
}

export function rayCluster(): Obj {
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayCluster',
    metadata: { name: 'demo', namespace: 'ray' },
    spec: clusterSpec(),
  };
}

export function rayJob(): Obj {
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayJob',
    metadata: { name: 'train', namespace: 'ray' },
    spec: {
      entrypoint: 'python train.py',
      runtimeEnvYAML: 'pip:\n  - requests==2.32.3\nenv_vars:\n  MODE: train\n',
      shutdownAfterJobFinishes: true,
      ttlSecondsAfterFinished: 60,
      activeDeadlineSeconds: 3600,
      backoffLimit: 1,
      rayClusterSpec: clusterSpec(),
    },
  };
}

/** A RayJob that runs on an existing cluster instead of creating one. */
export function selectorRayJob(): Obj {
  const job = rayJob();
  delete job.spec.rayClusterSpec;
  job.spec.clusterSelector = { 'ray.io/cluster': 'demo' };
  job.spec.shutdownAfterJobFinishes = false;
  job.spec.ttlSecondsAfterFinished = 0;
  job.spec.backoffLimit = 0;
  return job;
}

export function rayService(): Obj {
  return {
    apiVersion: 'ray.io/v1',
    kind: 'RayService',
    metadata: { name: 'serve', namespace: 'ray' },
    spec: {
      serveConfigV2: 'applications:\n  - name: echo\n    import_path: echo:app\n    route_prefix: /echo\n',
      rayClusterConfig: clusterSpec(),
    },
  };
}

/** Switches a RayJob to the rules form of deletionStrategy (which excludes shutdownAfterJobFinishes). */
export function withDeletionRules(job: Obj): Obj {
  job.spec.shutdownAfterJobFinishes = false;
  job.spec.ttlSecondsAfterFinished = 0;
  job.spec.deletionStrategy = {
    deletionRules: [
      { policy: 'DeleteCluster', condition: { jobStatus: 'SUCCEEDED', ttlSeconds: 60 } },
      { policy: 'DeleteSelf', condition: { jobStatus: 'SUCCEEDED', ttlSeconds: 300 } },
    ],
  };
  return job;
}

/** Gives a RayJob the legacy form of deletionStrategy. */
export function withLegacyDeletion(job: Obj, onSuccess = 'DeleteCluster', onFailure = 'DeleteCluster'): Obj {
  job.spec.deletionStrategy = { onSuccess: { policy: onSuccess }, onFailure: { policy: onFailure } };
  return job;
}
