import type { EnvironmentDefinition } from '../src/app';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { RaySandboxChart, RaySandboxChartProps } from '../src/charts/ray-sandbox-chart';
import { RayService } from '../src/ray/ray-service';
import { synthToDist } from '../src/synth';
import { gke, local } from './support/environments';
import { environmentByName } from '../src/environments';

/** Marks a field to delete in {@link edited}. */
const DELETE = Symbol('delete');

/** A copy of `env` with the value at `path` replaced (or deleted), copying only the objects on the path. */
function edited(env: EnvironmentDefinition, path: readonly string[], value: unknown): EnvironmentDefinition {
  const set = (obj: unknown, [key, ...rest]: readonly string[]): unknown => {
    const copy = (Array.isArray(obj) ? [...obj] : { ...(obj as Record<string, unknown>) }) as Record<string, unknown>;
    if (rest.length > 0) copy[key] = set(copy[key] ?? {}, rest);
    else if (value === DELETE) delete copy[key];
    else Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    return copy;
  };
  return set(env, path) as EnvironmentDefinition;
}

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) files[relative(dir, join(e.parentPath, e.name))] = readFileSync(join(e.parentPath, e.name), 'utf8');
  }
  return files;
}

/** Output folders holding a previous synth of `name`. */
function previousOutput(name: string): { root: string; dist: string; argocd: string } {
  const root = mkdtempSync(join(tmpdir(), 'bad-input-'));
  for (const folder of ['dist', 'argocd']) {
    mkdirSync(join(root, folder, name), { recursive: true });
    writeFileSync(join(root, folder, name, 'previous.k8s.yaml'), 'kind: Previous\n');
  }
  return { root, dist: join(root, 'dist'), argocd: join(root, 'argocd') };
}

/** Synthesizes `env`, expecting it to fail: returns the message after checking nothing was written. */
function synthFailure(env: EnvironmentDefinition): string {
  const out = previousOutput(env.name);
  const before = tree(out.root);
  let failure: unknown;
  try {
    synthToDist([env], out.dist, true, out.argocd);
  } catch (error) {
    failure = error;
  }
  expect(failure, 'synth succeeded').toBeInstanceOf(Error);
  expect(tree(out.root), 'dist/ or argocd/ changed').toEqual(before);
  const message = (failure as Error).message;
  expect((failure as Error).name, message).toMatch(/^(EnvironmentError|SynthError)$/);
  return message;
}

/** Synthesizes `env`, expecting success: the objects of every chart file by file name. */
function synthObjects(env: EnvironmentDefinition): Map<string, Record<string, unknown>[]> {
  const out = previousOutput(env.name);
  synthToDist([env], out.dist, true, out.argocd);
  const dir = join(out.dist, env.name);
  return new Map(
    readdirSync(dir)
      .filter((f) => f.endsWith('.k8s.yaml'))
      .map((f) => [f, parseAllDocuments(readFileSync(join(dir, f), 'utf8'), { version: '1.1' }).map((d) => d.toJS())]),
  );
}

type Case = readonly [title: string, env: () => EnvironmentDefinition, field: string, expected: RegExp];

