import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type AnySchema, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as luaparse from 'luaparse';
import { describe, expect, it } from 'vitest';
import { ConfigMap } from 'kubernetes-models/v1';
import { parse as parseYaml } from 'yaml';
import {
  argocdCmPatch,
  rayHealthCheckData,
  rayHealthCheckKey,
  rayHealthCheckScript,
  RayHealthKind,
} from '../../src/argocd/health-checks';
import { CrdCatalog } from '../../src/validation/schema/crd-catalog';
import { HealthResult, runHealthScript } from '../support/lua';

const HEALTH_DIR = join(__dirname, '..', '..', 'src', 'argocd', 'health');
const FIXTURES = join(__dirname, '..', 'fixtures', 'ray-status');
const KINDS = Object.values(RayHealthKind);

function fixture(kind: RayHealthKind, name: string): Record<string, unknown> {
  return parseYaml(readFileSync(join(FIXTURES, kind.toLowerCase(), `${name}.yaml`), 'utf8'));
}

function health(kind: RayHealthKind, obj: unknown): HealthResult {
  return runHealthScript(rayHealthCheckScript(kind), obj, `${kind.toLowerCase()}.lua`);
}

/**
 * A validator for `status` of a KubeRay v1.7.0 CRD's v1 schema, with unknown fields rejected
 * (the API server would prune them), so a fixture cannot carry a field KubeRay never writes.
 */
function statusValidator(kind: RayHealthKind): ValidateFunction {
  const v1 = new CrdCatalog().versionsOf('ray.io', kind).find((version) => version.version === 'v1')!;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(closeObjects(v1.schema.properties!.status) as AnySchema);
}

