import type { EnvironmentDefinition } from '../src/app';
/**
 * `npm run test:e2e [-- env...] [--environment-file module.ts...]`: applies every environment's
 * synthesized manifests (the committed ones, or a temporary synth of environments from modules
 * the repository does not list, e.g. test/fixtures/environments/fleet.ts) to a real
 * control plane on loopback (scripts/control-plane/up.sh) with nodes shaped like its node pools, and checks that
 * the API server accepts every object, the KubeRay operator creates every Ray pod and the scheduler
 * puts each on the right kind of node; then the negative test (src/check-broken.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { ENVIRONMENTS, environmentByName } from '../src/environments';
import { hasGpuPool } from '../src/environments/accelerators';
import { errorReport } from '../src/error-report';
import { synthToDist } from '../src/synth';
import { formatFinding } from '../src/validation/validate';
import { checkBrokenRejected } from './check-broken';
import { applyManifests, eachClusterAtMaxReplicas, placementLine, waitForPlacement } from './check-environment';
import { ControlPlane } from './control-plane';
import { withEnvironment } from './environment-cluster';
import { OutputDirs, REPOSITORY_OUTPUT, environmentManifests } from './manifests';

/**
 * Applies the environment, checks placement at the configured replica counts, then with each
 * RayCluster in turn at maxReplicas (see eachClusterAtMaxReplicas).
 */
async function checkEnvironment(plane: ControlPlane, env: EnvironmentDefinition, output: OutputDirs): Promise<string[]> {
  const files = environmentManifests(env, output);
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
/** An environment to check, and where its synthesized files are. */
interface Target {
  readonly env: EnvironmentDefinition;
  readonly output: OutputDirs;
}

/**
 * Environments from modules outside src/environments (a test fixture, a new cloud's draft):
 * each module's default export is an environment definition or a list of them. They are
 * synthesized and validated (errors fail, warnings print) into `dir`, as `npm run synth` does.
 */
async function environmentsFromFiles(files: readonly string[], dir: string): Promise<Target[]> {
  const envs: EnvironmentDefinition[] = [];
  for (const file of files) {
    const loaded = ((await import(resolve(file))) as { default?: EnvironmentDefinition | EnvironmentDefinition[] }).default;
    if (!loaded) throw new Error(`${file}: expected a default export with an environment definition (or a list of them), got none`);
    envs.push(...(Array.isArray(loaded) ? loaded : [loaded]));
  }
  if (envs.length === 0) return [];
  const output = { dist: join(dir, 'dist'), argocd: join(dir, 'argocd') };
  const started = Date.now();
  const warnings = synthToDist(envs, output.dist, true, output.argocd);
  console.log(`synthesized and validated ${envs.map((e) => e.name).join(', ')} from ${files.join(', ')} in ${seconds(started)}${warnings.length ? ':' : ''}`);
  if (warnings.length) console.log(warnings.map(formatFinding).join('\n'));
  return envs.map((env) => ({ env, output }));
}

async function main(): Promise<void> {
  const program = new Command()
    .name('test:e2e')
    .argument('[environments...]', `committed environments to check (${ENVIRONMENTS.map((e) => e.name).join(', ')}); all when none is named and no --environment-file is given`)
    .option('--environment-file <files...>', 'modules whose default export is an environment definition (or a list): synthesized into a temporary folder and checked too')
    .parse();
  const names = program.args;
  const files: string[] = program.opts().environmentFile ?? [];
  const scratch = mkdtempSync(join(tmpdir(), 'ray-gitops-e2e-'));
  try {
    const committed = names.length || files.length ? names.map(environmentByName) : ENVIRONMENTS;
    const targets: Target[] = [...committed.map((env) => ({ env, output: REPOSITORY_OUTPUT })), ...(await environmentsFromFiles(files, scratch))];
    process.exitCode = await runChecks(targets);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs every target's check, then the negative test on the first GPU environment; returns the exit status. */
async function runChecks(targets: readonly Target[]): Promise<number> {
  const checks: Check[] = targets.map(({ env, output }) => ({ title: `environment ${env.name}`, run: (plane) => checkEnvironment(plane, env, output) }));
  const gpu = targets.find((t) => hasGpuPool(t.env));
  if (gpu) {
    checks.push({
      title: `broken configs on ${gpu.env.name}: validator and scheduler both refuse`,
      run: (plane) => checkBrokenRejected(plane, gpu.env, environmentManifests(gpu.env, gpu.output)),
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
  return failed ? 1 : 0;
}

main().catch((error: unknown) => {
  // Bad arguments (an unknown environment) and a control plane that cannot start: one line, no stack.
  console.error(`test:e2e failed: ${errorReport(error)}`);
  process.exitCode = 2;
});