const typeErrors: Case[] = [
  ['a misspelt workload key', () => edited(local(), ['workloads', 'sandbx'], {}), 'workloads.sandbx', /expected no such field \(known fields: sandbox, /],
  ['a misspelt optional field', () => edited(local(), ['workloads', 'sandbox', 'maxCpuWorker'], 3), 'workloads.sandbox.maxCpuWorker', /expected no such field .*maxCpuWorkers/],
  ['an unknown top-level key', () => edited(local(), ['namespce'], 'ray'), 'namespce', /expected no such field/],
  ['a string for a Size', () => edited(local(), ['workloads', 'sandbox', 'cpuWorker', 'memory'], '4Gi'), 'workloads.sandbox.cpuWorker.memory', /expected a Size \(Size\.gibibytes\(4\)\), got the string "4Gi"/],
  ['a number for a Cpu', () => edited(local(), ['workloads', 'sandbox', 'head', 'cpu'], 2), 'workloads.sandbox.head.cpu', /expected a Cpu .*, got 2/],
  ['a number for a Duration', () => edited(gke(), ['workloads', 'wikipediaPipeline', 'stageDeadline'], 3600), 'workloads.wikipediaPipeline.stageDeadline', /expected a Duration/],
  ['a string for a number', () => edited(local(), ['workloads', 'sandbox', 'maxCpuWorkers'], '3'), 'workloads.sandbox.maxCpuWorkers', /expected a number, got the string "3"/],
  ['a string for a boolean', () => edited(local(), ['gitops', 'prune'], 'yes'), 'gitops.prune', /expected true or false, got the string "yes"/],
  ['a value outside an enum', () => edited(local(), ['cloud'], 'gcp'), 'cloud', /expected one of "local", "gke", "aks", "eks", got the string "gcp"/],
  ['a missing required field', () => edited(local(), ['gitops', 'repoUrl'], DELETE), 'gitops.repoUrl', /expected a value \(required\), got nothing/],
  ['null for an object', () => edited(local(), ['storage'], null), 'storage', /expected an object, got null/],
  ['a list for a map', () => edited(gke(), ['workloads', 'embeddingService', 'mlflow', 'serviceAccountAnnotations'], ['a']), 'workloads.embeddingService.mlflow.serviceAccountAnnotations', /expected an object, got a list of 1/],
];

const constructErrors: Case[] = [
  ['too few workers for the group minimum', () => edited(gke(), ['workloads', 'sandbox', 'maxCpuWorkers'], 0), 'workloads.sandbox.maxCpuWorkers', /expected >= minReplicas \(1\), got 0 \(ray-sandbox\/Cluster: workerGroups\[0\]\.maxReplicas\)/],
  ['a fractional worker count', () => edited(local(), ['workloads', 'sandbox', 'maxCpuWorkers'], 1.5), 'workloads.sandbox.maxCpuWorkers', /whole number/],
  ['a negative worker count: the bound that passes, not 0 then 1', () => edited(local(), ['workloads', 'sandbox', 'maxCpuWorkers'], -1), 'workloads.sandbox.maxCpuWorkers', /: expected a whole number >= minReplicas \(1\), got -1 \(ray-sandbox\/Cluster: workerGroups\[0\]\.maxReplicas\)$/],
  ['no pipeline shards', () => edited(gke(), ['workloads', 'wikipediaPipeline', 'shards'], 0), 'workloads.wikipediaPipeline.shards', /expected a whole number >= 1, got 0/],
  ['a replica range upside down, in the names written (min, max)', () => edited(local(), ['workloads', 'embeddingService', 'replicas'], { min: 3, max: 2 }), 'workloads.embeddingService.replicas', /: expected whole numbers 0 <= min <= max and max >= 1, got min 3, max 2 \(embedding-service: replicas\)$/],
  ['model gateway weights that do not sum to 100, at the option written', () => edited(local(), ['workloads', 'modelGateway', 'embeddingVersions'], [{ version: 'v1', weight: 80 }, { version: 'v2', weight: 30 }]), 'workloads.modelGateway.embeddingVersions', /: weights must sum to 100, got v1=80 \+ v2=30 = 110 \(model-gateway: embeddingVersions\)$/],
  ['a model gateway version that is no DNS label', () => edited(local(), ['workloads', 'modelGateway', 'embeddingVersions'], [{ version: 'V1', weight: 100 }]), 'workloads.modelGateway.embeddingVersions[0].version', /expected a DNS-1123 label/],
  ['a head memory in the wrong unit (4Mi): one line at the option, not manifest findings', () => edited(local(), ['workloads', 'embeddingService', 'head'], { resources: { cpu: Cpu.units(1), memory: Size.mebibytes(4) } }), 'workloads.embeddingService.head.resources.memory', /: expected at least 250Mi, so that Ray's default object store \(30% of it\) reaches Ray's minimum of 75Mi \(ray start refuses less\), got 4Mi \(embedding-service\/Service\/Resource: head\.resources\.memory\)$/],
  ['a worker of 128Mi', () => edited(local(), ['workloads', 'sandbox', 'cpuWorker'], { cpu: Cpu.units(1), memory: Size.mebibytes(128) }), 'workloads.sandbox.cpuWorker.memory', /expected at least 250Mi, .* got 128Mi/],
  ['a fractional replica bound of the text service', () => edited(environmentByName('aks'), ['workloads', 'textGeneration', 'replicas'], { min: 1, max: 2.5 }), 'workloads.textGeneration.replicas', /expected whole numbers 0 <= min <= max and max >= 1, got min 1, max 2.5/],
  ['a cron schedule with minute 61', () => edited(gke(), ['workloads', 'wikipediaPipeline', 'schedules'], ['61 * * * *']), 'workloads.wikipediaPipeline.schedules[0]', /not a cron schedule/],
  ['a Redis address without a port, which makes the fault-tolerant head fail at ray start', () => edited(environmentByName('aks'), ['workloads', 'textGeneration', 'gcsFaultTolerance', 'redisAddress'], 'redis-ha.redis.svc.cluster.local'), 'workloads.textGeneration.gcsFaultTolerance.redisAddress', /expected host:port, redis:\/\/host:port or rediss:\/\/host:port \(several comma-separated\), got 'redis-ha.redis.svc.cluster.local': 'redis-ha.redis.svc.cluster.local' has no port/],
  ['a cron schedule on a day that never comes (31 February)', () => edited(gke(), ['workloads', 'wikipediaPipeline', 'schedules'], ['0 3 31 2 *']), 'workloads.wikipediaPipeline.schedules[0]', /never fires/],
  ['an MLflow artifacts destination that is not a URI', () => edited(gke(), ['workloads', 'embeddingService', 'mlflow', 'artifactsDestination'], 'bucket'), 'workloads.embeddingService.mlflow.artifactsDestination', /bucket URI/],
  ['a worker with more CPU than a node allocates', () => edited(local(), ['workloads', 'sandbox', 'cpuWorker', 'cpu'], Cpu.units(40)), 'workloads.sandbox.cpuWorker.cpu', /^environment 'local': workloads\.sandbox\.cpuWorker\.cpu: expected at most 23 CPU, what a workstation node of pool 'local' allocates \(24 minus 1 reserved\), got 40 \(ray-sandbox\/Cluster: workerGroups\[0\]\.resources\.cpu\)$/],
  ['a head with more memory than a node allocates', () => edited(gke(), ['workloads', 'sandbox', 'head'], { cpu: Cpu.units(1), memory: Size.gibibytes(400) }), 'workloads.sandbox.head.memory', /expected at most [0-9.]+Gi, what a [a-z0-9-]+ node of pool '[a-z0-9-]+' allocates \([0-9.]+Gi minus [0-9.]+Gi reserved\), got 400Gi/],
  ['pipeline embed workers with more memory than a node allocates: named by their option, not workerGroups[0]', () => edited(local(), ['workloads', 'wikipediaPipeline', 'embedWorkers'], { count: 1, resources: { cpu: Cpu.units(2), memory: Size.gibibytes(100) } }), 'workloads.wikipediaPipeline.embedWorkers.resources.memory', /expected at most 61Gi, .*, got 100Gi \(wikipedia-pipeline\/Pipeline\/embed-job: workerGroups\[0\]\.resources\.memory\)$/],
  ['a pipeline head with more memory than a node allocates: head.memory as written', () => edited(local(), ['workloads', 'wikipediaPipeline', 'head'], { cpu: Cpu.units(1), memory: Size.gibibytes(400) }), 'workloads.wikipediaPipeline.head.memory', /expected at most 61Gi, .*, got 400Gi/],
  ['an MLflow server with more memory than a node allocates', () => edited(local(), ['workloads', 'embeddingService', 'mlflow', 'resources'], { cpu: Cpu.millis(250), memory: Size.gibibytes(70) }), 'workloads.embeddingService.mlflow.resources.memory', /expected at most 61Gi, what a workstation node of pool 'local' allocates \(64Gi minus 3Gi reserved\), got 70Gi/],
];

const rangeErrors: Case[] = [
  ['negative CPU', () => edited(local(), ['workloads', 'sandbox', 'cpuWorker', 'cpu'], Cpu.units(-1)), 'workloads.sandbox.cpuWorker.cpu', /expected a CPU amount > 0 .*, got '-1'/],
  ['zero CPU on the head', () => edited(local(), ['workloads', 'sandbox', 'head', 'cpu'], Cpu.millis(0)), 'workloads.sandbox.head.cpu', /expected a CPU amount > 0/],
  ['fractional millicores', () => edited(local(), ['workloads', 'sandbox', 'cpuWorker', 'cpu'], Cpu.millis(0.5)), 'workloads.sandbox.cpuWorker.cpu', /whole millicores\), got '0\.5m'/],
  ['zero memory', () => edited(local(), ['workloads', 'sandbox', 'cpuWorker', 'memory'], Size.mebibytes(0)), 'workloads.sandbox.cpuWorker.memory', /expected more than 0 MiB, got 0 MiB/],
  ['memory that is not whole MiB', () => edited(local(), ['workloads', 'sandbox', 'cpuWorker', 'memory'], Size.kibibytes(1500)), 'workloads.sandbox.cpuWorker.memory', /expected a whole number of MiB, got 1500 KiB/],
  ['an env var name starting with a digit', () => edited(local(), ['workloads', 'modelGateway', 'head', 'env'], { '1BAD': 'x' }), 'workloads.modelGateway.head.env[1BAD]', /expected an environment variable name/],
  ['an env var name with a space', () => edited(local(), ['workloads', 'modelGateway', 'head', 'env'], { 'MY VAR': 'x' }), 'workloads.modelGateway.head.env[MY VAR]', /expected an environment variable name/],
  ['a port above 65535', () => edited(local(), ['workloads', 'modelGateway', 'head', 'rayStartParams'], { 'dashboard-port': '70000' }), 'workloads.modelGateway.head.rayStartParams.dashboard-port', /expected a port 1-65535, got the string "70000"/],
  ['a port that is not a number', () => edited(local(), ['workloads', 'modelGateway', 'head', 'rayStartParams'], { 'metrics-export-port': 'http' }), 'workloads.modelGateway.head.rayStartParams.metrics-export-port', /expected a port 1-65535/],
  ['two head services on one port', () => edited(local(), ['workloads', 'modelGateway', 'head', 'rayStartParams'], { 'dashboard-port': '6379' }), 'workloads.modelGateway.head.rayStartParams.dashboard-port', /expected a port no other head service uses, got 6379 \(used by gcs-server\)/],
  ['a fractional GPU worker count (sandbox)', () => edited(gke(), ['workloads', 'sandbox', 'maxGpuWorkers'], 1.5), 'workloads.sandbox.maxGpuWorkers', /expected a whole number >= 0, got 1\.5/],
  ['a fractional GPU worker count (model gateway)', () => edited(environmentByName('eks'), ['workloads', 'modelGateway', 'maxGpuWorkers'], 1.5), 'workloads.modelGateway.maxGpuWorkers', /expected a whole number >= 0, got 1\.5/],
  ['zero generated tokens', () => edited(environmentByName('aks'), ['workloads', 'textGeneration', 'maxNewTokens'], 0), 'workloads.textGeneration.maxNewTokens', /expected a whole number >= 1, got 0/],
  ['a fractional token cap', () => edited(environmentByName('aks'), ['workloads', 'textGeneration', 'maxNewTokens'], 1.5), 'workloads.textGeneration.maxNewTokens', /expected a whole number >= 1, got 1\.5/],
  ['a load balancer port 0', () => edited(environmentByName('aks'), ['workloads', 'textGeneration', 'loadBalancer'], { port: 0 }), 'workloads.textGeneration.loadBalancer.port', /expected a port 1-65535, got 0/],
  ['an empty storage class', () => edited(gke(), ['storage', 'readWriteManyClass'], ''), 'storage.readWriteManyClass', /./],
  ['a secret key listed twice', () => edited(gke(), ['externalPrerequisites'], gke().externalPrerequisites!.map((p, i) => (i === 0 ? { ...p, keys: ['username', 'password', 'password'] } : p))), 'externalPrerequisites[0].keys[2]', /: expected unique keys, got 'password' again$/],
  ['a prerequisite declared twice', () => edited(gke(), ['externalPrerequisites'], [...gke().externalPrerequisites!, gke().externalPrerequisites![0]]), `externalPrerequisites[${gke().externalPrerequisites!.length}]`, /: expected each object declared once, got (Secret|ConfigMap|PersistentVolumeClaim) '[^']+' again \(first at externalPrerequisites\[0\]\)$/],
  ['a secret key Kubernetes refuses', () => edited(gke(), ['externalPrerequisites'], gke().externalPrerequisites!.map((p, i) => (i === 0 ? { ...p, keys: ['pass word'] } : p))), 'externalPrerequisites[0].keys[0]', /expected a key of at most 253 letters, digits, '-', '_' or '.' \(not '.' or '..'\), got 'pass word'/],
  ['a block-disk class as the ReadWriteMany class (Azure Disk on AKS)', () => edited(environmentByName('aks'), ['storage', 'readWriteManyClass'], 'managed-csi'), 'storage.readWriteManyClass', /expected a storage class that provides ReadWriteMany volumes \(.*\), got 'managed-csi': AKS's Azure Disk class, a block disk attached to one node at a time, so the shared claims stay Pending$/],
  ['an EBS class as the ReadWriteMany class', () => edited(environmentByName('eks'), ['storage', 'readWriteManyClass'], 'gp3'), 'storage.readWriteManyClass', /got 'gp3': an EBS class/],
  ['a storage class with capitals', () => edited(gke(), ['storage', 'readWriteOnceClass'], 'Standard_RWO'), 'storage.readWriteOnceClass', /expected a DNS-1123 subdomain/],
  ['an empty Argo CD repoURL', () => edited(local(), ['gitops', 'repoUrl'], ''), 'gitops.repoUrl', /expected a Git repository URL/],
  ['an Argo CD repoURL that is not a URL', () => edited(local(), ['gitops', 'repoUrl'], 'github.com/example-org/ray-gitops'), 'gitops.repoUrl', /expected a Git repository URL/],
  ['an empty targetRevision', () => edited(local(), ['gitops', 'targetRevision'], ''), 'gitops.targetRevision', /expected a branch, tag or commit/],
  ['a targetRevision with a space', () => edited(local(), ['gitops', 'targetRevision'], 'my branch'), 'gitops.targetRevision', /expected a branch, tag or commit/],
  ['a destination server that is not a URL', () => edited(local(), ['gitops', 'destinationServer'], 'kubernetes.default.svc'), 'gitops.destinationServer', /expected an http\(s\) URL/],
];

const typeCorrectCrashes: Case[] = [
  ['GPU workers on an environment without a GPU pool (embedding service)', () => edited(local(), ['workloads', 'embeddingService', 'gpu'], {}), 'workloads.embeddingService.gpu', /expected no GPUs \(environment 'local' has no GPU node pool\), got an object/],
  ['GPU workers on an environment without a GPU pool (text generation)', () => edited(local(), ['workloads', 'textGeneration'], { gpu: {} }), 'workloads.textGeneration.gpu', /has no GPU node pool/],
  ['an accelerator no node pool offers', () => edited(gke(), ['workloads', 'embeddingService', 'gpu'], { accelerator: 'nvidia-h100-80gb' }), 'workloads.embeddingService.gpu.accelerator', /expected an accelerator a node pool of environment 'gke' offers \(.*\), got 'nvidia-h100-80gb'/],
  ['a GPU group on an environment without a GPU pool (model gateway)', () => edited(local(), ['workloads', 'modelGateway', 'maxGpuWorkers'], 1), 'workloads.modelGateway.maxGpuWorkers', /has no GPU node pool\), got 1/],
  ['GPU workers dropped silently before (sandbox)', () => edited(local(), ['workloads', 'sandbox', 'maxGpuWorkers'], 2), 'workloads.sandbox.maxGpuWorkers', /has no GPU node pool\), got 2/],
  ['a GKE spot pool declared on-demand, its spot label kept', () => edited(gke(), ['nodePools', '1', 'spot'], false), 'nodePools[1].labels', /expected no cloud\.google\.com\/gke-spot \(GKE puts it on every node of a spot pool only, and this pool is not one\), got cloud\.google\.com\/gke-spot=true/],
  ['a GKE CPU pool claiming an accelerator label', () => edited(gke(), ['nodePools', '0', 'labels'], { ...gke().nodePools[0].labels, 'cloud.google.com/gke-accelerator': 'nvidia-l4' }), 'nodePools[0].labels', /expected no cloud\.google\.com\/gke-accelerator .*got cloud\.google\.com\/gke-accelerator=nvidia-l4/],
  ['an AKS on-demand pool claiming the spot priority label', () => edited(environmentByName('aks'), ['nodePools', '0', 'labels'], { ...environmentByName('aks').nodePools[0].labels, 'kubernetes.azure.com/scalesetpriority': 'spot' }), 'nodePools[0].labels', /expected no kubernetes\.azure\.com\/scalesetpriority/],
  ['a reserve that leaves a node less than 1 CPU (a GPU worker would get 0 CPU of it)', () => edited(environmentByName('eks'), ['nodePools', '1', 'shape', 'reservedCpu'], 3.5), 'nodePools[1].shape.reservedCpu', /^environment 'eks': nodePools\[1\]\.shape\.reservedCpu: expected 0 <= reservedCpu <= cpu - 1 \(\d+\), so that a node allocates at least 1 CPU, got 3\.5$/],
  ['a reserve that leaves a node less than 1Gi', () => edited(local(), ['nodePools', '0', 'shape', 'reservedMemory'], Size.mebibytes(63.5 * 1024)), 'nodePools[0].shape.reservedMemory', /expected at most memory minus 1Gi \(63Gi\), so that a node allocates at least 1Gi, got 63\.5Gi$/],
  ['a taint value with a space', () => edited(gke(), ['nodePools', '1', 'taints'], [{ key: 'nvidia.com/gpu', value: 'present now', effect: 'NoSchedule' }]), 'nodePools[1].taints[0].value', /expected a label value .*, got 'present now'$/],
  ['a taint key that is no qualified name', () => edited(gke(), ['nodePools', '1', 'taints'], [{ key: 'nvidia.com/gpu!', value: 'present', effect: 'NoSchedule' }]), 'nodePools[1].taints[0].key', /expected \[prefix\/\]name .*, got 'nvidia\.com\/gpu!'$/],
  ['a GKE GPU pool without the taint GKE applies', () => edited(gke(), ['nodePools', '1', 'taints'], []), 'nodePools[1].taints', /expected the taint GKE puts on every GPU node pool, nvidia\.com\/gpu=present:NoSchedule, got none/],
];

