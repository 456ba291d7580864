/**
 * `npm run bench`: what validation costs on top of plain cdk8s synth, measured in one run on one
 * machine, and the developer's edit-synth loop. Prints a table and writes it into README.md
 * between the `bench:synth` markers (`--no-write` only prints).
 *
 * Baselines are measured in the same run, alternating with what they are compared to. "Synth" is
 * what `npm run synth` writes, the same way: cdk8s objects rendered by the project's YAML writer
 * and written over the previous files (`SynthOutput`).
 * - all environments: synth of every environment's workload (manifests and Serve config files)
 *   and Argo CD apps, against `synthToDist` (the environment data check, the same synth with
 *   every manifest file's text parsed once and validated, then written);
 * - N RayJobs with their own clusters: synth of one chart, against the same with the file's
 *   text parsed and validated before it is written;
 * - cost per RayJob: synth + validation per object with 1,000 RayJobs against 10.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Size, YamlOutputType } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { EnvironmentChart } from '../src/charts/environment-chart';
import { ENVIRONMENTS, environmentByName } from '../src/environments';
import { RayJob } from '../src/ray/ray-job';
import { readCharts, renderEnvironment, synthToDist } from '../src/synth';
import { SynthOutput } from '../src/synth-output';
import { severityOf } from '../src/validation/finding';
import { validateEnvironment } from '../src/validation/validate';
import { editSynthLoop } from './edit-synth-loop';
import { type Runs, pairedMedians, time } from './measure';
import { markdownTable, writeBetweenMarkers } from './readme-table';

const ROOT = join(__dirname, '..');
/** At least 5 alternating runs, more (up to 50) until each side has run 5 s: a stable median for small workloads too. */
const RUNS: Runs = { min: 5, forMs: 5000, max: 50 };
/** Fewer runs where one run takes seconds. */
const RUNS_LARGE: Runs = { min: 5, forMs: 0, max: 5 };
const EDIT_SYNTH_RUNS = 5;
const EDIT_SYNTH_BUDGET_MS = 6000;
const RATIO_GOAL = 1.5;

function jobsApp(count: number, outdir: string): App {
  const environment = environmentByName('gke');
  const app = new App({ outdir, outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });
  const chart = new EnvironmentChart(app, 'bench-jobs', { environment });
  for (let i = 0; i < count; i++) {
    new RayJob(chart, `Job${i}`, {
      environment,
      name: `bench-job-${i}`,
      entrypoint: `python -m ray_workloads.pipeline --input /data/dumps --output /data/out --shard ${i}/${count}`,
      cluster: {
        workerGroups: [
          { groupName: 'cpu', resources: { cpu: Cpu.units(2), memory: Size.gibibytes(4) }, minReplicas: 1, maxReplicas: 4 },
          { groupName: 'gpu', resources: { cpu: Cpu.units(3), memory: Size.gibibytes(12), gpus: 1 }, maxReplicas: 2 },
        ],
      },
    });
  }
  return app;
}

