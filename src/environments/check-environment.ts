import { environmentSchema } from '../schema/environment-schema';
import { formatBytes, sizeBytes } from '../k8s/quantity';
import { RWX_CLASS_EXAMPLES, singleNodeStorageClass } from '../k8s/storage-classes';
import type { EnvironmentDefinition } from '../app';
import { checkValue } from '../schema/check-value';
import { type Segment, formatPath } from '../k8s/field-path';
import { IMAGE_REFERENCE_FORM, imageReferenceProblem } from '../k8s/image-reference';
import { DNS_1123_LABEL_FORM, QUALIFIED_NAME_PART_FORM, isDns1123Label, isLabelValue, isQualifiedName } from '../k8s/names';
import { gitRevisionProblem, httpUrlProblem, isConfigMapKey, repoUrlProblem, subdomainProblem } from '../k8s/value-rules';
import { Accelerator, CloudProvider, NodePool, NodeTaint, RayEnvironment, TaintEffect } from './types';
import { CLOUD_NAMES, cloudLabelsOfOtherPools, cloudNodeLabels, cloudNodeTaints } from './cloud-nodes';
import { nearestName } from '../k8s/nearest-name';

const RAY_VERSION = /^\d+\.\d+\.\d+$/;

/** A problem in an environment's data, before any chart is built. */
export class EnvironmentError extends Error {
  constructor(environment: string, public readonly problems: readonly string[]) {
    super(problems.map((p) => `environment '${environment}': ${p}`).join('\n'));
    this.name = 'EnvironmentError';
  }
}

/** The errors of several environments, reported together in environment order. */
export class EnvironmentErrors extends Error {
  constructor(public readonly errors: readonly EnvironmentError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'EnvironmentErrors';
  }
}