describe.each([
  ['type errors (kind 1)', typeErrors],
  ['construct errors named by the option (kind 2)', constructErrors],
  ['type-correct data that used to crash or be dropped (kind 3)', typeCorrectCrashes],
  ['range and format checks (kind 4)', rangeErrors],
])('bad environment data fails before anything is written: %s', (_, cases) => {
  test.each(cases)('%s', (_title, env, field, expected) => {
    const environment = env();
    const message = synthFailure(environment);
    const line = message.split('\n').find((l) => l.startsWith(`environment '${environment.name}': ${field}: `));
    expect(line, `no line names environment '${environment.name}' and field ${field}:\n${message}`).toBeDefined();
    expect(line).toMatch(expected);
    expect(message).not.toMatch(/^\s+at /m);
  });
});

describe('user maps are kept, with any valid key (kind 5)', () => {
  test('annotation keys constructor and toString, and values YAML 1.1 reads as booleans', () => {
    const annotations = JSON.parse('{"constructor": "a", "toString": "b", "example.com/on": "yes", "hasOwnProperty": "no"}') as Record<string, string>;
    const objects = synthObjects(edited(local(), ['workloads', 'embeddingService', 'mlflow', 'serviceAccountAnnotations'], annotations));
    const account = objects.get('embedding-service.k8s.yaml')!.find((o) => o.kind === 'ServiceAccount' && (o.metadata as { name: string }).name === 'mlflow')!;
    expect(Object.entries((account.metadata as { annotations: object }).annotations)).toEqual(expect.arrayContaining(Object.entries(annotations)));
  });

  test("a sync wave the user sets is kept, not replaced: the validator refuses the wrong one with its reason", () => {
    const annotations = { 'argocd.argoproj.io/sync-wave': '5' };
    const message = synthFailure(edited(local(), ['workloads', 'embeddingService', 'mlflow', 'serviceAccountAnnotations'], annotations));
    expect(message).toMatch(/ServiceAccount\/mlflow metadata\.annotations\.argocd\.argoproj\.io\/sync-wave: expected wave 1 .*, got 5/);
  });

  test('a rayStartParams key __proto__ reaches the head', () => {
    const head = { resources: { cpu: Cpu.units(1), memory: Size.gibibytes(3) }, rayStartParams: JSON.parse('{"__proto__": "x"}') as Record<string, string> };
    const objects = synthObjects(edited(local(), ['workloads', 'modelGateway', 'head'], head));
    const service = objects.get('model-gateway.k8s.yaml')!.find((o) => o.kind === 'RayService')!;
    const params = (service.spec as { rayClusterConfig: { headGroupSpec: { rayStartParams: object } } }).rayClusterConfig.headGroupSpec.rayStartParams;
    expect(Object.entries(params)).toContainEqual(['__proto__', 'x']);
  });
});

