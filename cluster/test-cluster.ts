/**
 * `npm run test:cluster [-- env...]`: applies every environment's synthesized manifests to a real
 * control plane on loopback (cluster/up.sh) with nodes shaped like its node pools, and checks that
 * the API server accepts every object, the KubeRay operator creates every Ray pod and the scheduler
 * puts each on the right kind of node; then the negative test (src/check-broken.ts). Each
 * environment gets a fresh control plane (fresh etcd): about 15 s more per environment than
 * reusing one, and no object or node of one environment can make another pass or fail.
 */
import { ENVIRONMENTS, GpuNodePool, RayEnvironment, environmentByName } from '../src/environments';
import { checkBrokenRejected } from './src/check-broken';
import { applyManifests, waitForPlacement } from './src/check-environment';
import { startEnvironmentCluster } from './src/environment-cluster';
import { environmentManifests } from './src/manifests';

async function checkEnvironment(env: RayEnvironment): Promise<string[]> {
  const files = environmentManifests(env);
  const cluster = await startEnvironmentCluster(env);
  try {
    applyManifests(cluster, files);
    const pods = await waitForPlacement(cluster, files.flatMap((f) => f.objects));
    const objects = files.reduce((n, f) => n + f.objects.length, 0);
    return [
      `${objects} objects from ${files.length} files accepted; ${pods.length} pods placed:`,
      ...pods.map(({ pod, state }) => {
        const node = state.state === 'running' ? state.node : '?';
        return `  ${pod.metadata.namespace}/${pod.metadata.name} -> ${node} (${cluster.nodeKinds.get(node)})`;
      }),
    ];
  } finally {
    cluster.plane.stop();
  }
}

async function step(title: string, run: () => Promise<string[]>): Promise<boolean> {
  const started = Date.now();
  console.log(`== ${title}`);
  try {
    const report = await run();
    console.log([...report, `PASS ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`].join('\n'));
    return true;
  } catch (error) {
    console.log(`${(error as Error).message}\nFAIL ${title} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return false;
  }
}

async function main(): Promise<void> {
  const names = process.argv.slice(2);
  const envs = names.length ? names.map(environmentByName) : ENVIRONMENTS;
  const results: boolean[] = [];
  for (const env of envs) results.push(await step(`environment ${env.name}`, () => checkEnvironment(env)));

  const gpuEnv = envs.find((e): e is RayEnvironment & { gpuPool: GpuNodePool } => e.gpuPool !== undefined);
  if (gpuEnv) {
    results.push(
      await step(`broken configs on ${gpuEnv.name}: validator and scheduler both refuse`, () =>
        checkBrokenRejected(gpuEnv, environmentManifests(gpuEnv)),
      ),
    );
  }
  const failed = results.filter((ok) => !ok).length;
  console.log(failed ? `${failed} of ${results.length} cluster checks failed` : `all ${results.length} cluster checks passed`);
  process.exitCode = failed ? 1 : 0;
}

void main();