/** The environment's name for messages, even when `name` itself is what is wrong. */
function environmentName(env: unknown): string {
  const name = (env as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : String(name);
}

function checkPool(at: string, pool: NodePool): string[] {
  const problems: string[] = [];
  const s = pool.shape;
  // A node allocates at least 1 CPU and 1Gi: a whole-node worker (a GPU group's) gets whole CPUs and GiB of it, and 0 is no pod.
  if (!(s.cpu >= 1)) problems.push(`${at}.shape.cpu: expected >= 1, got ${s.cpu}`);
  else if (!(s.reservedCpu >= 0 && s.reservedCpu <= s.cpu - 1)) {
    problems.push(`${at}.shape.reservedCpu: expected 0 <= reservedCpu <= cpu - 1 (${s.cpu - 1}), so that a node allocates at least 1 CPU, got ${s.reservedCpu}`);
  }
  const [memory, reserved] = [sizeBytes(s.memory), sizeBytes(s.reservedMemory)];
  if (!(reserved <= memory - 2 ** 30)) {
    problems.push(`${at}.shape.reservedMemory: expected at most memory minus 1Gi (${formatBytes(memory - 2 ** 30)}), so that a node allocates at least 1Gi, got ${formatBytes(reserved)}`);
  }
  if (pool.gpus) {
    const accelerators = Object.values(Accelerator) as string[];
    if (!accelerators.includes(pool.gpus.accelerator)) {
      problems.push(`${at}.gpus.accelerator: expected one of ${accelerators.join(', ')}, got '${pool.gpus.accelerator}'`);
    }
    if (!(Number.isInteger(pool.gpus.perNode) && pool.gpus.perNode >= 1)) {
      problems.push(`${at}.gpus.perNode: expected a whole number >= 1, got ${pool.gpus.perNode}`);
    }
  }
  if (!(Number.isInteger(pool.maxNodes) && pool.maxNodes >= 1)) {
    problems.push(`${at}.maxNodes: expected a whole number >= 1, got ${pool.maxNodes}`);
  }
  for (const [key, value] of Object.entries(pool.labels)) {
    if (!isQualifiedName(key)) {
      problems.push(`${at}.labels: expected keys of the form [prefix/]name (prefix a DNS-1123 subdomain; name ${QUALIFIED_NAME_PART_FORM}), got '${key}'`);
    } else if (typeof value === 'string' && !isLabelValue(value)) {
      problems.push(`${at}.labels.${key}: expected a label value (${QUALIFIED_NAME_PART_FORM}), got '${value}'`);
    }
  }
  for (const [key, value] of Object.entries(pool.nodeSelector)) {
    if (pool.labels[key] !== value) {
      problems.push(`${at}.nodeSelector.${key}: expected one of the pool's labels (${key in pool.labels ? `the pool has ${key}=${pool.labels[key]}` : `the pool has no label ${key}`}), got '${value}'`);
    }
  }
  const effects = Object.values(TaintEffect) as string[];
  pool.taints.forEach((t, i) => {
    // What the API server accepts in a Node's taint (and so in a pod's toleration of it): a qualified-name key, a label value.
    if (!isQualifiedName(t.key)) {
      problems.push(`${at}.taints[${i}].key: expected [prefix/]name (prefix a DNS-1123 subdomain; name ${QUALIFIED_NAME_PART_FORM}), got '${t.key}'`);
    }
    if (t.value !== undefined && !isLabelValue(t.value)) problems.push(`${at}.taints[${i}].value: expected a label value (${QUALIFIED_NAME_PART_FORM}), got '${t.value}'`);
    if (!effects.includes(t.effect)) problems.push(`${at}.taints[${i}].effect: expected one of ${effects.join(', ')}, got '${t.effect}'`);
  });
  return problems;
}

/** Whether a node labelled like `pool` matches `selector`. */
function selects(selector: Record<string, string>, pool: NodePool): boolean {
  return Object.entries(selector).every(([key, value]) => pool.labels[key] === value);
}

/** The pool list as a whole: names unique, a CPU pool, and selectors that tell the pools apart. */
function checkPools(pools: readonly NodePool[]): string[] {
  const problems: string[] = [];
  if (pools.length === 0) return ['nodePools: expected at least one node pool, got none'];
  if (!pools.some((p) => p.gpus === undefined)) {
    problems.push('nodePools: expected at least one pool without GPUs (for Ray heads, submitters and other CPU pods), got only GPU pools');
  }
  pools.forEach((pool, i) => {
    const at = `nodePools[${i}]`;
    problems.push(...checkPool(at, pool));
    const first = pools.findIndex((p) => p.name === pool.name);
    if (first !== i) problems.push(`${at}.name: expected a name no other pool has, got '${pool.name}' (also nodePools[${first}])`);
    if (pools.length > 1 && Object.keys(pool.nodeSelector).length === 0) {
      problems.push(`${at}.nodeSelector: expected labels that select this pool among ${pools.length} pools, got none`);
    }
    const alsoSelected = pools.filter((other) => other !== pool && Object.keys(pool.nodeSelector).length > 0 && selects(pool.nodeSelector, other));
    if (alsoSelected.length > 0) {
      problems.push(`${at}.nodeSelector: expected labels that select pool '${pool.name}' only, got ${JSON.stringify(pool.nodeSelector)} which also selects ${alsoSelected.map((p) => `'${p.name}'`).join(', ')}`);
    }
  });
  return problems;
}

/** The labels the cloud puts on the pool's nodes (`cloudNodeLabels`), each in `labels` with the cloud's value, and none it puts on other pools only. */
function checkCloudLabels(at: string, cloud: CloudProvider, pool: NodePool): string[] {
  const missing = cloudNodeLabels(cloud, pool)
    .filter(({ key, value }) => pool.labels[key] !== value)
    .map(({ key, value, on }) => `${at}.labels: expected the label ${CLOUD_NAMES[cloud]} puts on ${on}, ${key}=${value}, got ${key in pool.labels ? `${key}=${pool.labels[key]}` : `none${misspeltAs(key, pool.labels)}`}`);
  const claimed = cloudLabelsOfOtherPools(cloud, pool)
    .filter(({ key }) => Object.hasOwn(pool.labels, key))
    .map(({ key, on }) => `${at}.labels: expected no ${key} (${CLOUD_NAMES[cloud]} puts it on ${on} only, and this pool is not one), got ${key}=${pool.labels[key]}`);
  return [...missing, ...claimed];
}

/** ` (is <near>=<value> a misspelling of it?)` when a label key of `labels` is a likely typo of the missing `key`, else ''. */
function misspeltAs(key: string, labels: Readonly<Record<string, string>>): string {
  const near = nearestName(key, Object.keys(labels));
  return near === undefined ? '' : ` (is ${near}=${labels[near]} a misspelling of it?)`;
}

/** The taints the cloud puts on the pool's nodes (`cloudNodeTaints`), each in `taints`. */
function checkCloudTaints(at: string, cloud: CloudProvider, pool: NodePool): string[] {
  const show = (t: NodeTaint) => `${t.key}${t.value === undefined ? '' : `=${t.value}`}:${t.effect}`;
  return cloudNodeTaints(cloud, pool)
    .filter(({ taint }) => !pool.taints.some((t) => t.key === taint.key && t.value === taint.value && t.effect === taint.effect))
    .map(({ taint, on }) => `${at}.taints: expected the taint ${CLOUD_NAMES[cloud]} puts on ${on}, ${show(taint)}, got ${pool.taints.length === 0 ? 'none' : pool.taints.map(show).join(', ')}`);
}

/**
 * Every container image of the environment's data (a `{repository, tag}` anywhere in it: the Ray
 * images, a workload's), against what kubelet parses (`imageReferenceProblem`).
 */
function imageProblems(value: unknown, path: Segment[] = []): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => imageProblems(item, [...path, i]));
  // Plain data only: a Size or Cpu is a class instance, never an image.
  if (Object.getPrototypeOf(value) !== Object.prototype) return [];
  const { repository, tag } = value as { repository?: unknown; tag?: unknown };
  if (typeof repository === 'string' && typeof tag === 'string') {
    const problem = imageReferenceProblem(`${repository}:${tag}`);
    return problem ? [`${formatPath(path)}: expected ${IMAGE_REFERENCE_FORM}, got '${repository}:${tag}': ${problem}`] : [];
  }
  return Object.entries(value).flatMap(([key, child]) => imageProblems(child, [...path, key]));
}