describe('strings YAML 1.1 reads as something else are written as strings (kind 6)', () => {
  test.each(['on', 'yes', 'no', '0x10', '1e3', '~', 'null', '012', '1:20'])('an embedding model named %j', (model) => {
    const objects = synthObjects(edited(local(), ['workloads', 'embeddingService', 'model'], model));
    const service = objects.get('embedding-service.k8s.yaml')!.find((o) => o.kind === 'RayService')!;
    const serveConfig = parse((service.spec as { serveConfigV2: string }).serveConfigV2, { version: '1.1' }) as { applications: { args: { model: unknown } }[] };
    expect(serveConfig.applications[0].args.model).toBe(model);
  });
});

describe('construct call sites (kind 4)', () => {
  test("a Serve replica's memory larger than any pod", () => {
    const chart = Testing.chart();
    expect(
      () =>
        new RayService(chart, 'Service', {
          environment: local(),
          name: 'svc',
          cluster: { workerGroups: [{ groupName: 'cpu', resources: { cpu: Cpu.units(1), memory: Size.gibibytes(2) }, replicas: 1 }] },
          applications: [{ name: 'a', importPath: 'pkg.mod:app', deployments: [{ name: 'D', rayActorOptions: { memory: Size.gibibytes(4) } }] }],
        }),
    ).toThrow("applications[0].deployments[0].rayActorOptions.memory: expected at most the largest Ray pod's memory (2048 MiB), got 4096 MiB");
  });

});