const ms = (value: number): string => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(value < 10 ? 2 : 0)} ms`);
const ratio = (value: number): string => `${value.toFixed(2)}×`;
const verdict = (value: number, goal: number): string => (value <= goal ? `≤ ${goal}× ✓` : `≤ ${goal}× ✗`);

const rows: string[][] = [];
function row(label: string, baseline: string, measured: string, r: string, goal: string, runs: number): void {
  rows.push([label, baseline, measured, r, goal, String(runs)]);
  console.log(`${label.padEnd(48)} ${baseline.padStart(10)} ${measured.padStart(10)} ${r.padStart(7)}  ${goal.padEnd(10)} ${runs}`);
}

const work = mkdtempSync(join(tmpdir(), 'ray-gitops-bench-'));
try {
  const machine = `${cpus().length} × ${cpus()[0].model}, node ${process.version}`;
  console.log(`machine: ${machine}; medians of alternating runs (runs per side in the last column); ratio: the median of the per-pair ratios`);
  const firstUse = time(() => synthToDist(ENVIRONMENTS, join(work, 'first', 'dist'), true));
  console.log(`first synth + validate in this process (schemas loaded and compiled): ${ms(firstUse)}\n`);
  console.log(`${'workload'.padEnd(48)} ${'baseline'.padStart(10)} ${'measured'.padStart(10)} ${'ratio'.padStart(7)}  ${'goal'.padEnd(10)} runs`);

  const all = pairedMedians(
    RUNS,
    () => {
      const output = new SynthOutput();
      for (const env of ENVIRONMENTS) renderEnvironment(env, join(work, 'plain', 'dist'), join(work, 'plain', 'argocd'), output);
      output.write();
    },
    // Throws on an error finding.
    () => synthToDist(ENVIRONMENTS, join(work, 'validated', 'dist'), true),
  );
  row(`all ${ENVIRONMENTS.length} environments (workloads + Argo CD)`, ms(all.baseline), ms(all.candidate), ratio(all.ratio), verdict(all.ratio, RATIO_GOAL), all.runs);

  const perJob = new Map<number, { ms: number; runs: number }>();
  for (const count of [10, 100, 1000]) {
    const env = environmentByName('gke');
    const jobs = pairedMedians(
      count >= 1000 ? RUNS_LARGE : RUNS,
      () => {
        const dir = join(work, `plain-${count}`);
        const output = new SynthOutput();
        output.addApp(dir, jobsApp(count, dir));
        output.write();
      },
      () => {
        const dir = join(work, `validated-${count}`);
        const output = new SynthOutput();
        output.addApp(dir, jobsApp(count, dir));
        const error = validateEnvironment(env, readCharts(dir, output.reader())).find((f) => severityOf(f) === 'error');
        if (error) throw new Error(`bench objects are invalid: ${error.message}`);
        output.write();
      },
    );
    perJob.set(count, { ms: jobs.candidate / count, runs: jobs.runs });
    row(`${count.toLocaleString('en-US')} RayJobs (gke, own clusters)`, ms(jobs.baseline), ms(jobs.candidate), ratio(jobs.ratio), verdict(jobs.ratio, RATIO_GOAL), jobs.runs);
  }
  const [ten, thousand] = [perJob.get(10)!, perJob.get(1000)!];
  const flat = thousand.ms / ten.ms;
  row('synth + validate per RayJob, 1,000 vs 10 RayJobs', ms(ten.ms), ms(thousand.ms), ratio(flat), verdict(flat, RATIO_GOAL), thousand.runs);

  const loop = editSynthLoop(ROOT, 'src/environments/local.ts', EDIT_SYNTH_RUNS);
  row('edit-synth loop: one-line edit of an environment file, then `npm run synth` (wall)', '', ms(loop), '', loop <= EDIT_SYNTH_BUDGET_MS ? `≤ ${EDIT_SYNTH_BUDGET_MS / 1000} s ✓` : `≤ ${EDIT_SYNTH_BUDGET_MS / 1000} s ✗`, EDIT_SYNTH_RUNS);

  const table = markdownTable(['workload', 'baseline: synth', 'synth + validate', 'ratio', 'goal', 'runs'], rows);
  const note = `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine}, load average ${loadavg()[0].toFixed(1)} at the end; medians of alternating runs (a ratio is the median of the ratios of each measured run to the baseline run just before it), at least ${RUNS.min} per side and more until each side has run ${RUNS.forMs / 1000} s, at most ${RUNS.max} (${RUNS_LARGE.min} for 1,000 RayJobs, ${EDIT_SYNTH_RUNS} edit-synth loops). First synth + validate in a process (schemas loaded and compiled): ${ms(firstUse)}.`;
  if (!process.argv.includes('--no-write')) {
    writeBetweenMarkers(join(ROOT, 'README.md'), 'bench:synth', `${note}\n\n${table}`);
    console.log('\nwrote the table into README.md');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