/**
 * The external prerequisites as the referenced-objects policy reads them: each object declared
 * once, its keys unique and keys the API server accepts in a Secret or ConfigMap (a typo here
 * would pass every reference to the key it meant to list, or fail them all).
 */
function prerequisiteProblems(env: RayEnvironment): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  (env.externalPrerequisites ?? []).forEach((p, i) => {
    const id = `${p.kind} '${p.name}'`;
    const first = seen.get(id);
    if (first !== undefined) problems.push(`externalPrerequisites[${i}]: expected each object declared once, got ${id} again (first at externalPrerequisites[${first}])`);
    else seen.set(id, i);
    (p.keys ?? []).forEach((key, j) => {
      if (p.keys!.indexOf(key) !== j) problems.push(`externalPrerequisites[${i}].keys[${j}]: expected unique keys, got '${key}' again`);
      else if (!isConfigMapKey(key)) {
        problems.push(`externalPrerequisites[${i}].keys[${j}]: expected a key of at most 253 letters, digits, '-', '_' or '.' (not '.' or '..'), got '${key}'`);
      }
    });
  });
  return problems;
}

/** Values of storage and Argo CD settings that reach a manifest, against their formats. */
function valueProblems(env: RayEnvironment): string[] {
  const checks: [string, string | undefined][] = [
    ['storage.readWriteManyClass', env.storage.readWriteManyClass === undefined ? undefined : subdomainProblem(env.storage.readWriteManyClass)],
    ['storage.readWriteOnceClass', env.storage.readWriteOnceClass === undefined ? undefined : subdomainProblem(env.storage.readWriteOnceClass)],
    ['gitops.repoUrl', repoUrlProblem(env.gitops.repoUrl)],
    ['gitops.targetRevision', gitRevisionProblem(env.gitops.targetRevision)],
    ['gitops.destinationServer', httpUrlProblem(env.gitops.destinationServer)],
  ];
  return checks.filter(([, problem]) => problem !== undefined).map(([field, problem]) => `${field}: ${problem}`);
}