describe('chart call sites (kind 1)', () => {
  test('an unknown prop of a chart built directly is an error naming it', () => {
    expect(() => new RaySandboxChart(Testing.app(), 'ray-sandbox', { environment: local(), maxCpuWrokers: 3 } as RaySandboxChartProps)).toThrow(
      /^maxCpuWrokers: expected no such field \(known fields: [^)]*\bmaxCpuWorkers\b[^)]*\), got 3 \(ray-sandbox: maxCpuWrokers\)$/,
    );
  });

  test('a mistyped prop of a chart built directly is an error naming it', () => {
    expect(() => new RaySandboxChart(Testing.app(), 'ray-sandbox', { environment: local(), cpuWorker: { cpu: Cpu.units(1), memory: '4Gi' } } as unknown as RaySandboxChartProps)).toThrow(
      /^cpuWorker\.memory: expected a Size \(Size\.gibibytes\(4\)\), got the string "4Gi" \(ray-sandbox: cpuWorker\.memory\)$/,
    );
  });
});

describe('a pod larger than the nodes it lands on', () => {
  test('is one error at the field that sizes it, not a finding on each manifest it reaches', () => {
    const message = synthFailure(edited(local(), ['workloads', 'sandbox', 'cpuWorker', 'cpu'], Cpu.units(40)));
    // The sandbox's RayCluster and RayService share the worker shape: before, fits-node and pool-capacity reported both (4 lines).
    expect(message.split('\n')).toEqual([expect.stringMatching(/^environment 'local': workloads\.sandbox\.cpuWorker\.cpu: expected at most 23 CPU/)]);
  });
});

