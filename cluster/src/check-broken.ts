import { GpuNodePool, RayEnvironment } from '../../src/environments';
import { validateManifests } from '../../src/validation/validate';
import { brokenClusters } from './broken';
import { applyManifests } from './check-environment';
import { startEnvironmentCluster, sleep } from './environment-cluster';
import { ManifestFile } from './manifests';
import { podState } from './placement';
import { RAY_KINDS, podsOfGroup } from './ray-pods';

const VERDICT_TIMEOUT_MS = 60_000;

/**
 * The negative test: RayClusters broken on purpose (see broken.ts) must be rejected by our
 * validator and, applied anyway, be left Pending by the real scheduler with the reason we expect.
 * The environment's other objects (ServiceAccounts, ConfigMaps, ...) are applied first so that
 * the pods can be created at all; its Ray objects are left out so that nodes are empty.
 * Returns the report: per broken cluster, the validator's findings and the scheduler's verdict.
 */
export async function checkBrokenRejected(env: RayEnvironment & { gpuPool: GpuNodePool }, files: readonly ManifestFile[]): Promise<string[]> {
  const broken = brokenClusters(files.flatMap((f) => f.objects), env);
  const report = new Map<string, string[]>();

  for (const b of broken) {
    const groupPath = `spec.workerGroupSpecs[${b.group}]`;
    const findings = validateManifests([b.cluster], env).filter((f) => f.path.startsWith(groupPath));
    if (findings.length === 0) throw new Error(`validator accepted ${b.cluster.metadata.name} (${b.breakage})`);
    report.set(b.cluster.metadata.name, [
      `${b.cluster.metadata.name}: ${b.breakage}`,
      ...findings.map((f) => `  validator: ${f.rule} at ${f.path}: ${f.message}`),
    ]);
  }

  const cluster = await startEnvironmentCluster(env, `${env.name}-broken`);
  try {
    applyManifests(cluster, [
      ...files.map((f) => ({ ...f, objects: f.objects.filter((o) => !RAY_KINDS.has(o.kind)) })),
      { path: '(broken on purpose)', objects: broken.map((b) => b.cluster) },
    ]);
    const gpuResource = env.gpuPool.gpuResource;
    const deadline = Date.now() + VERDICT_TIMEOUT_MS;
    const judged = new Set<string>();
    while (judged.size < broken.length) {
      const pods = cluster.plane.list('pods');
      for (const b of broken) {
        const group = b.cluster.spec.workerGroupSpecs[b.group].groupName;
        for (const pod of podsOfGroup(pods, { cluster: b.cluster, group, pods: 1 })) {
          const state = podState(pod, cluster.nodeKinds, gpuResource);
          if (state.state === 'running' || state.state === 'misplaced') {
            throw new Error(`${b.cluster.metadata.name}: scheduler placed ${pod.metadata.name} on ${state.node} (${b.breakage})`);
          }
          if (state.state === 'unschedulable') {
            if (!b.schedulerSays.test(state.message)) {
              throw new Error(`${b.cluster.metadata.name}: expected the scheduler to say ${b.schedulerSays}, it said: ${state.message}`);
            }
            if (!judged.has(b.cluster.metadata.name)) {
              report.get(b.cluster.metadata.name)!.push(`  scheduler: ${pod.metadata.name} Pending, ${state.reason}: ${state.message}`);
            }
            judged.add(b.cluster.metadata.name);
          }
        }
      }
      if (Date.now() > deadline) {
        const waiting = broken.map((b) => b.cluster.metadata.name).filter((n) => !judged.has(n));
        throw new Error(`no scheduler verdict after ${VERDICT_TIMEOUT_MS / 1000} s for ${waiting.join(', ')}`);
      }
      await sleep(1000);
    }
    return [...report.values()].flat();
  } finally {
    cluster.plane.stop();
  }
}
