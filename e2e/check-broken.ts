import type { EnvironmentDefinition } from '../src/app';
import { validateManifests } from '../src/validation/validate';
import { BrokenCluster, brokenClusters } from './broken';
import { applyManifests } from './check-environment';
import { ControlPlane } from './control-plane';
import { EnvironmentCluster, sleep, withEnvironment } from './environment-cluster';
import { ManifestFile } from './manifests';
import { podState } from './placement';
import { RAY_KINDS, podsOfGroup } from './ray-pods';

const VERDICT_TIMEOUT_MS = 60_000;

/** Our validator's findings inside the broken group; fails when there are none. */
function validatorVerdict(b: BrokenCluster, env: EnvironmentDefinition): string[] {
  const groupPath = `spec.workerGroupSpecs[${b.group}]`;
  const findings = validateManifests([b.cluster], env).filter((f) => f.path.startsWith(groupPath));
  if (findings.length === 0) throw new Error(`validator accepted ${b.cluster.metadata.name} (${b.breakage})`);
  return findings.map((f) => `  validator: ${f.rule} at ${f.path}: ${f.message}`);
}

/**
 * Waits for the scheduler to give up on each broken group's pod, and checks that it says what
 * `schedulerSays` expects. Returns the verdict line per broken cluster name.
 */
async function schedulerVerdicts(cluster: EnvironmentCluster, broken: readonly BrokenCluster[]): Promise<Map<string, string>> {
  const verdicts = new Map<string, string>();
  const deadline = Date.now() + VERDICT_TIMEOUT_MS;
  while (verdicts.size < broken.length) {
    const pods = cluster.plane.list('pods');
    for (const b of broken) {
      const name = b.cluster.metadata.name;
      const group = b.cluster.spec.workerGroupSpecs[b.group].groupName;
      for (const pod of podsOfGroup(pods, { cluster: b.cluster, group, pods: 1 })) {
        const state = podState(pod, cluster.nodes);
        if (state.state === 'running' || state.state === 'misplaced') {
          throw new Error(`${name}: the scheduler placed ${pod.metadata.name} on ${state.node} (${b.breakage})`);
        }
        if (state.state === 'unschedulable') {
          if (!b.schedulerSays.test(state.message)) {
            throw new Error(`${name}: expected the scheduler to say ${b.schedulerSays}, it said: ${state.message}`);
          }
          verdicts.set(name, `  scheduler: ${pod.metadata.name} Pending, ${state.reason}: ${state.message}`);
        }
      }
    }
    if (verdicts.size < broken.length && Date.now() > deadline) {
      const waiting = broken.map((b) => b.cluster.metadata.name).filter((n) => !verdicts.has(n));
      throw new Error(`no scheduler verdict after ${VERDICT_TIMEOUT_MS / 1000} s for ${waiting.join(', ')}`);
    }
    await sleep(1000);
  }
  return verdicts;
}

/**
 * The negative test: RayClusters broken on purpose (see broken.ts) must be rejected by our
 * validator and, applied anyway, be left Pending by the real scheduler with the reason we expect.
 * The environment's other objects (ServiceAccounts, ConfigMaps, ...) are applied first so that
 * the pods can be created at all; its Ray objects are left out so that the nodes are empty.
 * Returns the report: per broken cluster, the validator's findings and the scheduler's verdict.
 */
export async function checkBrokenRejected(
  plane: ControlPlane,
  env: EnvironmentDefinition,
  files: readonly ManifestFile[],
): Promise<string[]> {
  const broken = brokenClusters(files.flatMap((f) => f.objects), env);
  const validator = broken.map((b) => validatorVerdict(b, env));
  const applied = [
    ...files.map((f) => ({ ...f, objects: f.objects.filter((o) => !RAY_KINDS.has(o.kind)) })),
    { path: '(broken on purpose)', objects: broken.map((b) => b.cluster) },
  ];
  const scheduler = await withEnvironment(plane, env, () => applied.flatMap((f) => f.objects), async (cluster) => {
    applyManifests(cluster, applied);
    return schedulerVerdicts(cluster, broken);
  });
  return broken.flatMap((b, i) => [`${b.cluster.metadata.name}: ${b.breakage}`, ...validator[i], scheduler.get(b.cluster.metadata.name)!]);
}