describe('a Ray version that is no release', () => {
  test('is one line, not one more for each image tag it no longer starts', () => {
    const message = synthFailure(edited(local(), ['ray', 'version'], 'v2.52.0'));
    expect(message.split('\n')).toEqual(["environment 'local': ray.version: expected a Ray release like 2.52.0, got 'v2.52.0'"]);
  });
});

describe('several environments with bad data', () => {
  test('are all reported in one run, in environment order, and nothing is written', () => {
    // GIVEN a schema error in local and a construct error in gke
    const badLocal = edited(local(), ['namspace'], 'ray');
    const badGke = edited(gke(), ['workloads', 'sandbox', 'maxCpuWorkers'], -1);
    const out = previousOutput('local');
    const before = tree(out.root);
    let failure: Error | undefined;
    try {
      synthToDist([badLocal, environmentByName('aks'), badGke], out.dist, true, out.argocd);
    } catch (error) {
      failure = error as Error;
    }
    // THEN one error holds both environments' lines, and the output is as it was
    expect(failure?.name).toBe('EnvironmentErrors');
    const lines = failure!.message.split('\n');
    expect(lines[0]).toMatch(/^environment 'local': /);
    expect(lines.some((line) => line.startsWith("environment 'local': namspace: expected no such field"))).toBe(true);
    expect(lines.at(-1)).toMatch(/^environment 'gke': workloads\.sandbox\.maxCpuWorkers: /);
    expect(lines.some((line) => line.includes("'aks'"))).toBe(false);
    expect(tree(out.root)).toEqual(before);
  });
});