function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (schema === null || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = closeObjects(value);
  if (copy.properties !== undefined && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

// [fixture, expected health status, expected message]
type Case = readonly [string, string, string];

const CASES: Record<RayHealthKind, readonly Case[]> = {
  [RayHealthKind.RAY_JOB]: [
    ['succeeded', 'Healthy', 'Ray job embed-job-w2m5c SUCCEEDED: Job finished successfully.'],
    ['running', 'Progressing', 'Ray job embed-job-w2m5c RUNNING on RayCluster embed-job-tq8vh'],
    ['initializing', 'Progressing', 'Initializing: waiting for RayCluster embed-job-tq8vh to be ready (0/2 worker Pods ready)'],
    [
      'app-failed',
      'Degraded',
      'RayJob failed: AppFailed: Job entrypoint command failed with exit code 1, last available logs (truncated to 20,000 chars):\n' +
        '  File "/home/ray/python/ray_gitops/pipeline/reader.py", line 41, in read_documents\n' +
        '    raise FileNotFoundError(f"no documents under {root}")\n' +
        'FileNotFoundError: no documents under /data/corpus (Ray job embed-job-w2m5c last reported FAILED)',
    ],
    ['stopped', 'Degraded', 'Ray job embed-job-w2m5c ended STOPPED: Job was intentionally stopped.'],
    [
      'validation-failed-running',
      'Degraded',
      'KubeRay rejected the RayJob spec: The RayJob spec is invalid: a RayJob with shutdownAfterJobFinishes set to ' +
        'false is not allowed to be suspended (Ray job embed-job-w2m5c last reported RUNNING)',
    ],
    [
      'deadline-exceeded',
      'Degraded',
      'RayJob failed: DeadlineExceeded: The RayJob has passed the activeDeadlineSeconds. StartTime: 2026-09-01 ' +
        '10:00:01 +0000 UTC. ActiveDeadlineSeconds: 3600 (Ray job embed-job-w2m5c last reported RUNNING)',
    ],
    [
      'retrying',
      'Progressing',
      'Retrying after 1 failed attempt(s) of 3 allowed (spec.backoffLimit 2): deleting the failed RayCluster',
    ],
    ['retry-pending', 'Progressing', 'Waiting for KubeRay to start attempt 2 after 1 failed'],
    ['suspended', 'Suspended', 'RayJob is suspended (spec.suspend): its RayCluster is deleted'],
    ['no-status', 'Progressing', 'Waiting for KubeRay to start the RayJob'],
  ],
  [RayHealthKind.RAY_CLUSTER]: [
    ['ready', 'Healthy', '2/2 worker Pods ready'],
    ['conditions-off', 'Healthy', '2/2 worker Pods ready'],
    ['workers-pending', 'Progressing', '2/4 worker Pods ready, waiting for the others to be scheduled and start'],
    [
      'replica-failure',
      'Degraded',
      'KubeRay failed to create or delete Pods: FailedCreateWorkerPod\npods "embed-cluster-gpu-worker-4mz8d" is ' +
        'forbidden: exceeded quota: ray-quota, requested: nvidia.com/gpu=1, used: nvidia.com/gpu=2, limited: nvidia.com/gpu=2',
    ],
    [
      'provisioning',
      'Progressing',
      'RayClusterPodsProvisioning: RayCluster Pods are being provisioned for first time: 0/2 worker Pods ready',
    ],
    [
      'head-starting',
      'Progressing',
      'Head Pod embed-cluster-head-x7k2p is not ready: ContainerCreating: containers with unready status: [ray-head]; ray-head: ',
    ],
    [
      'head-crashloop',
      'Degraded',
      'Head Pod embed-cluster-head-x7k2p is not ready: CrashLoopBackOff: containers with unready status: [ray-head]; ' +
        'ray-head: back-off 2m40s restarting failed container=ray-head ' +
        'pod=embed-cluster-head-x7k2p_ray(0c9e7a52-1d3f-4b6e-8a2c-7f1e9d3b5a40)',
    ],
    ['suspended', 'Suspended', 'RayCluster is suspended (spec.suspend): all its Pods are deleted'],
    [
      'no-status',
      'Progressing',
      'Waiting for KubeRay to report status (KubeRay reports a spec it rejects only as an Event on the RayCluster)',
    ],
  ],
  [RayHealthKind.RAY_SERVICE]: [
    [
      'ready',
      'Healthy',
      'Serving from RayCluster embed-serve-raycluster-8kx2d on 2 endpoint(s), applications embed, rerank RUNNING',
    ],
    [
      'upgrading',
      'Progressing',
      'Upgrading to RayCluster embed-serve-raycluster-p3v7n: application embed DEPLOYING on RayCluster ' +
        "embed-serve-raycluster-p3v7n; deployment Embedder UPDATING: Deployment 'Embedder' in application 'embed' has " +
        '1 replicas that have taken more than 30s to be scheduled. This may be due to waiting for the cluster to ' +
        'auto-scale or for a runtime environment to be installed. Resources required for each replica: {"CPU": 1.0, ' +
        `"GPU": 1.0}, total resources available: {"CPU": 2.0}. Use 'ray status' for more details.`,
    ],
    [
      'upgrading-incremental',
      'Progressing',
      'Upgrading to RayCluster embed-serve-raycluster-p3v7n (target capacity 60%, traffic 40%)',
    ],
    [
      'in-place-update',
      'Progressing',
      'Serving while updating: application embed DEPLOYING on RayCluster embed-serve-raycluster-8kx2d; ' +
        'deployment Embedder UPDATING: Upscaling from 1 to 2 replicas.',
    ],
    [
      'deploy-failed',
      'Degraded',
      "application embed DEPLOY_FAILED on RayCluster embed-serve-raycluster-8kx2d: Deploying app 'embed' failed " +
        'with exception:\nTraceback (most recent call last):\n  File ' +
        '"/home/ray/anaconda3/lib/python3.11/site-packages/ray/serve/_private/application_state.py", line 1031, in ' +
        'build_serve_application\n    app = call_user_app_builder_with_args_if_necessary(import_attr(import_path), ' +
        "args)\nModuleNotFoundError: No module named 'ray_gitops.serve.embedd'",
    ],
    [
      'unhealthy',
      'Degraded',
      "application rerank UNHEALTHY on RayCluster embed-serve-raycluster-8kx2d: The deployments ['Reranker'] are " +
        "UNHEALTHY.; deployment Reranker UNHEALTHY: A replica's health check failed. This deployment will be " +
        'UNHEALTHY until the replica recovers or a new deploy happens.',
    ],
    [
      'validation-failed',
      'Degraded',
      'ValidationFailed: The RayService spec is invalid: Spec.UpgradeStrategy.Type value BlueGreen is invalid, ' +
        'valid options are NewClusterWithIncrementalUpgrade, NewCluster, or None',
    ],
    [
      'initializing-timeout',
      'Degraded',
      'InitializingTimeout: RayService failed to become ready within the configured timeout of 30m0s. Time spent ' +
        'initializing: 30m2.114s',
    ],
    ['zero-endpoints', 'Degraded', 'ZeroServeEndpoints: Number of serve endpoints dropped to 0'],
    ['stale-generation', 'Progressing', 'Waiting for KubeRay to reconcile generation 3 (observed 2)'],
    ['initializing', 'Progressing', 'Initializing: RayService is initializing'],
    ['suspended', 'Suspended', 'RayService is suspended (spec.suspend): All owned resources have been deleted.'],
    ['no-status', 'Progressing', 'Waiting for KubeRay to report status'],
  ],
};

describe.each(KINDS)('%s health check', (kind) => {
  it('has a case for every fixture, and every fixture status passes the v1.7.0 CRD schema', () => {
    const validate = statusValidator(kind);
    const names = readdirSync(join(FIXTURES, kind.toLowerCase())).map((file) => file.replace(/\.yaml$/, ''));
    expect(names.sort()).toEqual(CASES[kind].map(([name]) => name).sort());
    for (const name of names) {
      const obj = fixture(kind, name);
      expect(obj.kind, name).toBe(kind);
      expect(validate(obj.status ?? {}) ? [] : validate.errors, name).toEqual([]);
    }
  });

  it.each(CASES[kind])('%s is %s', (name, status, message) => {
    expect(health(kind, fixture(kind, name))).toEqual({ status, message });
  });

  it.each([
    ['no metadata.generation', { metadata: { name: 'x' }, status: {} }],
    ['an empty status', { metadata: { name: 'x', generation: 1 }, status: {} }],
    ['an empty condition list', { metadata: { name: 'x', generation: 1 }, status: { conditions: [] } }],
  ])('is Progressing, not a script error, for %s', (_, obj) => {
    expect(health(kind, obj).status).toBe('Progressing');
  });
});

type Obj = Record<string, unknown> & { status: Record<string, unknown> };

/** A condition as KubeRay's setCondition writes it. */
function condition(type: string, status: string, reason: string, message: string) {
  return { lastTransitionTime: '2026-09-01T18:00:01Z', message, observedGeneration: 1, reason, status, type };
}

function withStatus(obj: Obj, status: Record<string, unknown>): Obj {
  return { ...obj, status: { ...obj.status, ...status } };
}

function withCondition(obj: Obj, added: ReturnType<typeof condition>): Obj {
  const conditions = (obj.status.conditions as Array<{ type: string }>).filter((c) => c.type !== added.type);
  return withStatus(obj, { conditions: [...conditions, added] });
}

// Transitions that change one or two fields of a fixture's state:
// [title, kind, fixture, change, expected health status, expected message]
const TRANSITIONS: ReadonlyArray<readonly [string, RayHealthKind, string, (obj: Obj) => Obj, string, string]> = [
  [
    'a RayJob KubeRay starts suspending (updateStatusToSuspendingIfNeeded sets only jobDeploymentStatus)',
    RayHealthKind.RAY_JOB,
    'running',
    (obj) => withStatus(obj, { jobDeploymentStatus: 'Suspending' }),
    'Suspended',
    'RayJob is suspending (spec.suspend): deleting its RayCluster and submitter',
  ],
  [
    'a K8sJobMode RayJob whose Ray job FAILED before its submitter finished',
    RayHealthKind.RAY_JOB,
    'running',
    (obj) => withStatus(obj, { jobStatus: 'FAILED' }),
    'Progressing',
    'Ray job embed-job-w2m5c FAILED on RayCluster embed-job-tq8vh',
  ],
  [
    'an InteractiveMode RayJob whose cluster is ready',
    RayHealthKind.RAY_JOB,
    'initializing',
    (obj) => withStatus(obj, { jobDeploymentStatus: 'Waiting' }),
    'Progressing',
    'RayCluster embed-job-tq8vh is ready, waiting for spec.jobId of a job submitted to it (InteractiveMode)',
  ],
  [
    'a jobDeploymentStatus KubeRay v1.7.0 does not have',
    RayHealthKind.RAY_JOB,
    'running',
    (obj) => withStatus(obj, { jobDeploymentStatus: 'Draining' }),
    'Progressing',
    'Unknown jobDeploymentStatus Draining',
  ],
  [
    'a RayCluster whose spec.suspend was just set',
    RayHealthKind.RAY_CLUSTER,
    'ready',
    (obj) => withCondition(obj, condition('RayClusterSuspending', 'True', 'RayClusterSuspending', '')),
    'Suspended',
    'RayCluster is suspending (spec.suspend): deleting its Pods',
  ],
  [
    'a RayService whose spec.suspend was just set',
    RayHealthKind.RAY_SERVICE,
    'ready',
    (obj) =>
      withCondition(
        obj,
        condition(
          'Suspending',
          'True',
          'SuspendRequested',
          'Spec.Suspend is true; will delete all Kubernetes resources owned by this RayService.',
        ),
      ),
    'Suspended',
    'RayService is suspending (spec.suspend): Spec.Suspend is true; will delete all Kubernetes resources owned by this RayService.',
  ],
  [
    'an incremental upgrade whose goal changed mid-way',
    RayHealthKind.RAY_SERVICE,
    'upgrading-incremental',
    (obj) =>
      withCondition(
        obj,
        condition(
          'RollbackInProgress',
          'True',
          'DesiredClusterSpecChanged',
          'Goal state changed mid-upgrade, rolling back to original cluster.',
        ),
      ),
    'Progressing',
    'Rolling back the upgrade: DesiredClusterSpecChanged: Goal state changed mid-upgrade, rolling back to original cluster.',
  ],
];

describe('health checks on state transitions', () => {
  it.each(TRANSITIONS)('%s', (_, kind, name, change, status, message) => {
    expect(health(kind, change(fixture(kind, name) as Obj))).toEqual({ status, message });
  });
});

describe('health scripts as Lua', () => {
  const files = readdirSync(HEALTH_DIR).filter((file) => file.endsWith('.lua'));

  it('has a script per kind plus the shared helpers', () => {
    expect(files.sort()).toEqual(['common.lua', ...KINDS.map((kind) => `${kind.toLowerCase()}.lua`)].sort());
  });

  it.each(files)('%s parses as Lua 5.1 (gopher-lua)', (file) => {
    expect(() => luaparse.parse(readFileSync(join(HEALTH_DIR, file), 'utf8'), { luaVersion: '5.1' })).not.toThrow();
  });

  it.each(KINDS)('the %s script uses only obj and the Lua 5.1 base and table libraries', (kind) => {
    const chunk = luaparse.parse(rayHealthCheckScript(kind), { luaVersion: '5.1', scope: true }) as luaparse.Chunk & {
      globals: luaparse.Identifier[];
    };
    const globals = new Set(chunk.globals.map((identifier) => identifier.name));
    expect([...globals].filter((name) => name !== 'obj' && name !== 'table' && !LUA51_BASE.has(name))).toEqual([]);
    expect(tableMembers(chunk).filter((name) => !LUA51_TABLE.has(name))).toEqual([]);
  });

  it('fails a script that needs the string library, as Argo CD would', () => {
    const script = `${rayHealthCheckScript(RayHealthKind.RAY_JOB)}\n`.replace(
      'return health("Progressing", "Waiting for KubeRay to start the RayJob")',
      'return health("Progressing", string.format("%s", "x"))',
    );
    expect(() => runHealthScript(script, { metadata: {} }, 'rayjob.lua')).toThrow(/global 'string'/);
  });
});

describe('argocd-cm entries', () => {
  it('keys each script as Argo CD looks custom health checks up', () => {
    expect(Object.keys(rayHealthCheckData()).sort()).toEqual([
      'resource.customizations.health.ray.io_RayCluster',
      'resource.customizations.health.ray.io_RayJob',
      'resource.customizations.health.ray.io_RayService',
    ]);
    expect(rayHealthCheckKey(RayHealthKind.RAY_SERVICE)).toBe('resource.customizations.health.ray.io_RayService');
  });

  it('holds the shared helpers followed by the kind script, as one chunk', () => {
    const common = readFileSync(join(HEALTH_DIR, 'common.lua'), 'utf8');
    for (const kind of KINDS) {
      const own = readFileSync(join(HEALTH_DIR, `${kind.toLowerCase()}.lua`), 'utf8');
      expect(rayHealthCheckData()[rayHealthCheckKey(kind)]).toBe(`${common}\n${own}`);
    }
  });

  it('rejects a kind it has no script for, naming the known ones', () => {
    expect(() => rayHealthCheckScript('RayCronJob' as RayHealthKind)).toThrow(
      "Unknown ray.io kind 'RayCronJob' for a health check (expected one of RayCluster, RayJob, RayService)",
    );
  });

  it('builds an argocd-cm merge patch that is a valid ConfigMap', () => {
    const patch = argocdCmPatch();
    expect(patch.metadata).toEqual({
      name: 'argocd-cm',
      namespace: 'argocd',
      labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' },
    });
    expect(patch.data).toEqual(rayHealthCheckData());
    expect(() => new ConfigMap(patch).validate()).not.toThrow();
  });

  it('puts the patch in the namespace given, and rejects one Kubernetes would', () => {
    expect(argocdCmPatch({ namespace: 'gitops' }).metadata.namespace).toBe('gitops');
    expect(() => argocdCmPatch({ namespace: 'Argo_CD' })).toThrow(
      "argocdCmPatch: namespace 'Argo_CD' is not a valid namespace name",
    );
  });
});

// Lua 5.1's base library and table library (reference manual §5.1, §5.5).
const LUA51_BASE = new Set([
  '_G', '_VERSION', 'assert', 'collectgarbage', 'dofile', 'error', 'getfenv', 'getmetatable', 'ipairs', 'load',
  'loadfile', 'loadstring', 'next', 'pairs', 'pcall', 'print', 'rawequal', 'rawget', 'rawset', 'select', 'setfenv',
  'setmetatable', 'tonumber', 'tostring', 'type', 'unpack', 'xpcall',
]);
const LUA51_TABLE = new Set(['concat', 'insert', 'maxn', 'remove', 'sort']);

/** Names used as `table.<name>` anywhere in the chunk. */
function tableMembers(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    node.forEach((child) => tableMembers(child, found));
  } else if (node !== null && typeof node === 'object') {
    const n = node as { type?: string; base?: { type?: string; name?: string }; identifier?: { name: string } };
    if (n.type === 'MemberExpression' && n.base?.type === 'Identifier' && n.base.name === 'table') {
      found.push(n.identifier!.name);
    }
    Object.values(node).forEach((child) => tableMembers(child, found));
  }
  return found;
}
