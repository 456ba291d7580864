import type { EnvironmentDefinition } from '../src/app';
/**
 * `npm run test:e2e [-- env...]`: applies every environment's synthesized manifests to a real
 * control plane on loopback (scripts/control-plane/up.sh) with nodes shaped like its node pools, and checks that
 * the API server accepts every object, the KubeRay operator creates every Ray pod and the scheduler
 * puts each on the right kind of node; then the negative test (src/check-broken.ts).
 */
import { ENVIRONMENTS, environmentByName } from '../src/environments';
import { hasGpuPool } from '../src/environments/accelerators';
import { checkBrokenRejected } from './check-broken';
import { applyManifests, eachClusterAtMaxReplicas, placementLine, waitForPlacement } from './check-environment';
import { ControlPlane } from './control-plane';
import { withEnvironment } from './environment-cluster';
import { environmentManifests } from './manifests';

/**
 * Applies the environment, checks placement at the configured replica counts, then with each
 * RayCluster in turn at maxReplicas (see eachClusterAtMaxReplicas).
 */
async function checkEnvironment(plane: ControlPlane, env: EnvironmentDefinition): Promise<string[]> {
  const files = environmentManifests(env);
  const objects = files.flatMap((f) => f.objects);
  return withEnvironment(plane, env, () => objects, async (cluster) => {
    applyManifests(cluster, files);
    const configured = await waitForPlacement(cluster, objects).catch((error: Error) => {
      throw new Error(`at the configured replica counts: ${error.message}`);
    });
    return [
      `${objects.length} objects from ${files.length} files accepted`,
      `at the configured replica counts, ${configured.length} pods placed:`,
      ...configured.map(({ pod, state }) => placementLine(cluster, pod, state)),
      ...(await eachClusterAtMaxReplicas(cluster, objects)),
    ];
  });
}

/** One titled check against the shared control plane; returns report lines or throws. */
interface Check {
  readonly title: string;
  readonly run: (plane: ControlPlane) => Promise<string[]>;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

async function passes(check: Check, plane: ControlPlane): Promise<boolean> {
  const started = Date.now();
  console.log(`== ${check.title}`);
  try {
    const report = await check.run(plane);
    console.log([...report, `PASS ${check.title} (${seconds(started)})`].join('\n'));
    return true;
  } catch (error) {
    console.log(`${(error as Error).message}\nFAIL ${check.title} (${seconds(started)})`);
    return false;
  }
}

/**
 * One control plane serves every environment in turn (see environment-cluster.ts for how it is
 * emptied between them); after a failed check it is replaced, so that one failure cannot leave
 * objects behind that decide the next check.
 */
async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const envs = names.length ? names.map(environmentByName) : ENVIRONMENTS;
  const checks: Check[] = envs.map((env) => ({ title: `environment ${env.name}`, run: (plane) => checkEnvironment(plane, env) }));
  const gpuEnv = envs.find(hasGpuPool);
  if (gpuEnv) {
    checks.push({
      title: `broken configs on ${gpuEnv.name}: validator and scheduler both refuse`,
      run: (plane) => checkBrokenRejected(plane, gpuEnv, environmentManifests(gpuEnv)),
    });
  }

  const started = Date.now();
  let plane = ControlPlane.start('test');
  console.log(`control plane up in ${seconds(started)}`);
  let failed = 0;
  try {
    for (const check of checks) {
      if (await passes(check, plane)) continue;
      failed += 1;
      if (check === checks[checks.length - 1]) break;
      plane.stop();
      plane = ControlPlane.start('test');
    }
  } finally {
    plane.stop();
  }
  console.log(failed ? `${failed} of ${checks.length} cluster checks failed` : `all ${checks.length} cluster checks passed`);
  console.log(`cluster test took ${seconds(started)}`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: Error) => {
  // Bad arguments (an unknown environment) and a control plane that cannot start: one line, no stack.
  console.error(`test:e2e failed: ${error.message}`);
  process.exitCode = 2;
});