describe('two environments of one name', () => {
  test('are one error naming the name and both positions, before anything is built or written', () => {
    // GIVEN a copy of gke whose name was not changed (a copied environment file)
    const out = previousOutput('gke');
    const before = tree(out.root);
    let failure: Error | undefined;
    try {
      synthToDist([local(), gke(), edited(gke(), ['namespace'], 'ray-copy')], out.dist, true, out.argocd);
    } catch (error) {
      failure = error as Error;
    }
    // THEN the message says which name and where, with no source location, and nothing changed
    expect(failure?.name).toBe('EnvironmentError');
    expect(failure?.message).toBe(
      "environment 'gke': name: expected a name no other environment has (it names dist/gke/, argocd/gke/ and the Argo CD Applications), got 'gke' for environments 2 and 3 of local, gke, gke",
    );
    expect(tree(out.root)).toEqual(before);
  });
});

describe('a wrong value inside one branch of a union', () => {
  test("is one line at the field, without the other branches' type mismatches", () => {
    // GIVEN gpu: GpuRequest | false, with a spot policy that is none of GpuRequest's
    const message = synthFailure(edited(gke(), ['workloads', 'embeddingService', 'gpu', 'spot'], 'sometimes'));
    // THEN only GpuRequest's complaint, not "expected true or false" or "expected false" of the other branch
    expect(message).toBe(`environment 'gke': workloads.embeddingService.gpu.spot: expected one of "never", "preferred", "required", got the string "sometimes"`);
  });
});
