import type { EnvironmentDefinition } from '../app';
import { checkValue } from '../schema/check-value';
import { JsonSchema, typeSchema } from '../schema/type-schema';
import { isDns1123Label } from '../k8s/names';
import { gitRevisionProblem, httpUrlProblem, repoUrlProblem, subdomainProblem } from '../k8s/value-rules';
import { CloudProvider, NodePool, RayEnvironment, TaintEffect } from './types';

const RAY_VERSION = /^\d+\.\d+\.\d+$/;

/** A problem in an environment's data, before any chart is built. */
export class EnvironmentError extends Error {
  constructor(environment: string, public readonly problems: readonly string[]) {
    super(problems.map((p) => `environment '${environment}': ${p}`).join('\n'));
    this.name = 'EnvironmentError';
  }
}

/** The environment's name for messages, even when `name` itself is what is wrong. */
function environmentName(env: unknown): string {
  const name = (env as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : String(name);
}

function checkPool(at: string, pool: NodePool, gpu: boolean): string[] {
  const problems: string[] = [];
  const s = pool.shape;
  if (!(s.cpu > 0)) problems.push(`${at}.shape.cpu: expected > 0, got ${s.cpu}`);
  if (!(s.reservedCpu >= 0 && s.reservedCpu < s.cpu)) {
    problems.push(`${at}.shape.reservedCpu: expected 0 <= reservedCpu < cpu (${s.cpu}), got ${s.reservedCpu}`);
  }
  if (!(s.reservedMemory.toMebibytes() < s.memory.toMebibytes())) {
    problems.push(`${at}.shape.reservedMemory: expected less than memory (${s.memory.toGibibytes()}Gi)`);
  }
  if (gpu ? !(Number.isInteger(s.gpus) && s.gpus >= 1) : s.gpus !== 0) {
    problems.push(`${at}.shape.gpus: expected ${gpu ? 'a whole number >= 1 on a GPU pool' : '0 on the CPU pool'}, got ${s.gpus}`);
  }
  if (!(Number.isInteger(pool.maxNodes) && pool.maxNodes >= 1)) {
    problems.push(`${at}.maxNodes: expected a whole number >= 1, got ${pool.maxNodes}`);
  }
  for (const [key, value] of Object.entries(pool.nodeSelector)) {
    if (pool.labels[key] !== value) {
      problems.push(`${at}.nodeSelector.${key}: '${value}' must be one of the pool's labels (labels.${key} is '${pool.labels[key] ?? 'unset'}')`);
    }
  }
  const effects = Object.values(TaintEffect) as string[];
  pool.taints.forEach((t, i) => {
    if (!effects.includes(t.effect)) problems.push(`${at}.taints[${i}].effect: expected one of ${effects.join(', ')}, got '${t.effect}'`);
  });
  return problems;
}

/**
 * GKE taints every node pool with GPUs `nvidia.com/gpu=present:NoSchedule` (and so does its
 * device plugin's admission: https://cloud.google.com/kubernetes-engine/docs/how-to/gpus);
 * pods get the matching toleration from the pool's taints, so a pool declared without it
 * would generate pods that never schedule there.
 */
function checkGkeGpuTaint(at: string, pool: NodePool): string[] {
  const present = pool.taints.some((t) => t.key === 'nvidia.com/gpu' && t.value === 'present' && t.effect === TaintEffect.NO_SCHEDULE);
  if (present) return [];
  const got = pool.taints.length === 0 ? 'none' : pool.taints.map((t) => `${t.key}${t.value === undefined ? '' : `=${t.value}`}:${t.effect}`).join(', ');
  return [`${at}.taints: expected the taint GKE puts on every GPU node pool, nvidia.com/gpu=present:NoSchedule, got ${got}`];
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
 * The run-time schema of environment data (`EnvironmentDefinition`: the environment and its
 * workloads, with every chart's options type among its definitions), generated from the types.
 */
export function environmentSchema(): JsonSchema {
  return typeSchema('src/app.ts', 'EnvironmentDefinition');
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
  if (!isDns1123Label(env.name)) problems.push(`name: '${env.name}' must be a DNS label`);
  if (!isDns1123Label(env.namespace)) problems.push(`namespace: '${env.namespace}' must be a DNS label`);
  if (!RAY_VERSION.test(env.ray.version)) problems.push(`ray.version: '${env.ray.version}' must be a Ray release like 2.52.0`);
  for (const key of ['image', 'gpuImage'] as const) {
    const tag = env.ray[key].tag;
    if (tag !== env.ray.version && !tag.startsWith(`${env.ray.version}-`)) {
      problems.push(`ray.${key}.tag: '${tag}' must start with ray.version '${env.ray.version}'`);
    }
  }
  problems.push(...checkPool('cpuPool', env.cpuPool, false));
  if (env.gpuPool) problems.push(...checkPool('gpuPool', env.gpuPool, true));
  if (env.gpuPool && env.cloud === CloudProvider.GKE) problems.push(...checkGkeGpuTaint('gpuPool', env.gpuPool));
  if (env.singleNode && env.cpuPool.maxNodes !== 1) {
    problems.push(`cpuPool.maxNodes: a singleNode environment has exactly 1 node, got ${env.cpuPool.maxNodes}`);
  }
  if (!env.singleNode && !env.storage.readWriteManyClass) {
    problems.push('storage.readWriteManyClass: required on multi-node clusters (volumes shared by pods on several nodes need ReadWriteMany)');
  }
  problems.push(...valueProblems(env));
  if (problems.length > 0) {
    throw new EnvironmentError(env.name, problems);
  }
}