/**
 * Every environment synthesized together has its own name: the name is its folders
 * (`dist/<name>/`, `argocd/<name>/`) and its Argo CD Applications, so a second environment of
 * the same name (a copied environment file not renamed) would write over the first.
 * @throws EnvironmentError for the first name used twice, naming both positions in `environments`
 */
export function checkEnvironmentNames(environments: readonly { readonly name: string }[]): void {
  const first = new Map<string, number>();
  environments.forEach((env, i) => {
    const earlier = first.get(env.name);
    if (earlier !== undefined) {
      throw new EnvironmentError(env.name, [
        `name: expected a name no other environment has (it names dist/${env.name}/, argocd/${env.name}/ and the Argo CD Applications), got '${env.name}' for environments ${earlier + 1} and ${i + 1} of ${environments.map((e) => e.name).join(', ')}`,
      ]);
    }
    first.set(env.name, i);
  });
}

/**
 * Checks an environment's data, first against its TypeScript type at run time (unknown,
 * missing and mistyped fields: synth runs without a compiler), then its values; throws one
 * EnvironmentError listing every problem, each with the environment, the field path and what
 * was expected.
 */
export function checkEnvironment(env: EnvironmentDefinition): void {
  const typeProblems = checkValue(environmentSchema(), env);
  if (typeProblems.length > 0) {
    throw new EnvironmentError(environmentName(env), typeProblems.map((p) => `${p.path}: ${p.message}`));
  }
  const problems: string[] = [];
  for (const key of ['name', 'namespace'] as const) {
    if (!isDns1123Label(env[key])) problems.push(`${key}: expected ${DNS_1123_LABEL_FORM}, got '${env[key]}'`);
  }
  if (!RAY_VERSION.test(env.ray.version)) {
    // The image tags are judged against a valid version only: one mistake, one line.
    problems.push(`ray.version: expected a Ray release like 2.52.0, got '${env.ray.version}'`);
  } else {
    for (const key of ['image', 'gpuImage'] as const) {
      const tag = env.ray[key].tag;
      if (tag !== env.ray.version && !tag.startsWith(`${env.ray.version}-`)) {
        problems.push(`ray.${key}.tag: expected a tag starting with ray.version '${env.ray.version}', got '${tag}'`);
      }
    }
  }
  problems.push(...checkPools(env.nodePools));
  env.nodePools.forEach((pool, i) => {
    problems.push(...checkCloudLabels(`nodePools[${i}]`, env.cloud, pool));
    problems.push(...checkCloudTaints(`nodePools[${i}]`, env.cloud, pool));
  });
  if (env.singleNode && (env.nodePools.length !== 1 || env.nodePools[0].maxNodes !== 1)) {
    problems.push(`nodePools: expected a single pool of maxNodes 1 in a singleNode environment, got ${env.nodePools.length} pool(s) of ${env.nodePools.reduce((n, p) => n + p.maxNodes, 0)} node(s) in all`);
  }
  if (!env.singleNode && !env.storage.readWriteManyClass) {
    problems.push('storage.readWriteManyClass: expected a storage class that provides ReadWriteMany volumes (on a multi-node cluster, volumes shared by pods on several nodes need one), got none');
  }
  const rwxClass = env.storage.readWriteManyClass;
  const singleNode = !env.singleNode && rwxClass !== undefined ? singleNodeStorageClass(rwxClass) : undefined;
  if (singleNode) {
    problems.push(`storage.readWriteManyClass: expected a storage class that provides ReadWriteMany volumes (${RWX_CLASS_EXAMPLES}), got '${rwxClass}': ${singleNode}, so the shared claims stay Pending`);
  }
  problems.push(...valueProblems(env), ...prerequisiteProblems(env), ...imageProblems(env));
  if (problems.length > 0) {
    throw new EnvironmentError(env.name, problems);
  }
}
